import type { FailureCount, SecretKind } from './accounts.js';
import { HouseholdError } from './errors.js';

/** The 5th failure in a row of one kind starts the first cooling-off. */
export const FAILURES_BEFORE_COOLING_OFF = 5;
export const FIRST_COOLING_OFF_MS = 60_000;
export const LONGEST_COOLING_OFF_MS = 60 * 60_000;

/** How long the failure that brought the count to `count` makes the account cool off (0: none). */
export function coolingOffAfter(count: number): number {
  if (count < FAILURES_BEFORE_COOLING_OFF) return 0;
  const doublings = count - FAILURES_BEFORE_COOLING_OFF;
  // 2^6 minutes already passes the hour; capping the exponent keeps the maths finite for any count.
  return Math.min(LONGEST_COOLING_OFF_MS, FIRST_COOLING_OFF_MS * 2 ** Math.min(doublings, 6));
}

export function remainingCoolingOff(failures: FailureCount, now: number): number {
  if (failures.coolingOffUntil === null) return 0;
  return Math.max(0, Date.parse(failures.coolingOffUntil) - now);
}

export function withFailure(failures: FailureCount, now: number): FailureCount {
  const count = failures.count + 1;
  const wait = coolingOffAfter(count);
  return { count, coolingOffUntil: wait > 0 ? new Date(now + wait).toISOString() : failures.coolingOffUntil };
}

export function cleared(): FailureCount {
  return { count: 0, coolingOffUntil: null };
}

/** Tries left before the next failure starts a cooling-off (0 once the account has cooled off before). */
export function triesLeft(failures: FailureCount): number {
  return Math.max(0, FAILURES_BEFORE_COOLING_OFF - failures.count);
}

export function describeDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const head = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return rest === 0 ? head : `${head} ${rest} second${rest === 1 ? '' : 's'}`;
}

const secretName: Record<SecretKind, string> = { pin: 'PIN', password: 'password' };

/** Refuses (75) a check of `kind` on `account` while it cools off; such a refusal is not counted. */
export function ensureNotCoolingOff(accountName: string, kind: SecretKind, failures: FailureCount, now: number): void {
  const remaining = remainingCoolingOff(failures, now);
  if (remaining > 0) {
    const hint =
      kind === 'pin'
        ? `a forgotten PIN can be reset with the account password: household pin reset ${accountName}`
        : undefined;
    throw new HouseholdError(
      'COOLING_OFF',
      `${accountName}'s ${secretName[kind]} checks are cooling off after ${failures.count} wrong tries in a row; try again in ${describeDuration(remaining)} (at ${failures.coolingOffUntil})`,
      hint,
    );
  }
}

/** The error for a wrong secret, given the failure count after this failure was recorded. */
export function wrongSecretError(accountName: string, kind: SecretKind, after: FailureCount): HouseholdError {
  const left = triesLeft(after);
  const wait = coolingOffAfter(after.count);
  const consequence =
    wait > 0
      ? `its ${secretName[kind]} checks are refused for ${describeDuration(wait)}`
      : `${left} more wrong ${left === 1 ? 'try starts' : 'tries start'} a ${describeDuration(coolingOffAfter(FAILURES_BEFORE_COOLING_OFF)).replace(' ', '-')} cooling-off`;
  return new HouseholdError(
    kind === 'pin' ? 'WRONG_PIN' : 'WRONG_PASSWORD',
    `wrong ${secretName[kind]} for ${accountName}; ${consequence}`,
  );
}
