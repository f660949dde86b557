import { HouseholdError } from './errors.js';

export const SCHEMA_VERSION = 1;
export const MAX_ACCOUNTS = 15;
export const MAX_NAME_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 8;
/** Long enough for any passphrase; short enough that nobody can make argon2 hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

export const KINDS = ['admin', 'managed', 'member'] as const;
export type Kind = (typeof KINDS)[number];
export const PLANS = ['free', 'pass'] as const;
export type Plan = (typeof PLANS)[number];
export const RESTRICTIONS = ['none', 'younger-kid', 'older-kid', 'teen'] as const;
export type Restriction = (typeof RESTRICTIONS)[number];
export type SecretKind = 'pin' | 'password';

/** Consecutive failures of one kind of secret, and the end of the cooling-off they earned. */
export interface FailureCount {
  count: number;
  /** ISO 8601 time before which checks of this kind are refused; null when not cooling off. */
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
  failures: Record<SecretKind, FailureCount>;
}

export interface Household {
  version: typeof SCHEMA_VERSION;
  plan: Plan;
  accounts: Account[];
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

export function noFailures(): Record<SecretKind, FailureCount> {
  return { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
}

export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** Why a name is not acceptable, or null when it is. */
export function nameProblem(name: string): string | null {
  const length = [...name].length;
  if (length === 0) return 'a name needs at least 1 character';
  if (length > MAX_NAME_LENGTH) return `a name has at most ${MAX_NAME_LENGTH} characters (this one has ${length})`;
  if (CONTROL.test(name)) return 'a name cannot hold control characters';
  return null;
}

export function validateName(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw new HouseholdError('INVALID_NAME', `invalid name: ${problem}`);
  return name;
}

export function findAccount(household: Household, name: string): Account | undefined {
  const key = nameKey(name);
  return household.accounts.find((account) => nameKey(account.name) === key);
}

export function requireAccount(household: Household, name: string): Account {
  const account = findAccount(household, name);
  if (!account) {
    throw new HouseholdError('NO_ACCOUNT', `no account named ${name}`, 'household users list shows every account');
  }
  return account;
}

export function adminOf(household: Household): Account {
  const admin = household.accounts.find((account) => account.kind === 'admin');
  // The schema guarantees exactly one admin; reaching this is a bug, not bad input.
  if (!admin) throw new Error('household without an admin passed validation');
  return admin;
}

export function ensureRoomFor(household: Household, name: string): void {
  const taken = findAccount(household, name);
  if (taken) {
    throw new HouseholdError('DUPLICATE_NAME', `an account named ${taken.name} already exists`, 'names are unique without regard to case');
  }
  if (household.accounts.length >= MAX_ACCOUNTS) {
    throw new HouseholdError('HOUSEHOLD_FULL', `the household is full: it holds at most ${MAX_ACCOUNTS} accounts, the admin included`, 'household users remove NAME makes room');
  }
}

export function validatePasswordFormat(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new HouseholdError('INVALID_PASSWORD', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new HouseholdError('INVALID_PASSWORD', `a password has at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

export function validateEmail(email: string): string {
  if (!/^[^\s@]+@[^\s@]+$/u.test(email) || email.length > 254) {
    throw new HouseholdError('INVALID_EMAIL', 'invalid e-mail address: expected the form name@host');
  }
  return email;
}
