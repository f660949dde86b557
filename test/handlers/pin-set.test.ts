import { pinSetRun } from '../../src/commands/pin/set.js';
import { findAccount } from '../../src/domain/accounts.js';
import { FakeHasher, attempt, testContext, withAnswers } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { PIN, failuresOf, kidsLockedOut, pinOf } from '../fakes/lookups.js';

describe('pin set: every cell of the rules table', () => {
  test.each([
    ['alice', 'admin without a PIN'],
    ['kid1', 'managed without a PIN'],
  ])('%s (%s) needs nothing: asks only the new PIN twice', async (name) => {
    const ctx = testContext({ household: household(), answers: [[`New PIN for ${name}`, '2857'], [`New PIN for ${name} again`, '2857']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name }))).toBeUndefined();
    expect(pinOf(ctx, name)).toBe(PIN('2857'));
    expect(ctx.stderr.text).toBe(`set the PIN of ${name}\n`);
    expect(ctx.hasher.verifies).toBe(0);
  });

  test('--json: {"pinSet": NAME, "replaced": false} when it had none, true when it had one', async () => {
    const ctx = testContext({ household: household({ kid2: '7391' }), json: true });
    const first = withAnswers(ctx, [['New PIN for kid1', '2857'], ['New PIN for kid1 again', '2857']]);
    expect(await attempt(first, () => pinSetRun(first, { name: 'kid1' }))).toBeUndefined();
    const second = withAnswers(ctx, [['New PIN for kid2', '6142'], ['New PIN for kid2 again', '6142']]);
    expect(await attempt(second, () => pinSetRun(second, { name: 'kid2' }))).toBeUndefined();
    expect(ctx.stdout.text.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { pinSet: 'kid1', replaced: false },
      { pinSet: 'kid2', replaced: true },
    ]);
  });

  test('managed with a PIN: changed with no proof', async () => {
    const ctx = testContext({ household: household({ kid2: '7391' }), answers: [['New PIN for kid2', '6142'], ['New PIN for kid2 again', '6142']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'KID2' }))).toBeUndefined();
    expect(pinOf(ctx, 'kid2')).toBe(PIN('6142'));
    expect(ctx.stderr.text).toBe('changed the PIN of kid2\n');
  });

  interface ProofCase {
    name: string;
    pins: Parameters<typeof household>[0];
    prompt: string;
    right: string;
    wrong: string;
    code: string;
    kind: 'pin' | 'password';
  }
  const PROOF_CASES: ProofCase[] = [
    { name: 'alice', pins: { alice: '7391' }, prompt: "alice's current PIN", right: '7391', wrong: '5038', code: 'WRONG_PIN', kind: 'pin' },
    { name: 'bob', pins: { bob: '7391' }, prompt: "bob's current PIN", right: '7391', wrong: '5038', code: 'WRONG_PIN', kind: 'pin' },
    { name: 'bob', pins: {}, prompt: "bob's password", right: PASSWORDS.member, wrong: 'not-the-password', code: 'WRONG_PASSWORD', kind: 'password' },
  ];

  test.each(PROOF_CASES)('$name with $pins: allowed with $prompt', async ({ name, pins, prompt, right }) => {
    const ctx = testContext({
      household: household(pins),
      answers: [[prompt, right], [`New PIN for ${name}`, '9684'], [`New PIN for ${name} again`, '9684']],
    });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name }))).toBeUndefined();
    expect(pinOf(ctx, name)).toBe(PIN('9684'));
    expect(ctx.hasher.verifies).toBe(1);
  });

  test.each(PROOF_CASES)('$name with $pins: refused with a wrong $prompt, counted, nothing else asked', async ({ name, pins, prompt, wrong, code, kind }) => {
    const ctx = testContext({ household: household(pins), answers: [[prompt, wrong]] });
    const before = pinOf(ctx, name);
    const error = await attempt(ctx, () => pinSetRun(ctx, { name }));
    expect(error?.code).toBe(code);
    expect(error?.exitCode).toBe(77);
    expect(error?.message).toContain(name);
    expect(error?.message).toContain('4 more wrong tries start a 1-minute cooling-off');
    expect(pinOf(ctx, name)).toBe(before);
    expect(failuresOf(ctx, name)[kind].count).toBe(1);
  });

  test('a current PIN that is not 4 digits is 65 and not counted', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '111']] });
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_PIN', 65]);
    expect(failuresOf(ctx, 'alice').pin.count).toBe(0);
    expect(ctx.hasher.verifies).toBe(0);
  });

  test.each(['12345', '123', 'abcd', '12 3', '١٢٣٤', '１２３４', ' 1234', ''])('new PIN %j is refused (65) before any change', async (bad) => {
    const ctx = testContext({ household: household(), answers: [['New PIN for kid1', bad]] });
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_PIN', 65]);
    expect(pinOf(ctx, 'kid1')).toBeNull();
    expect(ctx.store.writes).toBe(0);
  });

  test('a confirmation that does not match changes nothing (65)', async () => {
    const ctx = testContext({ household: household(), answers: [['New PIN for kid1', '4829'], ['New PIN for kid1 again', '1243']] });
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }));
    expect([error?.code, error?.exitCode]).toEqual(['PIN_MISMATCH', 65]);
    expect(ctx.store.writes).toBe(0);
  });

  test('an unknown account is 67 before anything is asked', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'nobody' }));
    expect([error?.code, error?.exitCode]).toEqual(['NO_ACCOUNT', 67]);
  });

  test('without a way to ask, it is 64 before the store is read', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }));
    expect(error?.exitCode).toBe(64);
    expect(error?.hint).toContain('--stdin');
    expect(ctx.store.reads).toBe(0);
  });

  test('a member proven by password whose hash is old gets it upgraded', async () => {
    const h = household();
    h.accounts[1].passwordHash = FakeHasher.hashOf(PASSWORDS.member, FakeHasher.OLD);
    const ctx = testContext({ household: h, answers: [["bob's password", PASSWORDS.member], ['New PIN for bob', '4829'], ['New PIN for bob again', '4829']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'bob')!.passwordHash).toBe(FakeHasher.hashOf(PASSWORDS.member));
  });

  test('if the account changed while the person typed, nothing is overwritten (75)', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391'], ['New PIN for alice', '6142'], ['New PIN for alice again', '6142']] });
    // Update 1 records the attempt; the PIN changes while the new one is typed, before update 2.
    ctx.store.beforeUpdate = [2, (h) => {
      findAccount(h, 'alice')!.pinHash = FakeHasher.hashOf('8163');
    }];
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(error?.message).toContain('changed while you were typing');
    expect(pinOf(ctx, 'alice')).toBe(PIN('8163'));
  });

  test('an admin without a PIN who got one while the person typed: the PIN is not replaced unproven', async () => {
    const ctx = testContext({ household: household(), answers: [['New PIN for alice', '6142'], ['New PIN for alice again', '6142']] });
    ctx.store.beforeNextUpdate = (h) => {
      findAccount(h, 'alice')!.pinHash = FakeHasher.hashOf('8163');
    };
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }));
    expect(error?.code).toBe('ACCOUNT_CHANGED');
    expect(pinOf(ctx, 'alice')).toBe(PIN('8163'));
  });
});

describe('a new or removed PIN ends the lockout of the old one', () => {
  test('pin set on a managed account clears its PIN failures and cooling-off', async () => {
    const ctx = testContext({ household: kidsLockedOut(), answers: [['New PIN for kid1', '2857'], ['New PIN for kid1 again', '2857']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }))).toBeUndefined();
    expect(failuresOf(ctx, 'kid1').pin).toEqual({ count: 0, coolingOffUntil: null });
    expect(failuresOf(ctx, 'kid2').pin.count).toBe(7);
  });
});
