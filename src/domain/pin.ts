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
 * The twenty most common 4-digit PINs (DataGenetics, 3.4 million PINs), as the contract lists them.
 * Repeated digits and runs of four are refused by rule, so some of these are listed twice over.
 */
const COMMON_PINS: ReadonlySet<string> = new Set(
  '1234 1111 0000 1212 7777 1004 2000 4444 2222 6969 9999 3333 5555 6666 1122 1313 8888 4321 2001 1010'.split(' '),
);

/**
 * True for a PIN anyone would guess first: a repeated digit (0000..9999), a run of four consecutive
 * digits up or down (0123..6789, 3210..9876), or one of the twenty most common PINs. Only NEW PINs are
 * held to this; a PIN already in a store, typed as a proof, is never refused for it.
 */
export function isCommonPin(pin: string): boolean {
  if (!isPinFormat(pin)) return false;
  if (COMMON_PINS.has(pin)) return true;
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((digit, i) => digit - digits[i]!);
  // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator: the ten repeated digits are all in the list above too; the rule says what the contract says
  const repeated = steps.every((step) => step === 0);
  return repeated || steps.every((step) => step === 1) || steps.every((step) => step === -1);
}

export const COMMON_PIN_MESSAGE = 'a PIN anyone would guess first; choose another';

/**
 * An argon2id hash, made with the hasher's parameters (19 MiB, 2 passes, 1 lane), of a secret that is
 * not 4 digits, so no PIN matches it. Where a PIN has nothing to be checked against (an unknown account,
 * or one without a PIN, named by PAM), it is checked against this: the refusal then costs the same
 * argon2 run as a wrong PIN, and its time does not tell which it was.
 */
export const NO_PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$K8zpguNYJ0Ag0iOJjYJeuA$q/7j72AZAEtZnIVKUbDEz2Lg1jKLUt6SzEJu74Pqop0';
