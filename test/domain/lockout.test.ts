import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { findAccount } from '../../src/domain/accounts.js';
import { boundedCoolingOff, checkRefusal, cleared, coolingOffAfter, lockoutState, recordAttempt, remainingCoolingOff, withFailure, wrongSecretError } from '../../src/domain/lockout.js';
import { describeDuration } from '../../src/domain/time.js';
import { FakeHasher, attempt, testContext, withAnswers, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';

const MINUTE = 60_000;

function wrongPinRemove(ctx: TestContext) {
  return pinRemoveRun(ctx, { names: ['alice'], allManaged: false });
}

const NOW = Date.parse('2026-01-01T12:00:00Z');
const IN_AN_HOUR = '2026-01-01T13:00:00.000Z';
const bob = { name: 'bob', kind: 'member' } as const;
const kid = { name: 'kid1', kind: 'managed' } as const;

describe('how a wait is said', () => {
  test.each([
    [1, '1 second'],
    [999, '1 second'],
    [1_001, '2 seconds'],
    [59_000, '59 seconds'],
    [59_001, '1 minute'],
    [60_000, '1 minute'],
    [61_000, '1 minute 1 second'],
    [62_000, '1 minute 2 seconds'],
    [120_000, '2 minutes'],
    [150_000, '2 minutes 30 seconds'],
    [3_600_000, '60 minutes'],
  ])('%i ms is "%s", whole seconds rounded up', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});

describe('lockout maths', () => {
  test('the 5th failure in a row starts 1 minute, each further one doubles it, never past an hour', () => {
    expect([1, 2, 3, 4].map(coolingOffAfter)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 12, 1000].map((n) => coolingOffAfter(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  test('a failure records when the cooling-off ends', () => {
    let failures = cleared();
    const now = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 5; i += 1) failures = withFailure(failures, now);
    expect(failures).toEqual({ count: 5, coolingOffUntil: '2026-01-01T00:01:00.000Z' });
    expect(remainingCoolingOff(failures, now + 30_000)).toBe(30_000);
    expect(remainingCoolingOff(failures, now + MINUTE)).toBe(0);
  });
});

describe('lockout in the handlers (fake clock, no sleeping)', () => {
  async function failPin(ctx: TestContext, times: number): Promise<string[]> {
    const codes: string[] = [];
    for (let i = 0; i < times; i += 1) {
      const attemptCtx = withAnswers(ctx, [["alice's current PIN", '5038']]);
      const error = await attempt(attemptCtx, () => wrongPinRemove(attemptCtx));
      codes.push(`${error?.code} ${error?.message}`);
    }
    return codes;
  }

  test('5 wrong PINs start a 1-minute cooling-off; refused tries are not counted and not hashed', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }) });
    const messages = await failPin(ctx, 5);
    expect(messages[0]).toBe('WRONG_PIN wrong PIN for alice; 4 more wrong tries start a 1-minute cooling-off');
    expect(messages[3]).toBe('WRONG_PIN wrong PIN for alice; 1 more wrong try starts a 1-minute cooling-off');
    expect(messages[4]).toBe('WRONG_PIN wrong PIN for alice; its PIN checks are refused for 1 minute');
    const verifies = ctx.hasher.verifies;

    const refusedCtx = withAnswers(ctx, []);
    const refused = await attempt(refusedCtx, () => pinRemoveRun(refusedCtx, { names: ['alice'], allManaged: false }));
    expect([refused?.code, refused?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(refused?.message).toBe("alice's PIN checks are cooling off after 5 wrong tries in a row; try again in 1 minute (at 12:01:00)");
    expect(refused?.hint).toContain('household pin reset alice');
    expect(ctx.hasher.verifies).toBe(verifies);
    expect(findAccount(ctx.store.current(), 'alice')!.failures.pin.count).toBe(5);

    ctx.clock.advance(MINUTE - 1000);
    const still = await attempt(refusedCtx, () => pinRemoveRun(refusedCtx, { names: ['alice'], allManaged: false }));
    expect(still?.message).toBe("alice's PIN checks are cooling off after 5 wrong tries in a row; try again in 1 second (at 12:01:00)");

    ctx.clock.advance(1000);
    expect(await failPin(ctx, 1)).toEqual(['WRONG_PIN wrong PIN for alice; its PIN checks are refused for 2 minutes']);
    ctx.clock.advance(2 * MINUTE);
    expect(await failPin(ctx, 1)).toEqual(['WRONG_PIN wrong PIN for alice; its PIN checks are refused for 4 minutes']);
  });

  test('a PIN lockout leaves pin reset open, and a reset clears both counts', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }) });
    await failPin(ctx, 5);
    const resetCtx = withAnswers(ctx, [['New PIN for alice', '2468'], ['New PIN for alice again', '2468'], ["alice's password", PASSWORDS.admin]]);
    expect(await attempt(resetCtx, () => pinResetRun(resetCtx, { name: 'alice' }))).toBeUndefined();
    const alice = findAccount(ctx.store.current(), 'alice')!;
    expect(alice.pinHash).toBe(FakeHasher.hashOf('2468'));
    expect(alice.failures).toEqual({ pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } });
  });

  test('a password lockout refuses pin reset before anything is typed', async () => {
    const h = household({ bob: '7391' });
    h.accounts[1].failures.password = { count: 5, coolingOffUntil: '2026-01-01T12:00:30.000Z' };
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(error?.message).toContain("bob's password checks are cooling off");
    expect(error?.message).toContain('try again in 30 seconds');
  });

  test('a success resets the count of its kind only', async () => {
    const h = household({ bob: '7391' });
    h.accounts[1].failures = { pin: { count: 3, coolingOffUntil: null }, password: { count: 2, coolingOffUntil: null } };
    const ctx = testContext({ household: h, answers: [["bob's current PIN", '7391'], ['New PIN for bob', '6142'], ['New PIN for bob again', '6142']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'bob')!.failures).toEqual({ pin: { count: 0, coolingOffUntil: null }, password: { count: 2, coolingOffUntil: null } });
  });
});

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
