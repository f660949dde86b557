import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { keysFor } from '../proof.js';
import { hashCount, hashesIn } from './usage.js';

export interface KeyStatus {
  keyFile: string | null;
  keys: Array<{ id: string; hashes: number }>;
  unkeyed: number;
}

/**
 * The store's key file, its keys (oldest first, the newest last) with how many hashes each made, and how
 * many hashes were made without a key: a PIN or a password is one hash, each unused recovery code one
 * more (a new store's key made twelve with a PIN: the password, the PIN and ten codes). Never a key byte.
 * A key file that cannot be read is 78.
 */
export async function keyStatusRun(ctx: Context): Promise<void> {
  const household = await ctx.store.read();
  const hashes = hashesIn(household);
  const ring = await keysFor(ctx, household.keyFile, []);
  const status: KeyStatus = {
    keyFile: household.keyFile ?? null,
    keys: (ring?.keys ?? []).map((key) => ({ id: key.id, hashes: hashCount(hashes, key.id) })),
    unkeyed: hashCount(hashes, undefined),
  };
  // A hash naming a key the file does not hold is refused at its check; here it is named.
  const missing = [...new Set(hashes.map((hash) => hash.keyId).filter((id) => id !== undefined && !status.keys.some((key) => key.id === id)))];
  const count = (n: number) => `${n} ${n === 1 ? 'hash' : 'hashes'}`;
  const pairs: Array<[string, string]> = [['key file', status.keyFile ?? 'none (household key init makes one)']];
  status.keys.forEach((key, i) => pairs.push([`key ${key.id}`, `${count(key.hashes)}${i === status.keys.length - 1 ? ' (newest: makes every new hash)' : ''}`]));
  for (const id of missing) pairs.push([`key ${id}`, 'missing from the key file: the hashes made with it cannot be checked']);
  pairs.push(['without a key', count(status.unkeyed)]);
  ctx.io.fields(pairs, status);
}

export const command: CommandSpec<undefined> = {
  description: 'the key file, its keys (the newest last) with how many hashes each made, and how many hashes have no key',
  help: '--json: {"keyFile", "keys": [{"id", "hashes"}], "unkeyed"}. No key byte is ever shown.',
  parse: () => undefined,
  run: keyStatusRun,
};
