import { HouseholdError } from '../../domain/errors.js';
import { newestKey } from '../../domain/keys.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { hashesIn, keyFileOf, type KeyedSecret } from './usage.js';

const secretName = { pin: 'PIN', password: 'password', recovery: 'recovery codes' } as const;

/**
 * Removes the keys older than the newest, once no hash names them; refused (77), naming the accounts,
 * while one still does. Each such PIN or password hash is made again with the newest key at its next
 * right proof; recovery codes are never made again (they are used up), so a set made with an older key
 * holds it until `recovery codes` makes a new set, or until its last code is used.
 */
export async function keyPruneRun(ctx: Context): Promise<void> {
  // Under the store's lock: the hashes looked at are all there are until the keys are replaced (a hash
  // made meanwhile with an old key is written under the same lock, after this, and checks its key is held).
  const outcome = await ctx.store.update(async (household, audit) => {
    const keyFile = keyFileOf(household);
    const keys = await ctx.keys.read(keyFile);
    const newest = newestKey(keys);
    const old = keys.filter((key) => key !== newest);
    const users = hashesIn(household).filter((hash) => old.some((key) => key.id === hash.keyId));
    if (users.length > 0) {
      const error = stillInUse(users);
      audit.event({ command: 'key prune', account: null, outcome: error.code, exit: error.exitCode, details: { keyFile, inUse: users.map(({ account, kind }) => ({ account, kind })) } });
      return { refused: error } as const;
    }
    const removed = old.map((key) => key.id);
    if (removed.length > 0) await ctx.keys.replace(keyFile, [newest]);
    audit.event({ command: 'key prune', account: null, outcome: 'ok', exit: 0, details: { keyFile, removed } });
    return { keyFile, removed, kept: newest.id } as const;
  });
  if ('refused' in outcome) throw outcome.refused;
  const { keyFile, removed, kept } = outcome;
  ctx.io.result({ keyFile, removed, kept }, removed.length > 0 ? `removed ${removed.length === 1 ? 'key' : 'keys'} ${removed.join(', ')} from ${keyFile}; kept ${kept}` : `nothing to remove: ${keyFile} holds only the newest key, ${kept}`);
}

/** 77 naming the secrets whose hashes still need an older key, and how each gets the newest. */
function stillInUse(users: KeyedSecret[]): HouseholdError {
  const named = users.map((hash) => `${hash.account}'s ${secretName[hash.kind]}`).join(', ');
  const codes = users.some((hash) => hash.kind === 'recovery');
  return new HouseholdError(
    'REFUSED',
    `an older key is still in use, by ${named}; nothing was removed`,
    codes
      ? (household) => `each PIN or password is made again with the newest key at its next right proof (or set it anew), recovery codes by a new set (${household} recovery codes); then prune again`
      : 'each is made again with the newest key at its next right PIN or password (or set it anew), then prune again',
  );
}

export const command: CommandSpec<undefined> = {
  description: 'remove the keys older than the newest; refused (77, naming the accounts) while a hash still needs one',
  parse: () => undefined,
  run: keyPruneRun,
};
