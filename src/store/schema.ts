import {
  KINDS,
  MAX_ACCOUNTS,
  PLANS,
  RESTRICTIONS,
  SCHEMA_VERSION,
  nameKey,
  nameProblem,
  type Account,
  type FailureCount,
  type Household,
} from '../domain/accounts.js';

/**
 * Version 1 of the household file, checked field by field on every read. A problem names the field
 * (`accounts[2].pinHash`), so an operator who edited the file by hand knows where to look.
 */
export class SchemaError extends Error {}

type Json = unknown;

const ARGON2ID = /^\$argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

function fail(field: string, problem: string): never {
  throw new SchemaError(`${field}: ${problem}`);
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, Json>, field: string, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(field === '' ? key : `${field}.${key}`, 'unknown field');
  }
}

function oneOf<T extends string>(value: Json, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(field, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function hashOrNull(value: Json, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !ARGON2ID.test(value)) fail(field, 'expected an argon2id hash or null');
  return value;
}

function failureCount(value: Json, field: string): FailureCount {
  if (!isObject(value)) fail(field, 'expected an object');
  onlyKeys(value, field, ['count', 'coolingOffUntil']);
  const { count, coolingOffUntil } = value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    fail(`${field}.count`, 'expected a whole number, 0 or more');
  }
  if (coolingOffUntil !== null && (typeof coolingOffUntil !== 'string' || Number.isNaN(Date.parse(coolingOffUntil)))) {
    fail(`${field}.coolingOffUntil`, 'expected an ISO 8601 time or null');
  }
  return { count, coolingOffUntil };
}

function account(value: Json, field: string): Account {
  if (!isObject(value)) fail(field, 'expected an object');
  onlyKeys(value, field, ['name', 'kind', 'email', 'restriction', 'passwordHash', 'pinHash', 'failures']);
  if (typeof value.name !== 'string') fail(`${field}.name`, 'expected a string');
  const problem = nameProblem(value.name);
  if (problem) fail(`${field}.name`, problem);
  const kind = oneOf(value.kind, `${field}.kind`, KINDS);
  const email = value.email ?? null;
  if (email !== null && typeof email !== 'string') fail(`${field}.email`, 'expected a string or null');
  const passwordHash = hashOrNull(value.passwordHash ?? null, `${field}.passwordHash`);
  const pinHash = hashOrNull(value.pinHash ?? null, `${field}.pinHash`);
  let restriction = null;
  if (kind === 'managed') {
    restriction = oneOf(value.restriction, `${field}.restriction`, RESTRICTIONS);
    if (passwordHash !== null) fail(`${field}.passwordHash`, 'a managed account has no password');
    if (email !== null) fail(`${field}.email`, 'a managed account has no e-mail');
  } else {
    if ((value.restriction ?? null) !== null) fail(`${field}.restriction`, `only managed accounts have one (this is ${kind})`);
    if (passwordHash === null) fail(`${field}.passwordHash`, `the ${kind} needs a password hash`);
  }
  if (!isObject(value.failures)) fail(`${field}.failures`, 'expected an object');
  onlyKeys(value.failures, `${field}.failures`, ['pin', 'password']);
  const failures = {
    pin: failureCount(value.failures.pin, `${field}.failures.pin`),
    password: failureCount(value.failures.password, `${field}.failures.password`),
  };
  return { name: value.name, kind, email, restriction, passwordHash, pinHash, failures };
}

export function parseHousehold(value: Json): Household {
  if (!isObject(value)) fail('(top level)', 'expected an object');
  if (value.version !== SCHEMA_VERSION) {
    fail('version', `unknown version ${JSON.stringify(value.version ?? null)}; this household program reads version ${SCHEMA_VERSION}`);
  }
  onlyKeys(value, '', ['version', 'plan', 'accounts']);
  const plan = oneOf(value.plan, 'plan', PLANS);
  if (!Array.isArray(value.accounts)) fail('accounts', 'expected an array');
  if (value.accounts.length > MAX_ACCOUNTS) fail('accounts', `at most ${MAX_ACCOUNTS} accounts (found ${value.accounts.length})`);
  const accounts = value.accounts.map((entry, index) => account(entry, `accounts[${index}]`));
  const seen = new Map<string, number>();
  accounts.forEach((entry, index) => {
    const earlier = seen.get(nameKey(entry.name));
    if (earlier !== undefined) fail(`accounts[${index}].name`, `duplicates the name of accounts[${earlier}] (names are unique without regard to case)`);
    seen.set(nameKey(entry.name), index);
  });
  const admins = accounts.filter((entry) => entry.kind === 'admin').length;
  if (admins !== 1) fail('accounts', `expected exactly one admin (found ${admins})`);
  return { version: SCHEMA_VERSION, plan, accounts };
}

export function serializeHousehold(household: Household): string {
  return `${JSON.stringify(household, null, 2)}\n`;
}
