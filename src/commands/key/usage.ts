import { resolve } from 'node:path';
import type { Household, LockoutKind } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { recoveryCodesLeft } from '../../domain/recovery.js';
import type { Context } from '../context.js';
import type { OptionSpec } from '../spec.js';

/** A secret of an account whose hashes need a key: a PIN, a password, or the admin's unused recovery codes. */
export interface KeyedSecret {
  account: string;
  kind: LockoutKind;
  /** The key its hashes were made with; undefined: made without a key. */
  keyId: string | undefined;
  /** How many hashes: 1 for a PIN or a password, the number of unused codes for recovery codes. */
  hashes: number;
}

/**
 * Every secret in the household that has a hash, with the key it names. A set of recovery codes names
 * one key for all its codes and counts one hash per unused code; once every code is used up nothing
 * needs its key, so it is not listed.
 */
export function hashesIn(household: Household): KeyedSecret[] {
  const found: KeyedSecret[] = [];
  for (const account of household.accounts) {
    if (account.pinHash !== null) found.push({ account: account.name, kind: 'pin', keyId: account.pinKeyId, hashes: 1 });
    if (account.passwordHash !== null) found.push({ account: account.name, kind: 'password', keyId: account.passwordKeyId, hashes: 1 });
    const codes = recoveryCodesLeft(account);
    if (codes > 0) found.push({ account: account.name, kind: 'recovery', keyId: account.recoveryKeyId, hashes: codes });
  }
  return found;
}

/** How many hashes of `secrets` were made with the key `keyId` (undefined: without a key). */
export function hashCount(secrets: readonly KeyedSecret[], keyId: string | undefined): number {
  return secrets.filter((secret) => secret.keyId === keyId).reduce((sum, secret) => sum + secret.hashes, 0);
}

/** The key file a store names, or 77 when it names none. */
export function keyFileOf(household: Household): string {
  if (household.keyFile === undefined) {
    throw new HouseholdError('REFUSED', 'the store has no key file', (household) => `give it one with: ${household} key init`);
  }
  return household.keyFile;
}

/** --key PATH, absolute (relative to the folder the command runs in); 64 for an empty one. */
export function keyPath(path: string | undefined, cwd: string): string | undefined {
  if (path === undefined) return undefined;
  if (path === '') throw new HouseholdError('USAGE', '--key needs a path');
  return resolve(cwd, path);
}

/**
 * After a failed write, takes away the key file init or key init just made, unless the store names it
 * after all (written, but its folder not flushed). A store that cannot be read to tell keeps it; no store
 * at all (init's was never made) does not.
 */
export async function discardUnlessNamed(ctx: Context, keyFile: string): Promise<void> {
  const named = await ctx.store.read().then(
    (household) => household.keyFile === keyFile,
    (error) => !(error instanceof HouseholdError && error.code === 'NO_STORE'),
  );
  if (!named) await ctx.keys.discard(keyFile);
}

/** `--key PATH`, as init and key init take it. */
export const KEY_OPTION: OptionSpec = {
  flags: '--key <path>',
  description: 'where the key file goes (default: $XDG_CONFIG_HOME/household/<store file name>.key)',
  completes: 'files',
};
