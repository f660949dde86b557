import { pinResetRun } from '../../src/commands/pin/reset.js';
import { attempt, testContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { NO_TERMINAL, PIN, failuresOf, pinOf } from '../fakes/lookups.js';

describe('pin reset: every cell of the rules table', () => {
  test.each([
    ['alice', PASSWORDS.admin, { alice: '7391' }],
    ['bob', PASSWORDS.member, { bob: '7391' }],
    ['bob', PASSWORDS.member, {}],
  ] as const)('%s: new PIN twice, then the password', async (name, password, pins) => {
    const ctx = testContext({
      household: household(pins),
      answers: [[`New PIN for ${name}`, '5167'], [`New PIN for ${name} again`, '5167'], [`${name}'s password`, password]],
    });
    expect(await attempt(ctx, () => pinResetRun(ctx, { name }))).toBeUndefined();
    expect(pinOf(ctx, name)).toBe(PIN('5167'));
    expect(ctx.hasher.verifies).toBe(1);
    expect(ctx.stderr.text).toBe(`reset the PIN of ${name}\n`);
  });

  test.each(['alice', 'bob'])('%s: a wrong password is refused (77) and counted', async (name) => {
    const ctx = testContext({
      household: household({ alice: '7391', bob: '7391' }),
      answers: [[`New PIN for ${name}`, '5167'], [`New PIN for ${name} again`, '5167'], [`${name}'s password`, 'wrong password']],
    });
    const error = await attempt(ctx, () => pinResetRun(ctx, { name }));
    expect([error?.code, error?.exitCode]).toEqual(['WRONG_PASSWORD', 77]);
    expect(pinOf(ctx, name)).toBe(PIN('7391'));
    expect(failuresOf(ctx, name).password.count).toBe(1);
  });

  test.each([{}, { kid1: '7391' }])('a managed account is refused (77) by the rule, with %j', async (pins) => {
    const ctx = testContext({ household: household(pins) });
    const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'kid1' }));
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(error?.message).toContain('a managed account has no password');
  });

  test('a typo in the new PIN costs no password attempt', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [['New PIN for alice', '5167'], ['New PIN for alice again', '5679']] });
    const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'alice' }));
    expect(error?.code).toBe('PIN_MISMATCH');
    expect(ctx.hasher.verifies).toBe(0);
    expect(failuresOf(ctx, 'alice').password.count).toBe(0);
  });
});

describe('pin reset', () => {
  test('without a way to ask: 64 naming the new PIN', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (New PIN for bob) and ${NO_TERMINAL}`]);
  });

  test('--json: the account whose PIN was reset', async () => {
    const ctx = testContext({ household: household(), answers: [['New PIN for bob', '1357'], ['New PIN for bob again', '1357'], ["bob's password", PASSWORDS.member]], json: true });
    expect(await attempt(ctx, () => pinResetRun(ctx, { name: 'BOB' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ pinReset: 'bob' });
  });
});
