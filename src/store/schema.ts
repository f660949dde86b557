import {
  ARGON2ID_HASH,
  KINDS,
  MAX_ACCOUNTS,
  PLANS,
  RESTRICTIONS,
  SCHEMA_VERSION,
  type Account,
  type FailureCount,
  type Household,
} from '../domain/accounts.js';
import { isKeyId } from '../domain/keys.js';
import { legacyNameKey, storedNameProblem } from '../domain/names.js';
import { RECOVERY_CODE_COUNT } from '../domain/recovery.js';
import { parseIsoUtc } from '../domain/time.js';
import { DAYS, hoursProblem, ZONE_NAME, type HoursWindow } from '../domain/hours.js';

/**
 * The household file, checked field by field on every read. Version 2 adds `sequence` (the audit
 * log's last change); version 1 is read as sequence 0 and written as version 2 at its next change.
 * A problem names the field (`accounts[2].pinHash`) and never quotes the file: the file may be
 * something else entirely, readable only through this program.
 */
export type FieldPath = Array<string | number>;

export class SchemaError extends Error {
  constructor(
    readonly path: FieldPath,
    readonly problem: string,
    /** An unknown field's own name: used to find its line and column, never printed. */
    readonly unknownKey?: string,
  ) {
    super(`${fieldName(path)}: ${problem}`);
  }
}

export function fieldName(path: FieldPath): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

type Json = unknown;

/** A counter that only ever grows by one per change, or a failure count: whole, and far from overflowing. */
const MAX_COUNT = 1_000_000_000;

function fail(path: FieldPath, problem: string): never {
  throw new SchemaError(path, problem);
}

/** What a wrong value is, by type: the value itself is never printed. */
function typeOf(value: Json): string {
  if (value === undefined) return 'nothing: the field is missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  // Stryker disable next-line ConditionalExpression: JSON.parse makes nothing else; the last line is for the types
  if (typeof value === 'boolean') return 'true or false';
  // Stryker disable next-line StringLiteral: unreachable from JSON (see above)
  return 'something else';
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: Json, path: FieldPath, keys: readonly string[]): Record<string, Json> {
  if (!isObject(value)) fail(path, `expected an object (found ${typeOf(value)})`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new SchemaError(path, 'an unknown field', key);
  }
  return value;
}

function oneOf<T extends string>(value: Json, path: FieldPath, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    fail(path, `expected one of ${allowed.join(', ')} (found ${typeof value === 'string' ? 'another string' : typeOf(value)})`);
  }
  return value as T;
}

function wholeNumber(value: Json, path: FieldPath): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_COUNT) {
    fail(path, `expected a whole number from 0 to ${MAX_COUNT}${typeof value === 'number' ? '' : ` (found ${typeOf(value)})`}`);
  }
  return value as number;
}

/**
 * argon2id hashes (ARGON2ID_HASH), with parameters a verify can run within: argon2's own minimums, and at
 * most 1 GiB of memory, 10 passes and 16 lanes (a stored `t=4294967295` would hang every check).
 */
/** Base64 lengths (no padding) of a salt of 8 to 66 bytes and a hash of 4 to 66 bytes, as argon2 allows them. */
const SALT_CHARS = [11, 88] as const;
const HASH_CHARS = [6, 88] as const;
export const ARGON2_LIMITS = { maxMemoryKiB: 1024 * 1024, maxPasses: 10, maxLanes: 16 } as const;

function hashOrNull(value: Json, path: FieldPath): string | null {
  if (value === null) return null;
  const found = typeof value === 'string' ? ARGON2ID_HASH.exec(value) : null;
  const within = (text: string, [least, most]: readonly [number, number]) => text.length >= least && text.length <= most;
  const match = found && found[2].length <= 10 && found[3].length <= 10 && found[4].length <= 10 && within(found[5], SALT_CHARS) && within(found[6], HASH_CHARS) ? found : null;
  if (!match) fail(path, `expected an argon2id hash or null (found ${typeof value === 'string' ? 'another string' : typeOf(value)})`);
  const [m, t, p] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (p < 1 || p > ARGON2_LIMITS.maxLanes) fail(path, `argon2 lanes (p) must be 1 to ${ARGON2_LIMITS.maxLanes}`);
  if (t < 1 || t > ARGON2_LIMITS.maxPasses) fail(path, `argon2 passes (t) must be 1 to ${ARGON2_LIMITS.maxPasses}`);
  if (m < 8 * p || m > ARGON2_LIMITS.maxMemoryKiB) fail(path, `argon2 memory (m) must be 8 KiB per lane to ${ARGON2_LIMITS.maxMemoryKiB} KiB (1 GiB)`);
  return value as string;
}

function failureCount(value: Json, path: FieldPath): FailureCount {
  const fields = object(value, path, ['count', 'coolingOffUntil']);
  const count = wholeNumber(fields.count, [...path, 'count']);
  const { coolingOffUntil } = fields;
  // Stryker disable next-line ConditionalExpression: parseIsoUtc refuses every other JSON value too (a list holding a time fails its round trip); the test is for the types
  if (coolingOffUntil !== null && (typeof coolingOffUntil !== 'string' || parseIsoUtc(coolingOffUntil) === null)) {
    fail([...path, 'coolingOffUntil'], `expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z, or null (found ${typeof coolingOffUntil === 'string' ? 'another string' : typeOf(coolingOffUntil)})`);
  }
  return { count, coolingOffUntil };
}

function isoTime(value: Json, path: FieldPath): string {
  if (typeof value !== 'string' || parseIsoUtc(value) === null) {
    fail(path, `expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z (found ${typeof value === 'string' ? 'another string' : typeOf(value)})`);
  }
  return value;
}

/** Allowed hours (v3): a non-empty list of windows, each as parseHoursSpec makes it. */
function hoursWindows(value: Json, path: FieldPath): HoursWindow[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100) fail(path, `expected a list of 1 to 100 windows (found ${Array.isArray(value) ? `${value.length}` : typeOf(value)})`);
  return value.map((entry, index) => {
    const where = [...path, index];
    const fields = object(entry, where, ['days', 'start', 'end']);
    if (!Array.isArray(fields.days)) fail([...where, 'days'], `expected a list (found ${typeOf(fields.days)})`);
    const days = fields.days.map((day, i) => oneOf(day, [...where, 'days', i], DAYS));
    if (typeof fields.start !== 'string') fail([...where, 'start'], `expected a string (found ${typeOf(fields.start)})`);
    if (typeof fields.end !== 'string') fail([...where, 'end'], `expected a string (found ${typeOf(fields.end)})`);
    const window = { days, start: fields.start, end: fields.end };
    const problem = hoursProblem(window);
    if (problem) fail(where, problem);
    return window;
  });
}

function account(value: Json, path: FieldPath): Account {
  const fields = object(value, path, ['name', 'kind', 'email', 'restriction', 'passwordHash', 'pinHash', 'pinKeyId', 'passwordKeyId', 'failures', 'recoveryCodes', 'recoveryKeyId', 'hours', 'grantUntil']);
  if (typeof fields.name !== 'string') fail([...path, 'name'], `expected a string (found ${typeOf(fields.name)})`);
  const problem = storedNameProblem(fields.name);
  if (problem) fail([...path, 'name'], problem);
  const kind = oneOf(fields.kind, [...path, 'kind'], KINDS);
  const email = fields.email ?? null;
  if (email !== null && typeof email !== 'string') fail([...path, 'email'], `expected a string or null (found ${typeOf(email)})`);
  const passwordHash = hashOrNull(fields.passwordHash ?? null, [...path, 'passwordHash']);
  const pinHash = hashOrNull(fields.pinHash ?? null, [...path, 'pinHash']);
  let restriction = null;
  if (kind === 'managed') {
    restriction = oneOf(fields.restriction, [...path, 'restriction'], RESTRICTIONS);
    if (passwordHash !== null) fail([...path, 'passwordHash'], 'a managed account has no password');
    if (email !== null) fail([...path, 'email'], 'a managed account has no e-mail');
  } else {
    if ((fields.restriction ?? null) !== null) fail([...path, 'restriction'], `only managed accounts have one (this is ${kind})`);
    if (passwordHash === null) fail([...path, 'passwordHash'], `the ${kind} needs a password hash`);
  }
  const pinKeyId = keyIdBeside(fields.pinKeyId, pinHash !== null, [...path, 'pinKeyId']);
  const passwordKeyId = keyIdBeside(fields.passwordKeyId, passwordHash !== null, [...path, 'passwordKeyId']);
  const failures = object(fields.failures, [...path, 'failures'], ['pin', 'password', 'recovery']);
  const recoveryCodes = fields.recoveryCodes === undefined ? undefined : codeHashes(fields.recoveryCodes, [...path, 'recoveryCodes'], kind);
  // One id for the set: it stays when the codes are used up one by one (nothing then needs its key).
  const recoveryKeyId = keyIdBeside(fields.recoveryKeyId, recoveryCodes !== undefined, [...path, 'recoveryKeyId'], 'the recovery codes');
  if (failures.recovery !== undefined && kind !== 'admin') fail([...path, 'failures', 'recovery'], `only the admin has recovery codes (this is ${kind})`);
  // v3 fields are written only when set, so they are either absent or valid.
  const hours = 'hours' in fields ? hoursWindows(fields.hours, [...path, 'hours']) : undefined;
  if (hours && kind !== 'managed') fail([...path, 'hours'], `only managed accounts have hours (this is ${kind})`);
  const grantUntil = 'grantUntil' in fields ? isoTime(fields.grantUntil, [...path, 'grantUntil']) : undefined;
  if (grantUntil !== undefined && !hours) fail([...path, 'grantUntil'], 'a grant needs hours');
  return {
    name: fields.name,
    kind,
    email,
    restriction,
    passwordHash,
    pinHash,
    // Written only when set: a store without keys stays as it was.
    ...(pinKeyId === undefined ? {} : { pinKeyId }),
    ...(passwordKeyId === undefined ? {} : { passwordKeyId }),
    failures: {
      pin: failureCount(failures.pin, [...path, 'failures', 'pin']),
      password: failureCount(failures.password, [...path, 'failures', 'password']),
      ...(failures.recovery === undefined ? {} : { recovery: failureCount(failures.recovery, [...path, 'failures', 'recovery']) }),
    },
    ...(recoveryCodes === undefined ? {} : { recoveryCodes }),
    ...(recoveryKeyId === undefined ? {} : { recoveryKeyId }),
    ...(hours ? { hours } : {}),
    ...(grantUntil !== undefined ? { grantUntil } : {}),
  };
}

/** The admin's recovery codes: exactly ten entries, each an argon2id hash or null (used or revoked). */
function codeHashes(value: Json, path: FieldPath, kind: Account['kind']): Array<string | null> {
  if (kind !== 'admin') fail(path, `only the admin has recovery codes (this is ${kind})`);
  if (!Array.isArray(value) || value.length !== RECOVERY_CODE_COUNT) {
    fail(path, `expected a list of ${RECOVERY_CODE_COUNT} argon2id hashes or nulls (found ${Array.isArray(value) ? `a list of ${value.length}` : typeOf(value)})`);
  }
  return value.map((entry, index) => hashOrNull(entry, [...path, index]));
}

/** The id of the key a hash (or the set of recovery codes) was made with: absent (no key), else 8 hex digits, and only beside what it was made for. */
function keyIdBeside(value: Json, madeFor: boolean, path: FieldPath, what = 'the hash'): string | undefined {
  if (value === undefined) return undefined;
  if (!isKeyId(value)) fail(path, `expected a key id of 8 hex digits (found ${typeof value === 'string' ? 'another string' : typeOf(value)})`);
  if (!madeFor) fail(path, `a key id needs ${what} it was made for`);
  return value;
}

/** The key file's path: absolute, one line, and not absurdly long. */
function keyFilePath(value: Json, path: FieldPath): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 4096 || /[\u0000-\u001f\u007f]/.test(value)) {
    fail(path, `expected the absolute path of the key file (found ${typeof value === 'string' ? 'another string' : typeOf(value)})`);
  }
  return value;
}

export function parseHousehold(value: Json): Household {
  if (!isObject(value)) fail([], `expected an object (found ${typeOf(value)})`);
  const version = value.version;
  if (version !== 1 && version !== SCHEMA_VERSION) {
    // Stryker disable next-line EqualityOperator: the current version never comes here, so > and >= agree
    const newer = Number.isInteger(version) && (version as number) > SCHEMA_VERSION;
    fail(['version'], newer ? `the file is from a newer version of household than this one (which reads versions 1 and ${SCHEMA_VERSION}); upgrade household` : `expected 1 or ${SCHEMA_VERSION} (found ${typeof version === 'number' ? 'another number' : typeOf(version)})`);
  }
  const fields = object(value, [], version === 1 ? ['version', 'plan', 'accounts'] : ['version', 'sequence', 'plan', 'timeZone', 'accounts', 'keyFile']);
  const sequence = version === 1 ? 0 : wholeNumber(fields.sequence, ['sequence']);
  const plan = oneOf(fields.plan, ['plan'], PLANS);
  let timeZone: string | undefined;
  if ('timeZone' in fields) {
    // The form of an IANA name only: asking Intl whether it knows the zone costs ~50 ms at every start.
    if (typeof fields.timeZone !== 'string' || !ZONE_NAME.test(fields.timeZone) || fields.timeZone.length > 64) {
      fail(['timeZone'], `expected an IANA time zone name, such as Europe/Berlin (found ${typeof fields.timeZone === 'string' ? 'another string' : typeOf(fields.timeZone)})`);
    }
    timeZone = fields.timeZone;
  }
  if (!Array.isArray(fields.accounts)) fail(['accounts'], `expected a list (found ${typeOf(fields.accounts)})`);
  if (fields.accounts.length > MAX_ACCOUNTS) fail(['accounts'], `at most ${MAX_ACCOUNTS} accounts (found ${fields.accounts.length})`);
  const accounts = fields.accounts.map((entry, index) => account(entry, ['accounts', index]));
  // Unique by the rule stored names were made under; new names are checked by the stricter one.
  const seen = new Map<string, number>();
  accounts.forEach((entry, index) => {
    const earlier = seen.get(legacyNameKey(entry.name));
    if (earlier !== undefined) fail(['accounts', index, 'name'], `duplicates the name of accounts[${earlier}] (names are unique without regard to case)`);
    seen.set(legacyNameKey(entry.name), index);
  });
  const admins = accounts.filter((entry) => entry.kind === 'admin').length;
  if (admins !== 1) fail(['accounts'], `expected exactly one admin (found ${admins})`);
  const keyFile = fields.keyFile === undefined ? undefined : keyFilePath(fields.keyFile, ['keyFile']);
  if (keyFile === undefined) {
    accounts.forEach((entry, index) => {
      if (entry.pinKeyId !== undefined) fail(['accounts', index, 'pinKeyId'], 'the store names no key file');
      if (entry.passwordKeyId !== undefined) fail(['accounts', index, 'passwordKeyId'], 'the store names no key file');
      if (entry.recoveryKeyId !== undefined) fail(['accounts', index, 'recoveryKeyId'], 'the store names no key file');
    });
  }
  return { version: SCHEMA_VERSION, sequence, plan, ...(timeZone !== undefined ? { timeZone } : {}), accounts, ...(keyFile === undefined ? {} : { keyFile }) };
}

export function serializeHousehold(household: Household): string {
  return `${JSON.stringify(household, null, 2)}\n`;
}
