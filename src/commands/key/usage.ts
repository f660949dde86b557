import { resolve } from 'node:path';
import type { Household, SecretKind } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import type { OptionSpec } from '../spec.js';

/** Every hash in the household with the key it names (undefined: made without a key). */
export function hashesIn(household: Household): Array<{ account: string; kind: SecretKind; keyId: string | undefined }> {
  const found: Array<{ account: string; kind: SecretKind; keyId: string | undefined }> = [];
  for (const account of household.accounts) {
    if (account.pinHash !== null) found.push({ account: account.name, kind: 'pin', keyId: account.pinKeyId });
    if (account.passwordHash !== null) found.push({ account: account.name, kind: 'password', keyId: account.passwordKeyId });
  }
  return found;
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

/** `--key PATH`, as init and key init take it. */
export const KEY_OPTION: OptionSpec = {
  flags: '--key <path>',
  description: 'where the key file goes (default: $XDG_CONFIG_HOME/household/<store file name>.key)',
  completes: 'files',
};
