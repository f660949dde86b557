import { HouseholdError } from '../../domain/errors.js';
import { newestKey } from '../../domain/keys.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { hashesIn, keyFileOf } from './usage.js';

const secretName = { pin: 'PIN', password: 'password', recovery: 'recovery codes' } as const;

/**
 * Removes the keys older than the newest, once no hash names them; refused (77), naming the accounts,
 * while one still does. Each such PIN or password hash is made again with the newest key at its next
 * right proof; recovery codes are never made again (they are used up), so a set made with an older key
 * holds it until `recovery codes` makes a new set, or until its last code is used.
 */
export async function keyPruneRun(ctx: Context): Promise<void> {
  const household = await ctx.store.read();
  const keyFile = keyFileOf(household);
  const keys = await ctx.keys.read(keyFile);
  const newest = newestKey(keys);
  const old = keys.filter((key) => key !== newest);
  const users = hashesIn(household).filter((hash) => old.some((key) => key.id === hash.keyId));
  if (users.length > 0) {
    const named = users.map((hash) => `${hash.account}'s ${secretName[hash.kind]}`).join(', ');
    const codes = users.some((hash) => hash.kind === 'recovery');
    const error = new HouseholdError(
      'REFUSED',
      `an older key is still in use, by ${named}; nothing was removed`,
      codes
        ? (household) => `each PIN or password is made again with the newest key at its next right proof (or set it anew), recovery codes by a new set (${household} recovery codes); then prune again`
        : 'each is made again with the newest key at its next right PIN or password (or set it anew), then prune again',
    );
    await ctx.store.update((_household, audit) => audit.event({ command: 'key prune', account: null, outcome: error.code, exit: error.exitCode, details: { keyFile, inUse: users.map(({ account, kind }) => ({ account, kind })) } }));
    throw error;
  }
  const removed = old.map((key) => key.id);
  if (removed.length > 0) {
    // Read again just before the write: a key added meanwhile (rotate) stays.
    const now = await ctx.keys.read(keyFile);
    await ctx.keys.replace(keyFile, now.filter((key) => !removed.includes(key.id)));
  }
  await ctx.store.update((_household, audit) => audit.event({ command: 'key prune', account: null, outcome: 'ok', exit: 0, details: { keyFile, removed } }));
  ctx.io.result({ keyFile, removed, kept: newest.id }, removed.length > 0 ? `removed ${removed.length === 1 ? 'key' : 'keys'} ${removed.join(', ')} from ${keyFile}; kept ${newest.id}` : `nothing to remove: ${keyFile} holds only the newest key, ${newest.id}`);
}

export const command: CommandSpec<undefined> = {
  description: 'remove the keys older than the newest; refused (77, naming the accounts) while a hash still needs one',
  parse: () => undefined,
  run: keyPruneRun,
};
