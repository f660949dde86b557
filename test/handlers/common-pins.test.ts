import { initRun } from '../../src/commands/init.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { findAccount } from '../../src/domain/accounts.js';
import { isCommonPin } from '../../src/domain/pin.js';
import { FakeHasher, MemoryStore, attempt, testContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';

/**
 * A NEW PIN (init, pin set, pin reset) that anyone would guess first is refused (65); a PIN already in
 * the store, typed as a proof, is never refused for it.
 */
const COMMON = 'a PIN anyone would guess first; choose another';
const REPEATED = ['0000', '1111', '2222', '3333', '4444', '5555', '6666', '7777', '8888', '9999'];
const RUNS_UP = ['0123', '1234', '2345', '3456', '4567', '5678', '6789'];
const RUNS_DOWN = ['3210', '4321', '5432', '6543', '7654', '8765', '9876'];
const LISTED = '1234 1111 0000 1212 7777 1004 2000 4444 2222 6969 9999 3333 5555 6666 1122 1313 8888 4321 2001 1010'.split(' ');
const ALL_COMMON = new Set([...REPEATED, ...RUNS_UP, ...RUNS_DOWN, ...LISTED]);

describe('which PINs are common', () => {
  test('every repeated digit, every run of four up or down, and the twenty listed; nothing else of the 10,000', () => {
    const found = [];
    for (let n = 0; n < 10_000; n += 1) {
      const pin = String(n).padStart(4, '0');
      if (isCommonPin(pin)) found.push(pin);
    }
    expect(found.sort()).toEqual([...ALL_COMMON].sort());
    // Near misses stay allowed: a run that wraps, a run of three, a keypad column.
    for (const pin of ['7890', '8901', '0987', '1235', '1243', '2580', '1357', '1112']) expect(isCommonPin(pin)).toBe(false);
  });

  test('only a PIN can be common: what is not 4 ASCII digits is not (a run of five, three repeated digits, other digits)', () => {
    for (const text of ['12345', '98765', '111', '00000', '', 'abcd', '\uff11\uff12\uff13\uff14', ' 1234', '1234\n']) expect([text, isCommonPin(text)]).toEqual([text, false]);
  });
});

async function setKid1(answers: Array<[string, string]>, interactive: boolean) {
  const ctx = testContext({ household: household(), answers, interactive });
  const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }));
  return { ctx, error, pin: findAccount(ctx.store.current(), 'kid1')!.pinHash };
}

describe('pin set: a common new PIN', () => {
  test.each([
    ['a repeated digit', REPEATED],
    ['a run up', RUNS_UP],
    ['a run down', RUNS_DOWN],
    ['one of the twenty listed', LISTED],
  ])('%s is refused with --stdin: 65, the confirmation never asked, nothing written', async (_what, pins) => {
    for (const pin of pins) {
      const { ctx, error, pin: stored } = await setKid1([['New PIN for kid1', pin]], false);
      expect([pin, error?.code, error?.exitCode, error?.message]).toEqual([pin, 'INVALID_PIN', 65, COMMON]);
      expect(ctx.prompter.asked).toEqual(['New PIN for kid1']);
      expect(stored).toBeNull();
      expect(ctx.store.writes).toBe(0);
      expect(ctx.hasher.hashes).toBe(0);
    }
  });

  test('on a terminal it is asked again in place, like any refused new secret; an uncommon one is then set', async () => {
    const { ctx, error, pin } = await setKid1([['New PIN for kid1', '1234'], ['New PIN for kid1', '4829'], ['New PIN for kid1 again', '4829']], true);
    expect(error).toBeUndefined();
    expect(pin).toBe(FakeHasher.hashOf('4829'));
    expect(ctx.prompter.asked).toEqual(['New PIN for kid1', 'New PIN for kid1', 'New PIN for kid1 again']);
  });

  test('on a terminal, three common ones: 65 with the message, nothing set', async () => {
    const { ctx, error, pin } = await setKid1([['New PIN for kid1', '0000'], ['New PIN for kid1', '9876'], ['New PIN for kid1', '6969']], true);
    expect([error?.exitCode, error?.message]).toEqual([65, COMMON]);
    expect(pin).toBeNull();
    expect(ctx.store.writes).toBe(0);
  });
});

test('init: a common PIN for the admin is refused (65), no store made', async () => {
  const ctx = testContext({
    answers: [['Password for Alice', 'correct horse'], ['Password for Alice again', 'correct horse'], ['New PIN for Alice', '2000']],
  });
  ctx.store = new MemoryStore();
  const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
  expect([error?.exitCode, error?.message]).toEqual([65, COMMON]);
  expect(ctx.store.text).toBeUndefined();
});

test('pin reset: a common new PIN is refused (65) before the password is asked; the old PIN stays', async () => {
  const ctx = testContext({ household: household({ bob: '7391' }), answers: [['New PIN for bob', '1313']] });
  const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' }));
  expect([error?.exitCode, error?.message]).toEqual([65, COMMON]);
  expect(ctx.prompter.asked).toEqual(['New PIN for bob']);
  expect(findAccount(ctx.store.current(), 'bob')!.pinHash).toBe(FakeHasher.hashOf('7391'));
});

describe('a common PIN already in the store keeps working as a proof', () => {
  test('pin verify with it is right', async () => {
    const ctx = testContext({ household: household({ kid1: '1234' }), answers: [['PIN for kid1', '1234']] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }))).toBeUndefined();
    expect(ctx.stderr.text + ctx.stdout.text).toContain("kid1's PIN is right");
  });

  test('pin set on the admin: the common current PIN proves, and the new (uncommon) one is set', async () => {
    const ctx = testContext({
      household: household({ alice: '0000' }),
      answers: [["alice's current PIN", '0000'], ['New PIN for alice', '4829'], ['New PIN for alice again', '4829']],
    });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'alice')!.pinHash).toBe(FakeHasher.hashOf('4829'));
  });
});
