import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { passwordSetRun } from '../../src/commands/password/set.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { attempt, testContext, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';

/**
 * The attempt a proof records before its check (src/commands/proof.ts), at the handler level with the
 * memory store: what happens when it cannot be recorded, when it is taken back, when it stays, and when
 * the lockout began in another process while the secret was being typed.
 */
const failuresOf = (ctx: TestContext, name: string) => findAccount(ctx.store.current(), name)!.failures;
const IN_A_MINUTE = '2026-01-01T12:01:00.000Z';

interface ProofCase {
  label: string;
  run: (ctx: TestContext) => Promise<void>;
  account: string;
  kind: 'pin' | 'password';
  prompt: string;
  right: string;
  wrong: string;
}

const CASES: ProofCase[] = [
  { label: 'pin remove (current PIN)', run: (ctx) => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }), account: 'alice', kind: 'pin', prompt: "alice's current PIN", right: '1111', wrong: '0000' },
  { label: 'pin set (current PIN)', run: (ctx) => pinSetRun(ctx, { name: 'alice' }), account: 'alice', kind: 'pin', prompt: "alice's current PIN", right: '1111', wrong: '0000' },
  { label: 'pin verify', run: (ctx) => pinVerifyRun(ctx, { name: 'alice', requirePin: false }), account: 'alice', kind: 'pin', prompt: 'PIN for alice', right: '1111', wrong: '0000' },
  { label: 'password set (current password)', run: (ctx) => passwordSetRun(ctx, { name: 'bob' }), account: 'bob', kind: 'password', prompt: "bob's current password", right: PASSWORDS.member, wrong: 'not-the-password' },
];

/** The proof is the only prompt answered: whatever comes after it is never asked. */
function contextFor(proof: ProofCase, secret: string, pins = { alice: '1111' }): TestContext {
  return testContext({ household: household(pins), answers: [[proof.prompt, secret]] });
}

describe('an attempt that cannot be recorded is never checked', () => {
  const FAILURES: Array<[string, () => HouseholdError]> = [
    ['a full disk (74)', () => new HouseholdError('IO_ERROR', 'could not write /memory/household.json: no space is left on the device (ENOSPC); nothing was changed')],
    ['a lock not had in 15 s (75)', () => new HouseholdError('STORE_LOCKED', 'the store /memory/household.json is locked by another household command (waited 15 seconds)')],
  ];

  describe.each(FAILURES)('%s', (_label, failure) => {
    test.each(CASES)('$label: a right and a wrong secret get the same error; argon2 never runs; nothing changes', async (proof) => {
      const outcomes = [];
      for (const secret of [proof.right, proof.wrong]) {
        const ctx = contextFor(proof, secret);
        const before = ctx.store.text;
        ctx.store.failNextWrite = failure();
        const error = await attempt(ctx, () => proof.run(ctx));
        expect(ctx.hasher.verifies).toBe(0);
        expect(ctx.store.text).toBe(before);
        expect(ctx.store.log).toEqual([]);
        outcomes.push([error?.code, error?.exitCode, error?.message, ctx.stdout.text, ctx.stderr.text]);
      }
      expect(outcomes[0]).toEqual([failure().code, failure().exitCode, failure().message, '', '']);
      expect(outcomes[1]).toEqual(outcomes[0]);
    });
  });
});

describe('a right secret never counts as a failure', () => {
  test.each<[string, 'pin' | 'password', { alice?: string }, [string, string]]>([
    ['alice', 'pin', { alice: '1111' }, ["alice's current PIN", '1111']],
    ['bob', 'password', {}, ["bob's password", PASSWORDS.member]],
  ])('%s proven by %s, then a mismatched new PIN: 65, and the attempt is taken back (count 0)', async (name, kind, pins, proof) => {
    const h = household(pins);
    findAccount(h, name)!.failures[kind] = { count: 3, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [proof, [`New PIN for ${name}`, '2222'], [`New PIN for ${name} again`, '3333']] });
    const before = findAccount(ctx.store.current(), name)!.pinHash;
    const error = await attempt(ctx, () => pinSetRun(ctx, { name }));
    expect([error?.code, error?.exitCode]).toEqual(['PIN_MISMATCH', 65]);
    expect(ctx.hasher.verifies).toBe(1);
    expect(failuresOf(ctx, name)[kind]).toEqual({ count: 0, coolingOffUntil: null });
    expect(findAccount(ctx.store.current(), name)!.pinHash).toBe(before);
    // The attempt and its taking back are bookkeeping: no line, no new sequence number.
    expect(ctx.store.log).toEqual([]);
    expect(ctx.store.current().sequence).toBe(0);
  });

  test('a right PIN taken back clears a cooling-off the attempt itself started (the 5th try)', async () => {
    const h = household({ alice: '1111' });
    findAccount(h, 'alice')!.failures.pin = { count: 4, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [['PIN for alice', '1111']] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }))).toBeUndefined();
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 0, coolingOffUntil: null });
  });
});

describe('a wrong secret stays counted', () => {
  test.each(CASES)('$label: 77, counted once, and its line says so', async (proof) => {
    const ctx = contextFor(proof, proof.wrong, { alice: '1111' });
    const error = await attempt(ctx, () => proof.run(ctx));
    expect(error?.exitCode).toBe(77);
    expect(error?.code).toBe(proof.kind === 'pin' ? 'WRONG_PIN' : 'WRONG_PASSWORD');
    expect(ctx.hasher.verifies).toBe(1);
    expect(failuresOf(ctx, proof.account)[proof.kind]).toEqual({ count: 1, coolingOffUntil: null });
    expect(ctx.store.log.map((line) => [line.account, line.outcome, line.exit, line.details.failures])).toEqual([[proof.account, error!.code, 77, 1]]);
  });

  test('the 5th wrong secret in a row is counted with the cooling-off it starts', async () => {
    const h = household({ alice: '1111' });
    findAccount(h, 'alice')!.failures.pin = { count: 4, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [["alice's current PIN", '0000']] });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }));
    expect(error?.message).toBe('wrong PIN for alice; its PIN checks are refused for 1 minute');
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 5, coolingOffUntil: IN_A_MINUTE });
  });
});

describe('a lockout another process started while the secret was typed', () => {
  const coolingOff = (name: string) => (h: Household) => {
    findAccount(h, name)!.failures.pin = { count: 5, coolingOffUntil: IN_A_MINUTE };
  };
  const disabled = (name: string) => (h: Household) => {
    findAccount(h, name)!.failures.pin = { count: 100, coolingOffUntil: null };
  };

  // Which update records the attempt: pin remove makes one before it asks anything (are proofs needed?).
  test.each([
    ['pin remove', 2, (ctx: TestContext) => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }), "alice's current PIN"],
    ['pin set', 1, (ctx: TestContext) => pinSetRun(ctx, { name: 'alice' }), "alice's current PIN"],
    ['pin verify', 1, (ctx: TestContext) => pinVerifyRun(ctx, { name: 'alice', requirePin: false }), 'PIN for alice'],
  ] as const)('%s: a cooling-off is a refusal under the lock (75), not counted, and argon2 never runs, even for the right PIN', async (command, update, run, prompt) => {
    for (const secret of ['1111', '0000']) {
      const ctx = testContext({ household: household({ alice: '1111' }), answers: [[prompt, secret]] });
      ctx.store.beforeUpdate = [update, coolingOff('alice')];
      const error = await attempt(ctx, () => run(ctx));
      expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
      expect(error?.message).toBe("alice's PIN checks are cooling off after 5 wrong tries in a row; try again in 1 minute (at 12:01:00)");
      expect(ctx.hasher.verifies).toBe(0);
      expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 5, coolingOffUntil: IN_A_MINUTE });
      expect(findAccount(ctx.store.current(), 'alice')!.pinHash).not.toBeNull();
      expect(ctx.store.log.map((line) => [line.command, line.outcome, line.exit])).toEqual([[command, 'COOLING_OFF', 75]]);
    }
  });

  test('the hard limit reached meanwhile is a refusal under the lock (77 DISABLED), not counted, not checked', async () => {
    const ctx = testContext({ household: household({ alice: '1111' }), answers: [['PIN for alice', '1111']] });
    ctx.store.beforeUpdate = [1, disabled('alice')];
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['DISABLED', 77]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 100, coolingOffUntil: null });
  });

  test('pin reset: a password lockout started meanwhile refuses the password unchecked; the new PIN is not set', async () => {
    const ctx = testContext({ household: household({ bob: '1111' }), answers: [['New PIN for bob', '2222'], ['New PIN for bob again', '2222'], ["bob's password", PASSWORDS.member]] });
    ctx.store.beforeUpdate = [
      1,
      (h) => {
        findAccount(h, 'bob')!.failures.password = { count: 5, coolingOffUntil: IN_A_MINUTE };
      },
    ];
    const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(ctx.hasher.hashes).toBe(0);
    expect(failuresOf(ctx, 'bob').password.count).toBe(5);
    expect(findAccount(ctx.store.current(), 'bob')!.pinHash).toBe(household({ bob: '1111' }).accounts[1].pinHash);
  });
});

describe('a cooling-off the store puts further away than an hour (a clock set back, a hand-edited file)', () => {
  const FAR = '9999-12-31T23:59:59.000Z';
  const HOUR = 60 * 60_000;
  const verify = (ctx: TestContext) => pinVerifyRun(ctx, { name: 'alice', requirePin: false });
  /** The right PIN, asked and checked: the error, if any (a refusal leaves the PIN unasked). */
  async function checkedAgain(ctx: TestContext): Promise<unknown> {
    const later = { ...ctx, prompter: testContext({ answers: [['PIN for alice', '1111']] }).prompter };
    try {
      await verify(later);
    } catch (error) {
      return error;
    }
    expect(later.prompter.unused()).toEqual([]);
    return undefined;
  }

  test('refused before the prompt for "60 minutes", and an hour later the PIN is checked again', async () => {
    const h = household({ alice: '1111' });
    findAccount(h, 'alice')!.failures.pin = { count: 7, coolingOffUntil: FAR };
    const ctx = testContext({ household: h });
    const refused = await attempt(ctx, () => verify(ctx));
    expect([refused?.code, refused?.message]).toEqual(['COOLING_OFF', "alice's PIN checks are cooling off after 7 wrong tries in a row; try again in 60 minutes (at 13:00:00)"]);

    ctx.clock.advance(HOUR);
    expect(await checkedAgain(ctx)).toBeUndefined();
    expect(ctx.hasher.verifies).toBe(1);
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 0, coolingOffUntil: null });
  });

  test('refused under the lock for "60 minutes" (set meanwhile), and an hour later the PIN is checked again', async () => {
    const ctx = testContext({ household: household({ alice: '1111' }), answers: [['PIN for alice', '1111']] });
    ctx.store.beforeUpdate = [
      1,
      (h) => {
        findAccount(h, 'alice')!.failures.pin = { count: 7, coolingOffUntil: FAR };
      },
    ];
    const refused = await attempt(ctx, () => verify(ctx));
    expect([refused?.code, refused?.message]).toEqual(['COOLING_OFF', "alice's PIN checks are cooling off after 7 wrong tries in a row; try again in 60 minutes (at 13:00:00)"]);
    expect(ctx.hasher.verifies).toBe(0);

    ctx.clock.advance(HOUR);
    expect(await checkedAgain(ctx)).toBeUndefined();
    expect(ctx.hasher.verifies).toBe(1);
  });
});
