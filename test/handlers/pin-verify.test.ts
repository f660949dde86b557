import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { findAccount, type FailureCount, type Household } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { NO_PIN_HASH } from '../../src/domain/pin.js';
import { ARGON2_PARAMETERS, Argon2Hasher } from '../../src/io/hasher.js';
import { LinePrompter } from '../../src/io/prompter.js';
import { END_OF_INPUT, FakeHasher, attempt, testContext, type TestContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';
import { NOW, NO_TERMINAL } from '../fakes/lookups.js';

/** kid1's PIN; the wrong one typed in its place. Neither may ever show in the audit log. */
const RIGHT = '3728';

const WRONG = '9146';

function withPinFailures(failures: FailureCount, pins: Parameters<typeof household>[0] = { kid1: RIGHT }): Household {
  const h = household(pins);
  findAccount(h, 'kid1')!.failures.pin = failures;
  return h;
}

function pinFailures(ctx: TestContext, name = 'kid1'): FailureCount {
  return findAccount(ctx.store.current(), name)!.failures.pin;
}

/** The audit log as a person reads it: command, account, outcome, exit of each line. */
function logLines(ctx: TestContext) {
  return ctx.store.log.map(({ command, account, outcome, exit }) => ({ command, account, outcome, exit }));
}

/** No line holds a typed value or a hash. */
function expectNoSecretsLogged(ctx: TestContext, typed: string[]): void {
  const text = JSON.stringify(ctx.store.log);
  for (const value of typed) expect(text).not.toContain(value);
  expect(text).not.toContain(FakeHasher.CURRENT);
}

describe('pin verify: every outcome', () => {
  test('right PIN: 0, the JSON result, one argon2 run, earlier PIN failures cleared, one "ok" line', async () => {
    const ctx = testContext({ household: withPinFailures({ count: 3, coolingOffUntil: null }), answers: [['PIN for kid1', RIGHT]], json: true });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ verified: 'kid1', pinRequired: true });
    expect(ctx.hasher.verifies).toBe(1);
    expect(pinFailures(ctx)).toEqual({ count: 0, coolingOffUntil: null });
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'ok', exit: 0 }]);
    expect(ctx.store.log[0].details).toEqual({ pinRequired: true });
    expectNoSecretsLogged(ctx, [RIGHT]);
  });

  test('right PIN after an expired cooling-off: count and time both cleared; without --json a line on stderr only', async () => {
    const expired = new Date(NOW - 1_000).toISOString();
    const ctx = testContext({ household: withPinFailures({ count: 5, coolingOffUntil: expired }), answers: [['PIN for kid1', RIGHT]] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'KID1', requirePin: true }))).toBeUndefined();
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', "kid1's PIN is right\n"]);
    expect(pinFailures(ctx)).toEqual({ count: 0, coolingOffUntil: null });
  });

  test('wrong PIN: 77 WRONG_PIN, counted, one argon2 run, a WRONG_PIN line with the count', async () => {
    const ctx = testContext({ household: withPinFailures({ count: 0, coolingOffUntil: null }), answers: [['PIN for kid1', WRONG]] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['WRONG_PIN', 77, 'wrong PIN for kid1; 4 more wrong tries start a 1-minute cooling-off']);
    expect(ctx.hasher.verifies).toBe(1);
    expect(pinFailures(ctx)).toEqual({ count: 1, coolingOffUntil: null });
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'WRONG_PIN', exit: 77 }]);
    expect(ctx.store.log[0].details).toEqual({ proof: 'PIN', failures: 1 });
    expect(ctx.stdout.text).toBe('');
    expectNoSecretsLogged(ctx, [WRONG, RIGHT]);
  });

  test('with --stdin, nothing at all on standard input (pam_exec for an empty answer): 65 the PIN\'s form, not 64; not counted, not checked', async () => {
    const ctx = testContext({ household: withPinFailures({ count: 0, coolingOffUntil: null }) });
    const stdin = { ...ctx, prompter: new LinePrompter(() => 0) };
    const error = await pinVerifyRun(stdin, { name: 'kid1', requirePin: false }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(HouseholdError);
    expect([(error as HouseholdError).code, (error as HouseholdError).exitCode, (error as HouseholdError).message]).toEqual(['INVALID_PIN', 65, 'the PIN must be exactly 4 digits (0-9)']);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx)).toEqual({ count: 0, coolingOffUntil: null });
  });

  test('the 5th wrong PIN in a row starts a 1-minute cooling-off', async () => {
    const ctx = testContext({ household: withPinFailures({ count: 4, coolingOffUntil: null }), answers: [['PIN for kid1', WRONG]] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['WRONG_PIN', 77, 'wrong PIN for kid1; its PIN checks are refused for 1 minute']);
    expect(pinFailures(ctx)).toEqual({ count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() });
  });

  test('no PIN: 0 without asking anything, even where nothing could be asked; an "ok" line saying no PIN was required', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), canAsk: false, json: true });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid2', requirePin: false }))).toBeUndefined();
    expect(ctx.prompter.asked).toEqual([]);
    expect(JSON.parse(ctx.stdout.text)).toEqual({ verified: 'kid2', pinRequired: false });
    expect(ctx.hasher.verifies).toBe(0);
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid2', outcome: 'ok', exit: 0 }]);
    expect(ctx.store.log[0].details).toEqual({ pinRequired: false });
  });

  test('no PIN with requirePin: 77 NO_PIN, nothing asked, a NO_PIN line', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }) });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid2', requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_PIN', 77, 'kid2 has no PIN, and --require-pin was given']);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.stdout.text).toBe('');
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid2', outcome: 'NO_PIN', exit: 77 }]);
  });

  test('cooling off: 75 before anything is asked, no argon2 run, not counted, a COOLING_OFF line', async () => {
    const until = new Date(NOW + 30_000).toISOString();
    // canAsk false as well: the refusal comes before any question of how to ask (75, not 64).
    const ctx = testContext({ household: withPinFailures({ count: 5, coolingOffUntil: until }), canAsk: false });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(error?.message).toMatch(/^kid1's PIN checks are cooling off after 5 wrong tries in a row; try again in 30 seconds/);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx)).toEqual({ count: 5, coolingOffUntil: until });
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'COOLING_OFF', exit: 75 }]);
  });

  test('a cooling-off that another process started while the PIN was typed: 75, the right PIN never checked, not counted', async () => {
    const until = new Date(NOW + 60_000).toISOString();
    const ctx = testContext({ household: withPinFailures({ count: 4, coolingOffUntil: null }), answers: [['PIN for kid1', RIGHT]] });
    ctx.store.beforeNextUpdate = (h) => {
      findAccount(h, 'kid1')!.failures.pin = { count: 5, coolingOffUntil: until };
    };
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx)).toEqual({ count: 5, coolingOffUntil: until });
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'COOLING_OFF', exit: 75 }]);
    expectNoSecretsLogged(ctx, [RIGHT]);
  });

  test('disabled after 100 failures: 77 DISABLED, nothing asked, no argon2 run, a DISABLED line', async () => {
    const ctx = testContext({ household: withPinFailures({ count: 100, coolingOffUntil: null }) });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['DISABLED', 77, "kid1's PIN checks are disabled after 100 wrong tries in a row"]);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx).count).toBe(100);
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'DISABLED', exit: 77 }]);
  });

  test('unknown account: 67, nothing asked, a NO_ACCOUNT line with no account and not the typed name (it may be a password typed in the wrong field)', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }) });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid9', requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_ACCOUNT', 67, 'no account named kid9']);
    expect(ctx.prompter.asked).toEqual([]);
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: null, outcome: 'NO_ACCOUNT', exit: 67 }]);
    expect(ctx.store.log[0].details).toEqual({});
  });

  test.each(['372', '37289', ' 3728', '372a', '٣٧٢٨', ''])('not 4 digits (%j): 65, not counted, no argon2 run, an INVALID_PIN line without the typed text', async (typed) => {
    const ctx = testContext({ household: withPinFailures({ count: 2, coolingOffUntil: null }), answers: [['PIN for kid1', typed]] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_PIN', 65]);
    expect(error?.message).not.toContain(typed || '""');
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx)).toEqual({ count: 2, coolingOffUntil: null });
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'INVALID_PIN', exit: 65 }]);
    if (typed !== '') expectNoSecretsLogged(ctx, [typed]);
  });

  test('the PIN changed while it was typed: 75 ACCOUNT_CHANGED, never checked against either PIN, not counted, logged', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [['PIN for kid1', RIGHT]] });
    ctx.store.beforeNextUpdate = (h) => {
      findAccount(h, 'kid1')!.pinHash = FakeHasher.hashOf('2749');
    };
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx).count).toBe(0);
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'ACCOUNT_CHANGED', exit: 75 }]);
  });

  test('an attempt that cannot be recorded (a full disk) is never checked: 74, no argon2 run', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [['PIN for kid1', RIGHT]] });
    ctx.store.failNextWrite = new HouseholdError('IO_ERROR', 'cannot write /memory/household.json: no space left on device (ENOSPC)');
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['IO_ERROR', 74]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(ctx.store.log).toEqual([]);
  });
});

describe('pin verify: the way back a refusal points to fits the account', () => {
  const cases = [
    { name: 'alice', pins: { alice: RIGHT }, way: 'household pin reset alice' },
    { name: 'bob', pins: { bob: RIGHT }, way: 'household pin reset bob' },
    // A managed account has no password: pin reset is refused for it (77); only an operator's unlock helps.
    { name: 'kid1', pins: { kid1: RIGHT }, way: 'household users unlock kid1 --pin' },
  ];

  function locked(name: string, pins: Parameters<typeof household>[0], failures: FailureCount): Household {
    const h = household(pins);
    findAccount(h, name)!.failures.pin = failures;
    return h;
  }

  test.each(cases)('$name: the 5th wrong PIN, the cooling-off and the hard limit name $way', async ({ name, pins, way }) => {
    const fifth = testContext({ household: locked(name, pins, { count: 4, coolingOffUntil: null }), answers: [[`PIN for ${name}`, WRONG]] });
    const cooling = testContext({ household: locked(name, pins, { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() }) });
    const hundredth = testContext({ household: locked(name, pins, { count: 99, coolingOffUntil: null }), answers: [[`PIN for ${name}`, WRONG]] });
    const disabled = testContext({ household: locked(name, pins, { count: 100, coolingOffUntil: null }) });
    for (const ctx of [fifth, cooling, hundredth, disabled]) {
      const error = await attempt(ctx, () => pinVerifyRun(ctx, { name, requirePin: true }));
      expect(error?.hint).toContain(way);
      if (name === 'kid1') expect(error?.hint).not.toContain('pin reset');
    }
  });
});

describe('pin verify with the account from PAM_USER: the person at the prompt learns nothing of who exists', () => {
  /**
   * Three ways a PIN fails for a name chosen at a login prompt. Each is answered alike: the same
   * question, the same words, the same exit, one argon2 run each (an unknown account and one without a
   * PIN are checked against NO_PIN_HASH), so neither what is printed nor the time tells them apart.
   */
  const failing = [
    { why: 'a wrong PIN for a known account', user: 'kid1', typed: WRONG, logged: { account: 'kid1', outcome: 'WRONG_PIN', details: { proof: 'PIN', failures: 1 } } },
    { why: 'an unknown account', user: 'kid9', typed: RIGHT, logged: { account: null, outcome: 'WRONG_PIN', details: { noSuchAccount: true } } },
    { why: 'an account without a PIN, with --require-pin', user: 'kid2', typed: RIGHT, logged: { account: 'kid2', outcome: 'NO_PIN', details: { pinRequired: false } } },
  ];

  test.each(failing)('$why: asked the PIN, one argon2 run, 77 "wrong PIN for $user" with no hint; the log says what it was', async ({ user, typed, logged }) => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [[`PIN for ${user}`, typed]], json: true });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: user, fromPam: true, requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual(['WRONG_PIN', 77, `wrong PIN for ${user}`, undefined]);
    expect(ctx.prompter.asked).toEqual([`PIN for ${user}`]);
    expect(ctx.hasher.verifies).toBe(1);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.store.log.map(({ account, outcome, exit, details }) => ({ account, outcome, exit, details }))).toEqual([{ ...logged, exit: 77 }]);
    // Neither what was typed nor, for an unknown account, the name PAM gave (it may be a mistyped password).
    expectNoSecretsLogged(ctx, [typed, 'kid9']);
  });

  test('nothing typed at all (pam_exec writes nothing for an empty answer): a known account with a PIN, an unknown one and one without a PIN get the same error', async () => {
    const outcomes = [];
    for (const user of ['kid1', 'kid9', 'kid2']) {
      const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [[`PIN for ${user}`, END_OF_INPUT]] });
      const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: user, fromPam: true, requirePin: true }));
      outcomes.push([error?.code, error?.exitCode, error?.message.replace(user, 'USER')]);
    }
    expect(outcomes[0]).toEqual(['INVALID_PIN', 65, expect.any(String)]);
    expect(outcomes).toEqual([outcomes[0], outcomes[0], outcomes[0]]);
  });

  test('the hash an unchecked PIN is run against is a real argon2id hash with the hasher\'s parameters, which no PIN matches', async () => {
    const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS;
    expect(NO_PIN_HASH.startsWith(`$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`)).toBe(true);
    // A hash argon2 could not read would be refused at once, with no work done: the time would tell again.
    const argon2 = new Argon2Hasher();
    expect(await argon2.needsRehash(NO_PIN_HASH)).toBe(false);
    for (const pin of ['5038', '4829', RIGHT]) expect(await argon2.verify(NO_PIN_HASH, pin)).toBe(false);
  });

  test('the 5th wrong PIN still starts the cooling-off and logs the count, but the person is told only that it was wrong', async () => {
    const ctx = testContext({ household: withPinFailures({ count: 4, coolingOffUntil: null }), answers: [['PIN for kid1', WRONG]] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', fromPam: true, requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual(['WRONG_PIN', 77, 'wrong PIN for kid1', undefined]);
    expect(pinFailures(ctx)).toEqual({ count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() });
    expect(ctx.store.log.map(({ outcome, details }) => [outcome, details])).toEqual([['WRONG_PIN', { proof: 'PIN', failures: 5 }]]);
  });

  test('the name as PAM spelled it up to case: KID1 is kid1 (the right PIN gets in, logged as kid1)', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [['PIN for KID1', RIGHT]], json: true });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'KID1', fromPam: true, requirePin: true }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ verified: 'kid1', pinRequired: true });
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: 'kid1', outcome: 'ok', exit: 0 }]);
  });

  test.each(['ｋｉｄ１', 'ＫＩＤ１', 'kid\u00b9'])('a width or compatibility variant (%s) is another system user: kid1\'s right PIN does not get in, kid1 is not counted', async (user) => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [[`PIN for ${user}`, RIGHT]] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: user, fromPam: true, requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['WRONG_PIN', 77, `wrong PIN for ${user}`]);
    expect(ctx.hasher.verifies).toBe(1);
    expect(pinFailures(ctx).count).toBe(0);
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: null, outcome: 'WRONG_PIN', exit: 77 }]);
  });

  test('named on the command line, the same variant still finds kid1 (the users commands\' sameness), and an unknown name keeps 67', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [['PIN for kid1', RIGHT]] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'ｋｉｄ１', requirePin: true }))).toBeUndefined();
    const unknown = testContext({ household: household({ kid1: RIGHT }) });
    expect((await attempt(unknown, () => pinVerifyRun(unknown, { name: 'kid9', fromPam: false, requirePin: true })))?.exitCode).toBe(67);
  });

  test.each(['kid1', 'kid9', 'kid2'])('an empty PIN (%s): 65 for all alike, not counted, no argon2 run, logged', async (user) => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), answers: [[`PIN for ${user}`, '']] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: user, fromPam: true, requirePin: true }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_PIN', 65, 'the PIN must be exactly 4 digits (0-9)']);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx).count).toBe(0);
    expect(logLines(ctx)).toEqual([{ command: 'pin verify', account: user === 'kid9' ? null : user, outcome: 'INVALID_PIN', exit: 65 }]);
  });

  test('no way to ask (no --stdin, no terminal): 64 for an unknown account as for a known one, nothing logged', async () => {
    for (const user of ['kid1', 'kid9']) {
      const ctx = testContext({ household: household({ kid1: RIGHT }), canAsk: false });
      const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: user, fromPam: true, requirePin: true }));
      expect([error?.code, error?.exitCode]).toEqual(['NO_INPUT', 64]);
      expect(ctx.store.log).toEqual([]);
    }
  });

  test('an account without a PIN and no --require-pin still gets in without being asked (the README warns of it)', async () => {
    const ctx = testContext({ household: household({ kid1: RIGHT }), json: true });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid2', fromPam: true, requirePin: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ verified: 'kid2', pinRequired: false });
  });
});

describe('pin verify', () => {
  test('an unknown account: the hint says where the names are', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'ghost', requirePin: false }));
    expect([error?.exitCode, error?.message, error?.hint]).toEqual([67, 'no account named ghost', 'household users list shows every account']);
  });

  test('--require-pin on an account without one: the hint says how to set one', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: true }));
    expect([error?.code, error?.message, error?.hint]).toEqual(['NO_PIN', 'kid1 has no PIN, and --require-pin was given', 'set one with: household pin set kid1']);
  });

  test('an account without a PIN: the line says there was nothing to verify', async () => {
    const ctx = testContext({ household: household() });
    await pinVerifyRun(ctx, { name: 'kid1', requirePin: false });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'kid1 has no PIN; nothing to verify\n']);
  });

  test('without a way to ask: 64 naming the PIN', async () => {
    const ctx = testContext({ household: household({ kid1: '4829' }), canAsk: false });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (PIN for kid1) and ${NO_TERMINAL}`]);
  });

  test('a PIN that is not 4 digits: the message says so', async () => {
    const ctx = testContext({ household: household({ kid1: '4829' }), answers: [['PIN for kid1', '12345']] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.exitCode, error?.message]).toEqual([65, 'the PIN must be exactly 4 digits (0-9)']);
  });
});
