import { normalizeRecoveryCode, recoveryCodesLeft, showRecoveryCode, unusedRecoveryCodes } from '../../src/domain/recovery.js';
import { refusalOf } from '../fakes/refusals.js';

/**
 * Recovery codes as typed and as stored (src/domain/recovery.ts): the form a typed code is hashed in,
 * the 65 for what cannot be a code, and which of the admin's codes are left. Using them is
 * test/handlers/recovery.test.ts.
 */

describe('normalizeRecoveryCode', () => {
  test.each([
    ['abcde-fghjk', 'abcdefghjk'],
    ['abcdefghjk', 'abcdefghjk'],
    ['  ABCDE-fghjk \n', 'abcdefghjk'],
    ['23456-789xz', '23456789xz'],
  ])('%j is typed %j', (typed, code) => {
    expect(normalizeRecoveryCode(typed)).toBe(code);
    expect(showRecoveryCode(code)).toBe(`${code.slice(0, 5)}-${code.slice(5)}`);
  });

  test.each([
    ['11 characters without the dash', 'abcdefghjkm'],
    ['the dash elsewhere', 'abcd-efghjk'],
    ['the dash after 5 characters, 9 in all', 'abcde-fghj'],
    ['two dashes', 'abcde--fghjk'],
    ['a look-alike', 'abcde-fghj1'],
    ['nothing', ''],
  ])('%s: 65, saying what a code looks like, never quoting it', (_, typed) => {
    const error = refusalOf(() => normalizeRecoveryCode(typed));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'INVALID_INPUT',
      65,
      'a recovery code is 10 letters and digits, shown as xxxxx-xxxxx (without 0, 1, i, l or o); nothing was changed',
      'type it as init or recovery codes printed it; the dash and the case do not matter',
    ]);
  });
});

describe('the codes left', () => {
  test('a used or revoked code (null) is not left; the others keep their numbers (1-10)', () => {
    const account = { recoveryCodes: ['h1', null, 'h3', null, null, null, null, null, null, 'h10'] };
    expect(recoveryCodesLeft(account)).toBe(3);
    expect(unusedRecoveryCodes(account)).toEqual([
      { number: 1, hash: 'h1' },
      { number: 3, hash: 'h3' },
      { number: 10, hash: 'h10' },
    ]);
  });

  test('all used, or none made (a store from before version 3): none left', () => {
    expect(recoveryCodesLeft({ recoveryCodes: Array(10).fill(null) })).toBe(0);
    expect(unusedRecoveryCodes({ recoveryCodes: Array(10).fill(null) })).toEqual([]);
    expect(recoveryCodesLeft({})).toBe(0);
    expect(unusedRecoveryCodes({})).toEqual([]);
  });
});
