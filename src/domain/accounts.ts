import { HouseholdError } from './errors.js';
import type { HoursWindow } from './hours.js';
import { legacyNameKey, nameKey } from './names.js';

/** The store format this program writes; version 1 (no audit sequence) is still read. */
export const SCHEMA_VERSION = 2;
export const MAX_ACCOUNTS = 15;
export const MIN_PASSWORD_LENGTH = 8;
/** Long enough for any passphrase; short enough that nobody can make argon2 hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * The one form of hash a store holds: argon2id in PHC form, no associated data; groups: version, m, t,
 * p, salt, hash. The store's schema bounds the numbers and lengths; the hasher checks it through argon2's
 * binary. Counted repeats ({11,88}) would make V8 build a far larger matcher at every start: the lengths
 * are checked apart.
 */
export const ARGON2ID_HASH = /^\$argon2id\$v=(16|19)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export const KINDS = ['admin', 'managed', 'member'] as const;
export type Kind = (typeof KINDS)[number];
export const PLANS = ['free', 'pass'] as const;
export type Plan = (typeof PLANS)[number];
export const RESTRICTIONS = ['none', 'younger-kid', 'older-kid', 'teen'] as const;
export type Restriction = (typeof RESTRICTIONS)[number];
export const SECRET_KINDS = ['pin', 'password'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
/** What the lockout counts: the two secrets an account holds, and the admin's recovery codes (v3). */
export type LockoutKind = SecretKind | 'recovery';

/** Consecutive failures of one kind of secret, and the end of the cooling-off they earned. */
export interface FailureCount {
  count: number;
  /** ISO 8601 UTC time before which checks of this kind are refused; null when not cooling off. */
  coolingOffUntil: string | null;
}

export interface Account {
  name: string;
  kind: Kind;
  email: string | null;
  /** Managed accounts only; null for the admin and members. */
  restriction: Restriction | null;
  /** argon2id; null for managed accounts, which have no password. */
  passwordHash: string | null;
  pinHash: string | null;
  /** The id of the key the PIN hash was made with (see src/domain/keys.ts); absent for a hash made without one. */
  pinKeyId?: string;
  /** The id of the key the password hash was made with; absent for a hash made without one. */
  passwordKeyId?: string;
  failures: Failures;
  /**
   * The admin's recovery codes (v3): the argon2id hash of each of the ten, by number (1-10), and null
   * for a code used up or revoked. Absent in a store made before them; written only when set.
   */
  recoveryCodes?: Array<string | null>;
  /**
   * The id of the key the recovery codes were made with (one key for the whole set, made at once);
   * absent for codes made without one (before the store had a key file). Written only when set.
   */
  recoveryKeyId?: string;
  /** Managed accounts only (v3): when the account may be used; absent (never null) when always. */
  hours?: HoursWindow[];
  /** v3: ISO 8601 UTC end of a grant that allows the account outside its hours; only with hours. */
  grantUntil?: string;
}

/** Failures per kind; `recovery` (the admin's recovery codes) only once one was tried, so older stores stay as they are. */
export type Failures = Record<SecretKind, FailureCount> & { recovery?: FailureCount };

export interface Household {
  version: typeof SCHEMA_VERSION;
  /** The number of the last change with a line in the audit log (0 for a store that has none yet). */
  sequence: number;
  plan: Plan;
  /** v3: the IANA time zone that allowed hours are wall-clock times in; absent: the machine's. */
  timeZone?: string;
  accounts: Account[];
  /** The absolute path of the key file whose keys the hashes are made with; absent for a store without one. */
  keyFile?: string;
}

/** The public view of an account: what `users list` shows. Never a hash. */
export interface AccountSummary {
  name: string;
  kind: Kind;
  pinRequired: boolean;
  restriction: Restriction | null;
}

export function summarize(account: Account): AccountSummary {
  return {
    name: account.name,
    kind: account.kind,
    pinRequired: account.pinHash !== null,
    restriction: account.restriction === 'none' ? null : account.restriction,
  };
}

export function noFailures(): Failures {
  return { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
}

/** The failures of one kind; none yet for recovery codes never tried. */
export function failuresOf(account: Pick<Account, 'failures'>, kind: LockoutKind): FailureCount {
  return account.failures[kind] ?? { count: 0, coolingOffUntil: null };
}

/**
 * The account a name means. A store written before version 2 may hold two names that the new rules
 * call the same (`straße` and `STRASSE`); then the one equal under the old rules is meant, and a name
 * that matches both under the new rules only is ambiguous.
 */
export function findAccount(household: Household, name: string): Account | undefined {
  const key = nameKey(name);
  const matches = household.accounts.filter((account) => nameKey(account.name) === key);
  if (matches.length <= 1) return matches[0];
  const legacy = legacyNameKey(name);
  const exact = matches.filter((account) => legacyNameKey(account.name) === legacy);
  if (exact.length === 1) return exact[0];
  throw new HouseholdError('INVALID_NAME', `the name ${name} fits ${matches.length} accounts`, (household) => `type the name exactly as ${household} users list shows it`);
}

export function requireAccount(household: Household, name: string): Account {
  const account = findAccount(household, name);
  if (!account) {
    throw new HouseholdError('NO_ACCOUNT', `no account named ${name}`, (household) => `${household} users list shows every account`);
  }
  return account;
}

export function adminOf(household: Household): Account {
  const admin = household.accounts.find((account) => account.kind === 'admin');
  // The schema guarantees exactly one admin; reaching this is a bug, not bad input.
  if (!admin) throw new Error('household without an admin passed validation');
  return admin;
}

/** A new name must not be any other account's (`renaming` may keep its own name in another case). */
export function ensureNameFree(household: Household, name: string, renaming?: Account): void {
  const key = nameKey(name);
  const taken = household.accounts.find((account) => account !== renaming && nameKey(account.name) === key);
  if (taken) {
    throw new HouseholdError('DUPLICATE_NAME', `an account named ${taken.name} already exists`, 'names are unique without regard to case, width or accents written apart');
  }
}

export function ensureRoomFor(household: Household, name: string): void {
  ensureNameFree(household, name);
  if (household.accounts.length >= MAX_ACCOUNTS) {
    throw new HouseholdError('HOUSEHOLD_FULL', `the household is full: it holds at most ${MAX_ACCOUNTS} accounts, the admin included`, (household) => `${household} users remove NAME makes room`);
  }
}

export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if ([...password].length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export function validateEmail(email: string): string {
  if (!/^[^\s@]+@[^\s@]+$/u.test(email) || email.length > 254 || /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(email)) {
    throw new HouseholdError('INVALID_EMAIL', 'invalid e-mail address: expected the form name@host');
  }
  return email;
}
