import { adminOf, ensureNameFree, ensureRoomFor, findAccount, passwordProblem, requireAccount, summarize, validateEmail } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { account, household, legacyHousehold } from '../fakes/households.js';

/** The error `run` throws (every rule here throws a HouseholdError), or undefined. */
function refusal(run: () => unknown): HouseholdError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof HouseholdError) return error;
    throw error;
  }
  return undefined;
}


describe('findAccount: which account a name means', () => {
  test.each([
    ['straße', 'straße'],
    ['STRAßE', 'straße'],
    ['STRA\u1e9eE', 'straße'],
    ['STRASSE', 'STRASSE'],
    ['strasse', 'STRASSE'],
  ])('in a store with both, %s means the one equal under the old rule: %s', (typed, meant) => {
    expect(findAccount(legacyHousehold(), typed)?.name).toBe(meant);
  });

  test('a name that fits both under the new rule and neither under the old is ambiguous (65), and says how to choose', () => {
    const error = refusal(() => findAccount(legacyHousehold(), 'ＳＴＲＡＳＳＥ'));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual([
      'INVALID_NAME',
      65,
      'the name ＳＴＲＡＳＳＥ fits 2 accounts',
      'type the name exactly as household users list shows it',
    ]);
  });

  test('one account that fits under the new rule only is that account (fullwidth, another case)', () => {
    expect(findAccount(household(), 'ＡＬＩＣＥ')?.name).toBe('alice');
    expect(findAccount(legacyHousehold(), 'ＢＯＢ')?.name).toBe('bob');
  });

  test('no account: undefined; requireAccount: 67 with a hint to list them', () => {
    expect(findAccount(household(), 'ghost')).toBeUndefined();
    const error = refusal(() => requireAccount(household(), 'ghost'));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual(['NO_ACCOUNT', 67, 'no account named ghost', 'household users list shows every account']);
  });
});

test('adminOf finds the admin wherever the store has it', () => {
  const h = household();
  h.accounts.reverse();
  expect(adminOf(h).name).toBe('alice');
});

test('adminOf of a household without an admin (which validation refuses) is a bug, never undefined', () => {
  const h = household();
  h.accounts = h.accounts.filter((account) => account.kind !== 'admin');
  expect(() => adminOf(h)).toThrow(new Error('household without an admin passed validation'));
});

describe('ensureNameFree and ensureRoomFor', () => {
  const DUPLICATE_HINT = 'names are unique without regard to case, width or accents written apart';

  test("another account's name in any case is 73, naming it as stored", () => {
    const error = refusal(() => ensureNameFree(household(), 'BOB'));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual(['DUPLICATE_NAME', 73, 'an account named bob already exists', DUPLICATE_HINT]);
  });

  test('renaming: its own name in another case is free; another account\'s is not', () => {
    const h = household();
    const bob = findAccount(h, 'bob')!;
    expect(refusal(() => ensureNameFree(h, 'BOB', bob))).toBeUndefined();
    expect(refusal(() => ensureNameFree(h, 'Kid1', bob))?.message).toBe('an account named kid1 already exists');
  });

  test('14 accounts leave room for one more; 15 are full (73), with the way to make room', () => {
    const h = household();
    for (let i = h.accounts.length; i < 14; i += 1) h.accounts.push(account(`k${i}`, 'managed'));
    expect(refusal(() => ensureRoomFor(h, 'fifteenth'))).toBeUndefined();
    h.accounts.push(account('fifteenth', 'managed'));
    const error = refusal(() => ensureRoomFor(h, 'sixteenth'));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual([
      'HOUSEHOLD_FULL',
      73,
      'the household is full: it holds at most 15 accounts, the admin included',
      'household users remove NAME makes room',
    ]);
  });
});

describe('passwordProblem: 8 to 1024 characters, counted in code points', () => {
  const EMOJI = '\u{1f600}';
  test.each([
    ['7 ASCII', 'a'.repeat(7), 'a password needs at least 8 characters'],
    ['7 emoji (14 UTF-16 units)', EMOJI.repeat(7), 'a password needs at least 8 characters'],
    ['8 ASCII', 'a'.repeat(8), null],
    ['8 emoji', EMOJI.repeat(8), null],
    ['1024 ASCII', 'a'.repeat(1024), null],
    ['1024 emoji (2048 units)', EMOJI.repeat(1024), null],
    ['1025 ASCII', 'a'.repeat(1025), 'a password has at most 1024 characters'],
    ['1025 emoji', EMOJI.repeat(1025), 'a password has at most 1024 characters'],
  ])('%s: %s', (_label, password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });
});

describe('validateEmail', () => {
  const INVALID = 'invalid e-mail address: expected the form name@host';

  test.each(['bob@example.org', 'a@b', `${'a'.repeat(242)}@example.org`])('%s is taken as it is', (email) => {
    expect(validateEmail(email)).toBe(email);
  });

  test.each([
    ['no @', 'bob.example.org'],
    ['two @', 'bob@@example.org'],
    ['an @ before the name', '@bob@example.org'],
    ['a space before', ' bob@example.org'],
    ['a space after', 'bob@example.org '],
    ['a space inside', 'bob smith@example.org'],
    ['255 characters', `${'a'.repeat(243)}@example.org`],
    ['a zero-width space', 'bob\u200b@example.org'],
    ['a C1 control', 'bob\u0085@example.org'],
    ['a line separator', 'bob@example.org\u2028'],
  ])('%s is 65', (_label, email) => {
    const error = refusal(() => validateEmail(email));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_EMAIL', 65, INVALID]);
  });
});

test('summarize: restriction none is null; never a hash', () => {
  expect(summarize(account('kid', 'managed', { pin: '4829' }))).toEqual({ name: 'kid', kind: 'managed', pinRequired: true, restriction: null });
  expect(summarize(account('kid', 'managed', { restriction: 'teen' }))).toEqual({ name: 'kid', kind: 'managed', pinRequired: false, restriction: 'teen' });
});
