import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { keyFileOf } from './usage.js';

/**
 * Adds a new key to the store's key file; the newest makes every new hash, and each hash made with an
 * older key is made again with it at its next right proof (`household key prune` then removes the old).
 */
export async function keyRotateRun(ctx: Context): Promise<void> {
  // Under the store's lock: two rotates, or a rotate and a prune, each read the keys the other wrote,
  // and no hash is written meanwhile with a key that this leaves out.
  const { keyFile, key, count } = await ctx.store.update(async (household, audit) => {
    const keyFile = keyFileOf(household);
    const keys = await ctx.keys.read(keyFile);
    const key = await ctx.keys.generate(keys.map((old) => old.id));
    await ctx.keys.replace(keyFile, [...keys, key]);
    audit.event({ command: 'key rotate', account: null, outcome: 'ok', exit: 0, details: { keyFile, keyId: key.id } });
    return { keyFile, key, count: keys.length + 1 };
  });
  ctx.io.result({ keyFile, keyId: key.id, keys: count }, `added key ${key.id} to ${keyFile}; it makes every new hash from now on`);
}

export const command: CommandSpec<undefined> = {
  description: 'add a new key to the key file: it makes every new hash, and older hashes are made again with it at their next right proof',
  parse: () => undefined,
  run: keyRotateRun,
};
