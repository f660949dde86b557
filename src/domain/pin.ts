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
