import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HouseholdError } from '../../src/domain/errors.js';
import { FileStore } from '../../src/store/file-store.js';
import { parseHousehold, SchemaError, serializeHousehold } from '../../src/store/schema.js';

/**
 * The store's shape, checked on every read. A refusal is what the user reads after "the store PATH is
 * unusable: " (exit 78): the field by its path, what was expected, and the wrong value only by its type.
 */

const SALT = 'c2FsdHNhbHRzYWx0c2FsdA'; // 22 characters: 16 bytes
const DIGEST = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'; // 43 characters: 32 bytes

function argon2(params = 'm=65536,t=3,p=4', salt = SALT, digest = DIGEST, head = '$argon2id$v=19$'): string {
  return `${head}${params}$${salt}$${digest}`;
}

type Raw = Record<string, unknown>;

function noFailures(): Raw {
  return { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
}

function admin(extra: Raw = {}): Raw {
  return { name: 'alice', kind: 'admin', email: null, restriction: null, passwordHash: argon2(), pinHash: null, failures: noFailures(), ...extra };
}

function member(extra: Raw = {}): Raw {
  return { name: 'bob', kind: 'member', email: null, restriction: null, passwordHash: argon2(), pinHash: argon2(), failures: noFailures(), ...extra };
}

function managed(extra: Raw = {}): Raw {
  return { name: 'kid1', kind: 'managed', email: null, restriction: 'teen', passwordHash: null, pinHash: null, failures: noFailures(), ...extra };
}

function store(extra: Raw = {}, accounts: unknown[] = [admin(), member(), managed()]): Raw {
  return { version: 2, sequence: 7, plan: 'pass', accounts, ...extra };
}

/** The message of the refusal, which must be a SchemaError (the store turns it into exit 78). */
function refusal(value: unknown): string {
  try {
    parseHousehold(value);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return (error as SchemaError).message;
  }
  throw new Error('the store was accepted');
}

/** The store with one field of the account at `index` replaced (or removed, with undefined). */
function withAccountField(index: number, field: string, value: unknown): Raw {
  const accounts = [admin(), member(), managed()];
  const changed: Raw = { ...accounts[index] };
  if (value === undefined) delete changed[field];
  else changed[field] = value;
  accounts[index] = changed;
  return store({}, accounts);
}

describe('a valid store', () => {
  test('is read as it is, version 2 with its sequence', () => {
    const value = store({}, [admin({ email: 'alice@example.org', pinHash: argon2() }), member(), managed({ restriction: 'younger-kid' })]);
    expect(parseHousehold(value)).toEqual({
      version: 2,
      sequence: 7,
      plan: 'pass',
      accounts: [
        { name: 'alice', kind: 'admin', email: 'alice@example.org', restriction: null, passwordHash: argon2(), pinHash: argon2(), failures: noFailures() },
        { name: 'bob', kind: 'member', email: null, restriction: null, passwordHash: argon2(), pinHash: argon2(), failures: noFailures() },
        { name: 'kid1', kind: 'managed', email: null, restriction: 'younger-kid', passwordHash: null, pinHash: null, failures: noFailures() },
      ],
    });
  });

  test('a version 1 store (no sequence) is read as version 2 at sequence 0', () => {
    const v1 = { version: 1, plan: 'free', accounts: [admin()] };
    expect(parseHousehold(v1)).toEqual({ version: 2, sequence: 0, plan: 'free', accounts: [admin()] });
  });

  test('email, restriction and pinHash may be left out: they are null', () => {
    const bare = { name: 'alice', kind: 'admin', passwordHash: argon2(), failures: noFailures() };
    const kid = { name: 'kid', kind: 'managed', restriction: 'none', failures: noFailures() };
    expect(parseHousehold(store({}, [bare, kid])).accounts).toEqual([
      { name: 'alice', kind: 'admin', email: null, restriction: null, passwordHash: argon2(), pinHash: null, failures: noFailures() },
      { name: 'kid', kind: 'managed', email: null, restriction: 'none', passwordHash: null, pinHash: null, failures: noFailures() },
    ]);
  });

  test('failure counts and cooling-off times are kept', () => {
    const failures = { pin: { count: 5, coolingOffUntil: '2026-01-31T12:00:00.000Z' }, password: { count: 1_000_000_000, coolingOffUntil: '2026-01-31T12:00:00Z' } };
    expect(parseHousehold(store({}, [admin({ failures })])).accounts[0].failures).toEqual(failures);
  });

  test.each(['none', 'younger-kid', 'older-kid', 'teen'])('restriction %s', (restriction) => {
    expect(parseHousehold(store({}, [admin(), managed({ restriction })])).accounts[1].restriction).toBe(restriction);
  });

  test.each(['free', 'pass'])('plan %s', (plan) => {
    expect(parseHousehold(store({ plan })).plan).toBe(plan);
  });

  test.each([0, 1_000_000_000])('sequence %d', (sequence) => {
    expect(parseHousehold(store({ sequence })).sequence).toBe(sequence);
  });
});

describe('the top level', () => {
  test.each<[string, unknown, string]>([
    ['a list', [], '(top level): expected an object (found a list)'],
    ['null', null, '(top level): expected an object (found null)'],
    ['a string', 'household', '(top level): expected an object (found a string)'],
    ['a number', 2, '(top level): expected an object (found a number)'],
    ['true', true, '(top level): expected an object (found true or false)'],
  ])('%s is no store', (_what, value, message) => {
    expect(refusal(value)).toBe(message);
  });

  test.each<[string, unknown, string]>([
    ['missing', undefined, 'version: expected 1 or 2 (found nothing: the field is missing)'],
    ['0', 0, 'version: expected 1 or 2 (found another number)'],
    ['2.5', 2.5, 'version: expected 1 or 2 (found another number)'],
    ['"2"', '2', 'version: expected 1 or 2 (found a string)'],
    ['"3"', '3', 'version: expected 1 or 2 (found a string)'],
    ['null', null, 'version: expected 1 or 2 (found null)'],
    ['an object', {}, 'version: expected 1 or 2 (found an object)'],
    ['3', 3, 'version: the file is from a newer version of household than this one (which reads versions 1 and 2); upgrade household'],
    ['1000', 1000, 'version: the file is from a newer version of household than this one (which reads versions 1 and 2); upgrade household'],
  ])('version %s', (_what, version, message) => {
    const value = store();
    if (version === undefined) delete value.version;
    else value.version = version;
    expect(refusal(value)).toBe(message);
  });

  test('an unknown field is named only by where it is, never by its name', () => {
    expect(refusal(store({ DB_PASSWORD: 'hunter2' }))).toBe('(top level): an unknown field');
  });

  test('a version 1 store has no sequence: one there is an unknown field', () => {
    expect(refusal({ version: 1, sequence: 3, plan: 'free', accounts: [admin()] })).toBe('(top level): an unknown field');
  });

  test.each<[string, unknown, string]>([
    ['missing', undefined, 'sequence: expected a whole number from 0 to 1000000000 (found nothing: the field is missing)'],
    ['a string', '7', 'sequence: expected a whole number from 0 to 1000000000 (found a string)'],
    ['negative', -1, 'sequence: expected a whole number from 0 to 1000000000'],
    ['a fraction', 1.5, 'sequence: expected a whole number from 0 to 1000000000'],
    ['past the limit', 1_000_000_001, 'sequence: expected a whole number from 0 to 1000000000'],
  ])('a sequence %s', (_what, sequence, message) => {
    const value = store();
    if (sequence === undefined) delete value.sequence;
    else value.sequence = sequence;
    expect(refusal(value)).toBe(message);
  });

  test.each<[string, unknown, string]>([
    ['another string', 'gold', 'plan: expected one of free, pass (found another string)'],
    ['missing', undefined, 'plan: expected one of free, pass (found nothing: the field is missing)'],
    ['a number', 1, 'plan: expected one of free, pass (found a number)'],
  ])('a plan that is %s', (_what, plan, message) => {
    const value = store();
    if (plan === undefined) delete value.plan;
    else value.plan = plan;
    expect(refusal(value)).toBe(message);
  });

  test.each<[string, unknown, string]>([
    ['an object', {}, 'accounts: expected a list (found an object)'],
    ['missing', undefined, 'accounts: expected a list (found nothing: the field is missing)'],
  ])('accounts that are %s', (_what, accounts, message) => {
    const value = store();
    if (accounts === undefined) delete value.accounts;
    else value.accounts = accounts;
    expect(refusal(value)).toBe(message);
  });
});

describe('the number of accounts and admins', () => {
  const members = (count: number) => Array.from({ length: count }, (_, i) => member({ name: `member${i + 1}` }));

  test('15 accounts, the admin included, are read', () => {
    expect(parseHousehold(store({}, [admin(), ...members(14)])).accounts).toHaveLength(15);
  });

  test('16 are refused before any account is looked at', () => {
    expect(refusal(store({}, [admin(), ...members(14), 'not even an account']))).toBe('accounts: at most 15 accounts (found 16)');
  });

  test.each<[string, unknown[], string]>([
    ['no account at all', [], 'accounts: expected exactly one admin (found 0)'],
    ['members only', [member()], 'accounts: expected exactly one admin (found 0)'],
    ['two admins', [admin(), admin({ name: 'carol' })], 'accounts: expected exactly one admin (found 2)'],
  ])('%s', (_what, accounts, message) => {
    expect(refusal(store({}, accounts))).toBe(message);
  });
});

describe('names', () => {
  test('a name that differs only in case is a duplicate, named at the later account', () => {
    expect(refusal(store({}, [admin(), member(), managed({ name: 'ALICE' })]))).toBe(
      'accounts[2].name: duplicates the name of accounts[0] (names are unique without regard to case)',
    );
    expect(refusal(store({}, [admin(), member(), managed({ name: 'Bob' })]))).toBe(
      'accounts[2].name: duplicates the name of accounts[1] (names are unique without regard to case)',
    );
  });

  test('composed and decomposed forms of one name are a duplicate', () => {
    expect(refusal(store({}, [admin({ name: 'Caf\u00e9' }), member({ name: 'cafe\u0301' })]))).toBe(
      'accounts[1].name: duplicates the name of accounts[0] (names are unique without regard to case)',
    );
  });

  test('names made unique under version 1 rules are kept, even where the new rule would take them as one', () => {
    // Straße and STRASSE are one name for new accounts, but a store may already hold both.
    const accounts = parseHousehold(store({}, [admin({ name: 'Straße' }), member({ name: 'STRASSE' })])).accounts;
    expect(accounts.map((entry) => entry.name)).toEqual(['Straße', 'STRASSE']);
  });

  test.each<[string, unknown, string]>([
    ['not a string', 42, 'accounts[1].name: expected a string (found a number)'],
    ['missing', undefined, 'accounts[1].name: expected a string (found nothing: the field is missing)'],
    ['empty', '', 'accounts[1].name: a name needs at least 1 character'],
    ['with a control character', 'bob\nalice', 'accounts[1].name: a name cannot hold control characters'],
    ['too long', 'b'.repeat(33), 'accounts[1].name: a name has at most 32 characters (this one has 33)'],
  ])('a name %s', (_what, name, message) => {
    expect(refusal(withAccountField(1, 'name', name))).toBe(message);
  });

  test('32 characters are enough', () => {
    expect(parseHousehold(withAccountField(1, 'name', 'b'.repeat(32))).accounts[1].name).toBe('b'.repeat(32));
  });
});

describe('an account, field by field', () => {
  test.each<[string, number, string, unknown, string]>([
    ['a kind that is another string', 1, 'kind', 'owner', 'accounts[1].kind: expected one of admin, managed, member (found another string)'],
    ['a kind that is a number', 1, 'kind', 0, 'accounts[1].kind: expected one of admin, managed, member (found a number)'],
    ['no kind', 1, 'kind', undefined, 'accounts[1].kind: expected one of admin, managed, member (found nothing: the field is missing)'],
    ['an email that is a number', 1, 'email', 7, 'accounts[1].email: expected a string or null (found a number)'],
    ['an email that is a list', 0, 'email', [], 'accounts[0].email: expected a string or null (found a list)'],
    ['a managed account with an e-mail', 2, 'email', 'kid@example.org', 'accounts[2].email: a managed account has no e-mail'],
    ['a managed account with a password', 2, 'passwordHash', argon2(), 'accounts[2].passwordHash: a managed account has no password'],
    ['a managed account without a restriction', 2, 'restriction', undefined, 'accounts[2].restriction: expected one of none, younger-kid, older-kid, teen (found nothing: the field is missing)'],
    ['a managed account with a null restriction', 2, 'restriction', null, 'accounts[2].restriction: expected one of none, younger-kid, older-kid, teen (found null)'],
    ['an unknown restriction', 2, 'restriction', 'adult', 'accounts[2].restriction: expected one of none, younger-kid, older-kid, teen (found another string)'],
    ['an admin with a restriction', 0, 'restriction', 'none', 'accounts[0].restriction: only managed accounts have one (this is admin)'],
    ['a member with a restriction', 1, 'restriction', 'teen', 'accounts[1].restriction: only managed accounts have one (this is member)'],
    ['an admin without a password', 0, 'passwordHash', null, 'accounts[0].passwordHash: the admin needs a password hash'],
    ['a member without a password', 1, 'passwordHash', undefined, 'accounts[1].passwordHash: the member needs a password hash'],
    ['no failures', 1, 'failures', undefined, 'accounts[1].failures: expected an object (found nothing: the field is missing)'],
    ['failures that are a list', 2, 'failures', [], 'accounts[2].failures: expected an object (found a list)'],
    ['an unknown field in an account', 1, 'password', 'hunter2', 'accounts[1]: an unknown field'],
  ])('%s', (_what, index, field, value, message) => {
    expect(refusal(withAccountField(index, field, value))).toBe(message);
  });

  test('an account that is not an object', () => {
    expect(refusal(store({}, [admin(), 'bob']))).toBe('accounts[1]: expected an object (found a string)');
    expect(refusal(store({}, [admin(), null]))).toBe('accounts[1]: expected an object (found null)');
  });

  test.each<[string, Raw, string]>([
    ['an unknown kind of failure', { ...noFailures(), totp: { count: 0, coolingOffUntil: null } }, 'accounts[1].failures: an unknown field'],
    ['no pin count', { password: { count: 0, coolingOffUntil: null } }, 'accounts[1].failures.pin: expected an object (found nothing: the field is missing)'],
    ['no password count', { pin: { count: 0, coolingOffUntil: null } }, 'accounts[1].failures.password: expected an object (found nothing: the field is missing)'],
    ['an unknown field in a count', { ...noFailures(), pin: { count: 0, coolingOffUntil: null, last: 1 } }, 'accounts[1].failures.pin: an unknown field'],
    ['a count that is a string', { ...noFailures(), pin: { count: '3', coolingOffUntil: null } }, 'accounts[1].failures.pin.count: expected a whole number from 0 to 1000000000 (found a string)'],
    ['a negative count', { ...noFailures(), password: { count: -1, coolingOffUntil: null } }, 'accounts[1].failures.password.count: expected a whole number from 0 to 1000000000'],
    ['a fractional count', { ...noFailures(), pin: { count: 2.5, coolingOffUntil: null } }, 'accounts[1].failures.pin.count: expected a whole number from 0 to 1000000000'],
    ['a count past the limit', { ...noFailures(), pin: { count: 1_000_000_001, coolingOffUntil: null } }, 'accounts[1].failures.pin.count: expected a whole number from 0 to 1000000000'],
    ['no count', { ...noFailures(), pin: { coolingOffUntil: null } }, 'accounts[1].failures.pin.count: expected a whole number from 0 to 1000000000 (found nothing: the field is missing)'],
    [
      'no cooling-off field',
      { ...noFailures(), pin: { count: 0 } },
      'accounts[1].failures.pin.coolingOffUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z, or null (found nothing: the field is missing)',
    ],
    [
      'a cooling-off that is a number',
      { ...noFailures(), password: { count: 5, coolingOffUntil: 1767225600000 } },
      'accounts[1].failures.password.coolingOffUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z, or null (found a number)',
    ],
    [
      // A list of one time reads as that time when made a string: it must be refused as a list.
      'a cooling-off that is a list holding a time',
      { ...noFailures(), pin: { count: 5, coolingOffUntil: ['2026-01-31T12:00:00.000Z'] } },
      'accounts[1].failures.pin.coolingOffUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z, or null (found a list)',
    ],
    [
      'a cooling-off in local time',
      { ...noFailures(), pin: { count: 5, coolingOffUntil: '2026-01-31T12:00:00+01:00' } },
      'accounts[1].failures.pin.coolingOffUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z, or null (found another string)',
    ],
    [
      'a cooling-off on a day that does not exist',
      { ...noFailures(), pin: { count: 5, coolingOffUntil: '2026-02-31T12:00:00.000Z' } },
      'accounts[1].failures.pin.coolingOffUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z, or null (found another string)',
    ],
  ])('%s', (_what, failures, message) => {
    expect(refusal(withAccountField(1, 'failures', failures))).toBe(message);
  });
});

describe('argon2id hashes', () => {
  const pinHash = (hash: unknown) => refusal(withAccountField(1, 'pinHash', hash));
  const accepted = (hash: string) => parseHousehold(withAccountField(1, 'pinHash', hash)).accounts[1].pinHash;
  const notAHash = (found: string) => `accounts[1].pinHash: expected an argon2id hash or null (found ${found})`;
  const LANES = 'accounts[1].pinHash: argon2 lanes (p) must be 1 to 16';
  const PASSES = 'accounts[1].pinHash: argon2 passes (t) must be 1 to 10';
  const MEMORY = 'accounts[1].pinHash: argon2 memory (m) must be 8 KiB per lane to 1048576 KiB (1 GiB)';

  test('both versions of argon2id are read', () => {
    expect(accepted(argon2('m=65536,t=3,p=4', SALT, DIGEST, '$argon2id$v=19$'))).toBe(argon2());
    expect(accepted(argon2('m=65536,t=3,p=4', SALT, DIGEST, '$argon2id$v=16$'))).toBe(argon2('m=65536,t=3,p=4', SALT, DIGEST, '$argon2id$v=16$'));
  });

  test.each<[string, unknown, string]>([
    ['a number', 1234, notAHash('a number')],
    ['an object', {}, notAHash('an object')],
    ['a hash inside a list', [argon2()], notAHash('a list')],
    ['true', true, notAHash('true or false')],
    ['a PIN in plain text', '4829', notAHash('another string')],
    ['argon2i', argon2('m=65536,t=3,p=4', SALT, DIGEST, '$argon2i$v=19$'), notAHash('another string')],
    ['an unknown argon2 version', argon2('m=65536,t=3,p=4', SALT, DIGEST, '$argon2id$v=18$'), notAHash('another string')],
    ['a bcrypt hash', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', notAHash('another string')],
    ['parameters in another order', argon2('t=3,m=65536,p=4'), notAHash('another string')],
    ['text after the hash', `${argon2()}$`, notAHash('another string')],
    ['text before the hash', ` ${argon2()}`, notAHash('another string')],
    ['a padded salt', argon2('m=65536,t=3,p=4', `${SALT}==`), notAHash('another string')],
  ])('%s is no hash', (_what, hash, message) => {
    expect(pinHash(hash)).toBe(message);
  });

  test('the same rules hold for password hashes', () => {
    expect(refusal(withAccountField(1, 'passwordHash', 'hunter22'))).toBe('accounts[1].passwordHash: expected an argon2id hash or null (found another string)');
    expect(refusal(withAccountField(0, 'passwordHash', argon2('m=65536,t=11,p=4')))).toBe('accounts[0].passwordHash: argon2 passes (t) must be 1 to 10');
  });

  test.each<[string, string, string | null]>([
    ['p=0', 'm=65536,t=3,p=0', LANES],
    ['p=1', 'm=65536,t=3,p=1', null],
    ['p=16', 'm=65536,t=3,p=16', null],
    ['p=17', 'm=65536,t=3,p=17', LANES],
    ['t=0', 'm=65536,t=0,p=4', PASSES],
    ['t=1', 'm=65536,t=1,p=4', null],
    ['t=10', 'm=65536,t=10,p=4', null],
    ['t=11', 'm=65536,t=11,p=4', PASSES],
    ['m=8 with one lane', 'm=8,t=3,p=1', null],
    ['m=7 with one lane', 'm=7,t=3,p=1', MEMORY],
    ['m=32 with four lanes (8 per lane)', 'm=32,t=3,p=4', null],
    ['m=31 with four lanes', 'm=31,t=3,p=4', MEMORY],
    ['m=128 with sixteen lanes', 'm=128,t=1,p=16', null],
    ['m=127 with sixteen lanes', 'm=127,t=1,p=16', MEMORY],
    ['m=0', 'm=0,t=3,p=1', MEMORY],
    ['1 GiB', 'm=1048576,t=3,p=4', null],
    ['1 GiB and 1 KiB', 'm=1048577,t=3,p=4', MEMORY],
    ['t=4294967295, which would hang every check', 'm=65536,t=4294967295,p=4', PASSES],
    ['ten digits (leading zeros)', 'm=0000065536,t=0000000003,p=0000000004', null],
    ['eleven digits of m', 'm=00000065536,t=3,p=4', 'accounts[1].pinHash: expected an argon2id hash or null (found another string)'],
    ['eleven digits of t', 'm=65536,t=00000000003,p=4', 'accounts[1].pinHash: expected an argon2id hash or null (found another string)'],
    ['eleven digits of p', 'm=65536,t=3,p=00000000004', 'accounts[1].pinHash: expected an argon2id hash or null (found another string)'],
    ['a number too large for argon2', 'm=99999999999999999999,t=3,p=4', 'accounts[1].pinHash: expected an argon2id hash or null (found another string)'],
  ])('%s', (_what, params, message) => {
    if (message === null) expect(accepted(argon2(params))).toBe(argon2(params));
    else expect(pinHash(argon2(params))).toBe(message);
  });

  test.each<[string, string, string, boolean]>([
    ['a salt of 8 bytes (11 characters)', 'A'.repeat(11), DIGEST, true],
    ['a salt of 10 characters', 'A'.repeat(10), DIGEST, false],
    ['a salt of 66 bytes (88 characters)', 'A'.repeat(88), DIGEST, true],
    ['a salt of 89 characters', 'A'.repeat(89), DIGEST, false],
    ['a hash of 4 bytes (6 characters)', SALT, 'A'.repeat(6), true],
    ['a hash of 5 characters', SALT, 'A'.repeat(5), false],
    ['a hash of 66 bytes (88 characters)', SALT, 'A'.repeat(88), true],
    ['a hash of 89 characters', SALT, 'A'.repeat(89), false],
  ])('%s', (_what, salt, digest, ok) => {
    const hash = argon2('m=65536,t=3,p=4', salt, digest);
    if (ok) expect(accepted(hash)).toBe(hash);
    else expect(pinHash(hash)).toBe(notAHash('another string'));
  });
});

describe('serializeHousehold', () => {
  test('pretty-printed with two spaces and a final line end, and read back as it was', () => {
    const household = parseHousehold(store());
    const text = serializeHousehold(household);
    expect(text).toBe(`${JSON.stringify(household, null, 2)}\n`);
    expect(text.startsWith('{\n  "version": 2,\n  "sequence": 7,\n  "plan": "pass",\n  "accounts": [\n    {\n      "name": "alice",')).toBe(true);
    expect(parseHousehold(JSON.parse(text))).toEqual(household);
  });
});

describe('through the file store: what the user reads (exit 78, the file left alone)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'household-schema-'));
    path = join(dir, 'household.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function readError(text: string): Promise<HouseholdError> {
    writeFileSync(path, text, { mode: 0o600 });
    const store = new FileStore(async () => path, { now: () => Date.now(), actor: () => ({ user: 'tester', sudoUser: null, from: null }) });
    const error = await store.update(() => undefined).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HouseholdError);
    expect(readFileSync(path, 'utf8')).toBe(text);
    return error as HouseholdError;
  }

  test('a field the format defines is named by its path', async () => {
    const text = JSON.stringify(withAccountField(1, 'pinHash', argon2('m=65536,t=11,p=4')), null, 2);
    const error = await readError(text);
    expect([error.code, error.exitCode]).toEqual(['STORE_UNUSABLE', 78]);
    expect(error.message).toBe(`the store ${path} is unusable: accounts[1].pinHash: argon2 passes (t) must be 1 to 10`);
  });

  test('an unknown field is named by where it is, never by its name or value', async () => {
    const text = ['{', '  "version": 2,', '  "sequence": 0,', '  "plan": "free",', '  "DB_PASSWORD": "hunter2",', '  "accounts": []', '}'].join('\n');
    const error = await readError(text);
    expect(error.message).toBe(`the store ${path} is unusable: (top level): an unknown field at line 5, column 3`);
    expect(error.message).not.toMatch(/DB_PASSWORD|hunter2/);
  });
});

describe('the key fields (v3): optional, checked like every other, written only when set', () => {
  const KEYED = { keyFile: '/root/.config/household/household.json.key' };
  function problem(raw: Raw): string | undefined {
    try {
      parseHousehold(raw);
      return undefined;
    } catch (error) {
      if (error instanceof SchemaError) return error.message;
      throw error;
    }
  }

  /** Ten recovery codes, some used up. */
  const CODES = [argon2('m=4096,t=1,p=1'), null, ...Array.from({ length: 8 }, () => argon2('m=4096,t=1,p=1'))];

  test('a keyed store round-trips: the path and each id beside its hash (the recovery codes: one id for the set)', () => {
    const raw = store(KEYED, [admin({ passwordKeyId: '0a1b2c3d', recoveryCodes: CODES, recoveryKeyId: '0a1b2c3d' }), member({ pinKeyId: '0a1b2c3d', passwordKeyId: 'ffffffff' }), managed()]);
    const parsed = parseHousehold(raw);
    expect(JSON.parse(serializeHousehold(parsed))).toEqual(raw);
  });

  test('a store without them is written without them', () => {
    expect(serializeHousehold(parseHousehold(store()))).not.toMatch(/keyFile|KeyId/);
  });

  test.each([
    ['a relative key file', store({ keyFile: 'household.key' }), 'keyFile: expected the absolute path of the key file (found another string)'],
    ['a key file that is a number', store({ keyFile: 7 }), 'keyFile: expected the absolute path of the key file (found a number)'],
    ['a key file path with a newline', store({ keyFile: '/a\nb' }), 'keyFile: expected the absolute path of the key file (found another string)'],
    ['a key id of 7 digits', store(KEYED, [admin({ passwordKeyId: '0a1b2c3' })]), 'accounts[0].passwordKeyId: expected a key id of 8 hex digits (found another string)'],
    ['a key id in capitals', store(KEYED, [admin({ passwordKeyId: '0A1B2C3D' })]), 'accounts[0].passwordKeyId: expected a key id of 8 hex digits (found another string)'],
    ['a key id that is null', store(KEYED, [admin({ passwordKeyId: null })]), 'accounts[0].passwordKeyId: expected a key id of 8 hex digits (found null)'],
    ['a key id beside no hash', store(KEYED, [admin({ pinKeyId: '0a1b2c3d' })]), 'accounts[0].pinKeyId: a key id needs the hash it was made for'],
    ['a key id in a store with no key file', store({}, [admin({ passwordKeyId: '0a1b2c3d' })]), 'accounts[0].passwordKeyId: the store names no key file'],
    ['a PIN key id in a store with no key file', store({}, [admin(), member({ pinKeyId: '0a1b2c3d' })]), 'accounts[1].pinKeyId: the store names no key file'],
    ['a recovery key id in a store with no key file', store({}, [admin({ recoveryCodes: CODES, recoveryKeyId: '0a1b2c3d' })]), 'accounts[0].recoveryKeyId: the store names no key file'],
    ['a recovery key id without codes', store(KEYED, [admin({ recoveryKeyId: '0a1b2c3d' })]), 'accounts[0].recoveryKeyId: a key id needs the recovery codes it was made for'],
    ['a recovery key id that is null', store(KEYED, [admin({ recoveryCodes: CODES, recoveryKeyId: null })]), 'accounts[0].recoveryKeyId: expected a key id of 8 hex digits (found null)'],
    ['a recovery key id on a member (who has no codes)', store(KEYED, [admin(), member({ recoveryKeyId: '0a1b2c3d' })]), 'accounts[1].recoveryKeyId: a key id needs the recovery codes it was made for'],
    ['a key file in a version 1 store', { version: 1, plan: 'pass', accounts: [admin()], ...KEYED }, '(top level): an unknown field'],
  ])('%s: 78 naming the field', (_what, raw, message) => {
    expect(problem(raw as Raw)).toBe(message);
  });
});

describe('the key fields at their limits', () => {
  test('a key file path of 4096 characters is read, of 4097 refused', () => {
    const path = (length: number) => `/${'k'.repeat(length - 1)}`;
    expect(parseHousehold(store({ keyFile: path(4096) })).keyFile).toHaveLength(4096);
    expect(refusal(store({ keyFile: path(4097) }))).toBe('keyFile: expected the absolute path of the key file (found another string)');
  });

  test('key ids are keys of the parsed account only where the store has them', () => {
    const parsed = parseHousehold(store({ keyFile: '/k' }, [admin({ passwordKeyId: '0a1b2c3d' }), member(), managed()]));
    expect(Object.keys(parsed)).toEqual(['version', 'sequence', 'plan', 'accounts', 'keyFile']);
    expect(Object.keys(parsed.accounts[0])).toContain('passwordKeyId');
    expect(Object.keys(parsed.accounts[0])).not.toContain('pinKeyId');
    expect(Object.keys(parsed.accounts[1]).filter((key) => /KeyId|recovery/.test(key))).toEqual([]);
  });
});
