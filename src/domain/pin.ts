import { HouseholdError } from './errors.js';

/** Exactly four ASCII digits: not other Unicode digits, no spaces. */
const PIN = /^[0-9]{4}$/;

export function isPinFormat(value: string): boolean {
  return PIN.test(value);
}

/** `what` names the PIN in the message: "the new PIN", "alice's current PIN". */
export function validatePinFormat(value: string, what: string): void {
  if (!isPinFormat(value)) {
    throw new HouseholdError('INVALID_PIN', `${what} must be exactly 4 digits (0-9)`);
  }
}

/**
 * An argon2id hash, made with the hasher's parameters (19 MiB, 2 passes, 1 lane), of a secret that is
 * not 4 digits, so no PIN matches it. Where a PIN has nothing to be checked against (an unknown account,
 * or one without a PIN, named by PAM), it is checked against this: the refusal then costs the same
 * argon2 run as a wrong PIN, and its time does not tell which it was.
 */
export const NO_PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$K8zpguNYJ0Ag0iOJjYJeuA$q/7j72AZAEtZnIVKUbDEz2Lg1jKLUt6SzEJu74Pqop0';
