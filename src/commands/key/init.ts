import { HouseholdError } from '../../domain/errors.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { discardUnlessNamed, KEY_OPTION, keyPath } from './usage.js';

export interface KeyInitOptions {
  /** Where the key file goes (absolute); by default `$XDG_CONFIG_HOME/household/<store file name>.key`. */
  key?: string;
}

function hasOne(path: string): HouseholdError {
  return new HouseholdError('CANNOT_CREATE', `the store already has a key file: ${path}`, (household) => `${household} key rotate adds a new key to it`);
}

/**
 * Gives a store made without a key (version 2) a key file. Its hashes stay as they are, and each is
 * made again with the key at its next right proof.
 */
export async function keyInitRun(ctx: Context, opts: KeyInitOptions): Promise<void> {
  const household = await ctx.store.read();
  if (household.keyFile !== undefined) throw hasOne(household.keyFile);
  const keyFile = opts.key ?? ctx.keys.defaultPath(await ctx.store.location());
  // Stryker disable next-line ArrayDeclaration: the ids a new key must not take; a made-up string is no key id, so none is taken either way
  const key = await ctx.keys.generate([]);
  await ctx.keys.create(keyFile, [key]);
  try {
    await ctx.store.update((household, audit) => {
      if (household.keyFile !== undefined) throw hasOne(household.keyFile);
      household.keyFile = keyFile;
      audit.change({ command: 'key init', account: null, outcome: 'ok', exit: 0, details: { keyFile, keyId: key.id } });
    });
  } catch (error) {
    await discardUnlessNamed(ctx, keyFile);
    throw error;
  }
  ctx.io.result({ keyFile, keyId: key.id }, `created the key file ${keyFile} (key ${key.id}); back it up apart from the store`);
}

export const command: CommandSpec<KeyInitOptions, [], { key?: string }> = {
  description: 'give a store made without a key a key file; its hashes are made again with the key at their next right proof',
  options: [KEY_OPTION],
  parse: ({ flags, cwd }) => ({ key: keyPath(flags.key, cwd) }),
  run: keyInitRun,
};
