import { boundedCoolingOff, checkRefusal, lockoutState, recordAttempt, remainingCoolingOff, wrongSecretError } from '../../src/domain/lockout.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const IN_AN_HOUR = '2026-01-01T13:00:00.000Z';
const bob = { name: 'bob', kind: 'member' } as const;
const kid = { name: 'kid1', kind: 'managed' } as const;

describe('boundedCoolingOff: what a refusal writes back', () => {
  test('a cooling-off further than an hour away is brought to an hour from now', () => {
    expect(boundedCoolingOff({ count: 7, coolingOffUntil: '9999-12-31T23:59:59.000Z' }, NOW)).toEqual({ count: 7, coolingOffUntil: IN_AN_HOUR });
    expect(boundedCoolingOff({ count: 7, coolingOffUntil: '2026-01-01T13:00:00.001Z' }, NOW)).toEqual({ count: 7, coolingOffUntil: IN_AN_HOUR });
  });

  test.each([
    ['none (a disabled kind)', { count: 100, coolingOffUntil: null }],
    ['one within the hour', { count: 6, coolingOffUntil: '2026-01-01T12:02:00.000Z' }],
    ['one exactly an hour away, as written', { count: 11, coolingOffUntil: '2026-01-01T13:00:00Z' }],
    ['one that is no valid time', { count: 5, coolingOffUntil: 'soon' }],
  ])('%s is kept as it is', (_label, failures) => {
    expect(boundedCoolingOff(failures, NOW)).toEqual(failures);
  });
});

describe('boundedCoolingOff and remainingCoolingOff on none at all', () => {
  test('no cooling-off: kept as none, and nothing to wait', () => {
    expect(boundedCoolingOff({ count: 3, coolingOffUntil: null }, NOW)).toEqual({ count: 3, coolingOffUntil: null });
    expect(remainingCoolingOff({ count: 3, coolingOffUntil: null }, NOW)).toBe(0);
  });
});

describe('remainingCoolingOff', () => {
  test.each([
    [null, 0],
    ['not a time', 0],
    ['2026-01-01T11:59:00.000Z', 0],
    ['2026-01-01T12:00:30.000Z', 30_000],
    ['2030-01-01T00:00:00.000Z', 3_600_000],
  ])('until %s: %i ms', (until, ms) => {
    expect(remainingCoolingOff({ count: 5, coolingOffUntil: until }, NOW)).toBe(ms);
  });
});

describe('refusals before a check: the hint fits the kind and the account', () => {
  test('a disabled password: 77, the operator clears it with --password', () => {
    const error = checkRefusal(bob, 'password', { count: 100, coolingOffUntil: null }, NOW);
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual([
      'DISABLED',
      77,
      "bob's password checks are disabled after 100 wrong tries in a row",
      'an operator can clear it with: household users unlock bob --password',
    ]);
  });

  test('a disabled PIN: --pin, or a reset with the password; a managed account has only --pin', () => {
    expect(checkRefusal(bob, 'pin', { count: 120, coolingOffUntil: null }, NOW)?.hint).toBe(
      'an operator can clear it with: household users unlock bob --pin; or reset the PIN with the password: household pin reset bob',
    );
    expect(checkRefusal(kid, 'pin', { count: 100, coolingOffUntil: null }, NOW)?.hint).toBe('an operator can clear it with: household users unlock kid1 --pin');
  });

  test('a password cooling off: 75 and no hint (no reset undoes it)', () => {
    const error = checkRefusal(bob, 'password', { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' }, NOW);
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual([
      'COOLING_OFF',
      75,
      "bob's password checks are cooling off after 5 wrong tries in a row; try again in 1 minute (at 12:01:00)",
      undefined,
    ]);
  });

  test('a PIN cooling off: the reset for a member, the operator for a managed account', () => {
    const failures = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    expect(checkRefusal(bob, 'pin', failures, NOW)?.hint).toBe('a forgotten PIN can be reset with the account password: household pin reset bob');
    expect(checkRefusal(kid, 'pin', failures, NOW)?.hint).toBe('an operator can clear it with: household users unlock kid1 --pin');
  });

  test('nothing in force: no refusal, and the attempt is counted', () => {
    expect(checkRefusal(bob, 'pin', { count: 4, coolingOffUntil: null }, NOW)).toBeNull();
    expect(recordAttempt(bob, 'pin', { count: 4, coolingOffUntil: null }, NOW)).toEqual({ after: { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' } });
  });
});

describe('wrongSecretError: what the failure just counted did', () => {
  test('the 100th: the checks are now disabled, and who can clear them', () => {
    const error = wrongSecretError(kid, 'pin', { count: 100, coolingOffUntil: IN_AN_HOUR });
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'WRONG_PIN',
      77,
      'wrong PIN for kid1; that was 100 wrong tries in a row, so its PIN checks are now disabled',
      'an operator can clear it with: household users unlock kid1 --pin',
    ]);
  });

  test('a wrong password that starts a cooling-off: WRONG_PASSWORD, how long, no hint', () => {
    const error = wrongSecretError(bob, 'password', { count: 6, coolingOffUntil: '2026-01-01T12:02:00.000Z' });
    expect([error.code, error.message, error.hint]).toEqual(['WRONG_PASSWORD', 'wrong password for bob; its password checks are refused for 2 minutes', undefined]);
  });
});

test('lockoutState: an expired cooling-off is null; disabled from 100', () => {
  expect(lockoutState({ count: 5, coolingOffUntil: '2026-01-01T11:00:00.000Z' }, NOW)).toEqual({ failures: 5, coolingOffUntil: null, disabled: false });
  expect(lockoutState({ count: 100, coolingOffUntil: '2026-01-01T12:00:10.000Z' }, NOW)).toEqual({ failures: 100, coolingOffUntil: '2026-01-01T12:00:10.000Z', disabled: true });
});
