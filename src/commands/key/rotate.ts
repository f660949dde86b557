import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { keyFileOf } from './usage.js';

/**
 * Adds a new key to the store's key file; the newest makes every new hash, and each hash made with an
 * older key is made again with it at its next right proof (`household key prune` then removes the old).
 */
export async function keyRotateRun(ctx: Context): Promise<void> {
  const keyFile = keyFileOf(await ctx.store.read());
  const keys = await ctx.keys.read(keyFile);
  const key = await ctx.keys.generate(keys.map((old) => old.id));
  await ctx.keys.replace(keyFile, [...keys, key]);
  await ctx.store.update((_household, audit) => audit.event({ command: 'key rotate', account: null, outcome: 'ok', exit: 0, details: { keyFile, keyId: key.id } }));
  ctx.io.result({ keyFile, keyId: key.id, keys: keys.length + 1 }, `added key ${key.id} to ${keyFile}; it makes every new hash from now on`);
}

export const command: CommandSpec<undefined> = {
  description: 'add a new key to the key file: it makes every new hash, and older hashes are made again with it at their next right proof',
  parse: () => undefined,
  run: keyRotateRun,
};
