import type { Account } from './accounts.js';
import { HouseholdError } from './errors.js';

/**
 * The admin's recovery codes (v3): the way back for a forgotten admin password. Ten single-use codes,
 * each 10 characters from an alphabet without look-alikes (no 0/o, 1/l/i): 31^10, about 50 bits.
 * Shown `xxxxx-xxxxx`; typed with or without the dash, in either case. Stored only as argon2id hashes
 * of the 10 characters in lower case, by number (1-10); a used or revoked code is null.
 */
export const RECOVERY_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODE_LENGTH = 10;

const CODE = new RegExp(`^[${RECOVERY_ALPHABET}]{${RECOVERY_CODE_LENGTH}}$`);

/** A code as a person is shown it: `xxxxx-xxxxx`. */
export function showRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * A typed code in the form its hash was made of (10 characters, lower case), or 65 when it cannot be a
 * code at all (not counted, like a PIN that is not 4 digits). The message never quotes what was typed.
 */
export function normalizeRecoveryCode(typed: string): string {
  const trimmed = typed.trim().toLowerCase();
  const code = trimmed.length === RECOVERY_CODE_LENGTH + 1 && trimmed[5] === '-' ? trimmed.slice(0, 5) + trimmed.slice(6) : trimmed;
  if (!CODE.test(code)) {
    throw new HouseholdError(
      'INVALID_INPUT',
      `a recovery code is ${RECOVERY_CODE_LENGTH} letters and digits, shown as xxxxx-xxxxx (without 0, 1, i, l or o); nothing was changed`,
      'type it as init or recovery codes printed it; the dash and the case do not matter',
    );
  }
  return code;
}

/** How many of the admin's codes can still be used. */
export function recoveryCodesLeft(account: Pick<Account, 'recoveryCodes'>): number {
  return (account.recoveryCodes ?? []).filter((hash) => hash !== null).length;
}

/** The unused codes' hashes with their numbers (1-10). */
export function unusedRecoveryCodes(account: Pick<Account, 'recoveryCodes'>): Array<{ number: number; hash: string }> {
  return (account.recoveryCodes ?? []).flatMap((hash, index) => (hash === null ? [] : [{ number: index + 1, hash }]));
}
