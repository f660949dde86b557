import type { Account, FailureCount, LockoutKind } from './accounts.js';
import { HouseholdError, type CommandHint } from './errors.js';
import { shellWord } from './text.js';
import { describeDuration, isoUtc, localTimeFrom, parseIsoUtc } from './time.js';

/**
 * The lockout, per account and kind of secret. Every attempt is counted before its secret is checked
 * (the count is the only thing that limits guessing, so it must never lag the checks): the 5th failure
 * in a row starts a 1-minute cooling-off, each failure after it doubles the wait up to an hour, and the
 * 100th failure in a row disables checks of that kind until an operator unlocks them.
 */
export const FAILURES_BEFORE_COOLING_OFF = 5;
export const FIRST_COOLING_OFF_MS = 60_000;
export const LONGEST_COOLING_OFF_MS = 60 * 60_000;
/** NIST SP 800-63B: no more than 100 consecutive failed attempts. */
export const HARD_LIMIT = 100;

const secretName: Record<LockoutKind, string> = { pin: 'PIN', password: 'password', recovery: 'recovery code' };

/** How long the failure that brought the count to `count` makes the account cool off (0: none). */
export function coolingOffAfter(count: number): number {
  if (count < FAILURES_BEFORE_COOLING_OFF) return 0;
  const doublings = count - FAILURES_BEFORE_COOLING_OFF;
  // 2^6 minutes already passes the hour; capping the exponent keeps the maths finite for any count.
  return Math.min(LONGEST_COOLING_OFF_MS, FIRST_COOLING_OFF_MS * 2 ** Math.min(doublings, 6));
}

/** When the cooling-off ends (ms), or null when there is none or the store's time is no valid one. */
function coolingOffEnd(failures: FailureCount): number | null {
  // Stryker disable next-line ConditionalExpression: parseIsoUtc(null) would be null too; the test is for the types
  return failures.coolingOffUntil === null ? null : parseIsoUtc(failures.coolingOffUntil);
}

/** Never more than an hour from now, whatever the store says (a clock set back, a hand-edited file). */
export function remainingCoolingOff(failures: FailureCount, now: number): number {
  const until = coolingOffEnd(failures);
  // Stryker disable next-line ConditionalExpression: without it, null - now is negative and Math.max makes it 0 all the same
  if (until === null) return 0;
  return Math.min(LONGEST_COOLING_OFF_MS, Math.max(0, until - now));
}

/**
 * The failures with a cooling-off further away than the longest brought to the longest from `now`, for a
 * refusal to write: what it says ("try again in 60 minutes") then holds, instead of being said again
 * every hour until the year the store names.
 */
export function boundedCoolingOff(failures: FailureCount, now: number): FailureCount {
  const until = coolingOffEnd(failures);
  // Stryker disable next-line ConditionalExpression: a shortcut only; null - now is negative, so the next line keeps them too
  if (until === null) return failures;
  if (until - now <= LONGEST_COOLING_OFF_MS) return failures;
  return { count: failures.count, coolingOffUntil: isoUtc(now + LONGEST_COOLING_OFF_MS) };
}

export function isDisabled(failures: FailureCount): boolean {
  return failures.count >= HARD_LIMIT;
}

export function withFailure(failures: FailureCount, now: number): FailureCount {
  const count = failures.count + 1;
  const wait = coolingOffAfter(count);
  return { count, coolingOffUntil: wait > 0 ? isoUtc(now + wait) : failures.coolingOffUntil };
}

export function cleared(): FailureCount {
  return { count: 0, coolingOffUntil: null };
}

/** Tries left before the next failure starts a cooling-off (0 once the account has cooled off before). */
export function triesLeft(failures: FailureCount): number {
  return Math.max(0, FAILURES_BEFORE_COOLING_OFF - failures.count);
}

/** The account a lockout message is about: a managed account has no password, so no `pin reset`. */
export type LockedAccount = Pick<Account, 'name' | 'kind'>;

function unlockHint(account: LockedAccount, kind: LockoutKind): CommandHint {
  const name = shellWord(account.name);
  return (household) => {
    if (kind === 'password') return `an operator can clear it with: ${household} users unlock ${name} --password`;
    if (kind === 'recovery') return `an operator can clear it with: ${household} users unlock ${name}`;
    const unlock = `an operator can clear it with: ${household} users unlock ${name} --pin`;
    return account.kind === 'managed' ? unlock : `${unlock}; or reset the PIN with the password: ${household} pin reset ${name}`;
  };
}

function resetHint(account: LockedAccount, kind: LockoutKind): CommandHint | undefined {
  if (kind !== 'pin') return undefined;
  const name = shellWord(account.name);
  return (household) =>
    account.kind === 'managed'
      ? `an operator can clear it with: ${household} users unlock ${name} --pin`
      : `a forgotten PIN can be reset with the account password: ${household} pin reset ${name}`;
}

/** Why a check of `kind` on the account is refused right now (disabled: 77, cooling off: 75), or null. */
export function checkRefusal(account: LockedAccount, kind: LockoutKind, failures: FailureCount, now: number): HouseholdError | null {
  if (isDisabled(failures)) {
    return new HouseholdError(
      'DISABLED',
      `${account.name}'s ${secretName[kind]} checks are disabled after ${failures.count} wrong tries in a row`,
      unlockHint(account, kind),
    );
  }
  const remaining = remainingCoolingOff(failures, now);
  if (remaining > 0) {
    return new HouseholdError(
      'COOLING_OFF',
      `${account.name}'s ${secretName[kind]} checks are cooling off after ${failures.count} wrong tries in a row; try again in ${describeDuration(remaining)} (at ${localTimeFrom(now + remaining, now)})`,
      resetHint(account, kind),
    );
  }
  return null;
}

/**
 * Under the lock, once the secret has been typed: either a refusal (nothing counted) or the failure
 * count with this attempt already in it, to be written before the secret is checked.
 */
export function recordAttempt(account: LockedAccount, kind: LockoutKind, failures: FailureCount, now: number): { refusal: HouseholdError } | { after: FailureCount } {
  const refusal = checkRefusal(account, kind, failures, now);
  return refusal ? { refusal } : { after: withFailure(failures, now) };
}

/** The error for a wrong secret, given the failure count with this failure in it. */
export function wrongSecretError(account: LockedAccount, kind: LockoutKind, after: FailureCount): HouseholdError {
  const code = kind === 'pin' ? 'WRONG_PIN' : kind === 'password' ? 'WRONG_PASSWORD' : 'WRONG_RECOVERY_CODE';
  const wrong = `wrong ${secretName[kind]} for ${account.name}`;
  if (isDisabled(after)) {
    return new HouseholdError(code, `${wrong}; that was ${after.count} wrong tries in a row, so its ${secretName[kind]} checks are now disabled`, unlockHint(account, kind));
  }
  const wait = coolingOffAfter(after.count);
  if (wait > 0) {
    return new HouseholdError(code, `${wrong}; its ${secretName[kind]} checks are refused for ${describeDuration(wait)}`, resetHint(account, kind));
  }
  const left = triesLeft(after);
  return new HouseholdError(
    code,
    `${wrong}; ${left} more wrong ${left === 1 ? 'try starts' : 'tries start'} a ${describeDuration(FIRST_COOLING_OFF_MS).replace(' ', '-')} cooling-off`,
  );
}

/** The lockout state of one kind as `users show` reports it: an expired cooling-off is null. */
export function lockoutState(failures: FailureCount, now: number): { failures: number; coolingOffUntil: string | null; disabled: boolean } {
  const remaining = remainingCoolingOff(failures, now);
  return {
    failures: failures.count,
    coolingOffUntil: remaining > 0 ? isoUtc(now + remaining) : null,
    disabled: isDisabled(failures),
  };
}
