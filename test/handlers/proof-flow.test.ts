import { passwordResetRun } from '../../src/commands/password/reset.js';
import { passwordSetRun } from '../../src/commands/password/set.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { FakeHasher, attempt, testContext, type TestContext } from '../fakes/context.js';
import { PASSWORDS, account, household } from '../fakes/households.js';
import { HASH, accountOf, failuresOf, shown, view, withPasswordFailures } from '../fakes/lookups.js';

/**
 * The secret-checking flow every command that asks for a proof goes through (src/commands/proof.ts), at
 * the handler level with the memory store: the attempt recorded before its check (what happens when it
 * cannot be recorded, when it is taken back, when it stays), the order of the lockout steps, what a refusal
 * writes, how many locked writes and argon2 runs a proof costs, and what happens when the account changes
 * while its secret is typed (another process, or a store edited by hand).
 */

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
  { label: 'pin remove (current PIN)', run: (ctx) => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }), account: 'alice', kind: 'pin', prompt: "alice's current PIN", right: '7391', wrong: '5038' },
  { label: 'pin set (current PIN)', run: (ctx) => pinSetRun(ctx, { name: 'alice' }), account: 'alice', kind: 'pin', prompt: "alice's current PIN", right: '7391', wrong: '5038' },
  { label: 'pin verify', run: (ctx) => pinVerifyRun(ctx, { name: 'alice', requirePin: false }), account: 'alice', kind: 'pin', prompt: 'PIN for alice', right: '7391', wrong: '5038' },
  { label: 'password set (current password)', run: (ctx) => passwordSetRun(ctx, { name: 'bob' }), account: 'bob', kind: 'password', prompt: "bob's current password", right: PASSWORDS.member, wrong: 'not-the-password' },
];

/** The proof is the only prompt answered: whatever comes after it is never asked. */
function contextFor(proof: ProofCase, secret: string, pins = { alice: '7391' }): TestContext {
  return testContext({ household: household(pins), answers: [[proof.prompt, secret]] });
}

const FAR = '9999-12-31T23:59:59.000Z';
const HOUR = 60 * 60_000;

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
    ['alice', 'pin', { alice: '7391' }, ["alice's current PIN", '7391']],
    ['bob', 'password', {}, ["bob's password", PASSWORDS.member]],
  ])('%s proven by %s, then a mismatched new PIN: 65, and the attempt is taken back (count 0)', async (name, kind, pins, proof) => {
    const h = household(pins);
    findAccount(h, name)!.failures[kind] = { count: 3, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [proof, [`New PIN for ${name}`, '6142'], [`New PIN for ${name} again`, '8163']] });
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
    const h = household({ alice: '7391' });
    findAccount(h, 'alice')!.failures.pin = { count: 4, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [['PIN for alice', '7391']] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }))).toBeUndefined();
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 0, coolingOffUntil: null });
  });
});

describe('a wrong secret stays counted', () => {
  test.each(CASES)('$label: 77, counted once, and its line says so', async (proof) => {
    const ctx = contextFor(proof, proof.wrong, { alice: '7391' });
    const error = await attempt(ctx, () => proof.run(ctx));
    expect(error?.exitCode).toBe(77);
    expect(error?.code).toBe(proof.kind === 'pin' ? 'WRONG_PIN' : 'WRONG_PASSWORD');
    expect(ctx.hasher.verifies).toBe(1);
    expect(failuresOf(ctx, proof.account)[proof.kind]).toEqual({ count: 1, coolingOffUntil: null });
    expect(ctx.store.log.map((line) => [line.account, line.outcome, line.exit, line.details.failures])).toEqual([[proof.account, error!.code, 77, 1]]);
  });

  test('the 5th wrong secret in a row is counted with the cooling-off it starts', async () => {
    const h = household({ alice: '7391' });
    findAccount(h, 'alice')!.failures.pin = { count: 4, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [["alice's current PIN", '5038']] });
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
    for (const secret of ['7391', '5038']) {
      const ctx = testContext({ household: household({ alice: '7391' }), answers: [[prompt, secret]] });
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
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [['PIN for alice', '7391']] });
    ctx.store.beforeUpdate = [1, disabled('alice')];
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['DISABLED', 77]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 100, coolingOffUntil: null });
  });

  test('pin reset: a password lockout started meanwhile refuses the password unchecked; the new PIN is not set', async () => {
    const ctx = testContext({ household: household({ bob: '7391' }), answers: [['New PIN for bob', '6142'], ['New PIN for bob again', '6142'], ["bob's password", PASSWORDS.member]] });
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
    expect(findAccount(ctx.store.current(), 'bob')!.pinHash).toBe(household({ bob: '7391' }).accounts[1].pinHash);
  });
});

describe('a cooling-off the store puts further away than an hour (a clock set back, a hand-edited file)', () => {
  const FAR = '9999-12-31T23:59:59.000Z';
  const HOUR = 60 * 60_000;
  const verify = (ctx: TestContext) => pinVerifyRun(ctx, { name: 'alice', requirePin: false });
  /** The right PIN, asked and checked: the error, if any (a refusal leaves the PIN unasked). */
  async function checkedAgain(ctx: TestContext): Promise<unknown> {
    const later = { ...ctx, prompter: testContext({ answers: [['PIN for alice', '7391']] }).prompter };
    try {
      await verify(later);
    } catch (error) {
      return error;
    }
    expect(later.prompter.unused()).toEqual([]);
    return undefined;
  }

  test('refused before the prompt for "60 minutes", and an hour later the PIN is checked again', async () => {
    const h = household({ alice: '7391' });
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
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [['PIN for alice', '7391']] });
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

describe('a cooling-off further away than an hour, refused before the prompt', () => {
  test("is written back as an hour from now on the refused account (not on another): an hour later bob's PIN is checked again", async () => {
    const h = household({ alice: '7391', bob: '6142' });
    findAccount(h, 'bob')!.failures.pin = { count: 7, coolingOffUntil: FAR };
    const ctx = testContext({ household: h });
    const refused = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'bob', requirePin: false }));
    expect([refused?.code, refused?.exitCode, refused?.message]).toEqual([
      'COOLING_OFF',
      75,
      "bob's PIN checks are cooling off after 7 wrong tries in a row; try again in 60 minutes (at 13:00:00)",
    ]);
    expect(failuresOf(ctx, 'bob').pin).toEqual({ count: 7, coolingOffUntil: '2026-01-01T13:00:00.000Z' });
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 0, coolingOffUntil: null });

    ctx.clock.advance(HOUR);
    const later = testContext({ answers: [['PIN for bob', '6142']] });
    const again = { ...ctx, prompter: later.prompter };
    expect(await attempt(again, () => pinVerifyRun(again, { name: 'bob', requirePin: false }))).toBeUndefined();
    expect(failuresOf(ctx, 'bob').pin).toEqual({ count: 0, coolingOffUntil: null });
  });

  test('an account removed by another process meanwhile: still the refusal (75) and its line', async () => {
    const h = household({ bob: '6142' });
    findAccount(h, 'bob')!.failures.pin = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    const ctx = testContext({ household: h });
    ctx.store.beforeNextUpdate = (current) => {
      current.accounts = current.accounts.filter((entry) => entry.name !== 'bob');
    };
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'bob', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(accountOf(ctx, 'bob')).toBeUndefined();
    expect(ctx.store.log.map(({ command, account, outcome, exit }) => [command, account, outcome, exit])).toEqual([['pin verify', 'bob', 'COOLING_OFF', 75]]);
  });
});

describe('without a way to ask, 64 comes before a cooling-off: usage is checked before the proof', () => {
  test.each([
    ['pin set', 'bob', 'pin', (ctx: TestContext) => pinSetRun(ctx, { name: 'bob' }), 'New PIN for bob'],
    ['pin reset', 'bob', 'password', (ctx: TestContext) => pinResetRun(ctx, { name: 'bob' }), 'New PIN for bob'],
    ['password set', 'bob', 'password', (ctx: TestContext) => passwordSetRun(ctx, { name: 'bob' }), "bob's current password"],
    ['password reset', 'alice', 'password', (ctx: TestContext) => passwordResetRun(ctx, { name: 'bob' }), "alice's password"],
  ] as const)("%s with %s's %s cooling off: 64 naming what it needed, nothing written or logged", async (_command, name, kind, run, needed) => {
    const h = household({ bob: '6142' });
    findAccount(h, name)!.failures[kind] = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    const ctx = testContext({ household: h, canAsk: false });
    const before = ctx.store.text;
    const error = await attempt(ctx, () => run(ctx));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (${needed}) and cannot ask for it: standard input is not a terminal`]);
    expect(ctx.store.text).toBe(before);
    expect(ctx.store.log).toEqual([]);
  });
});

describe('what a proof costs: locked writes and argon2 runs', () => {
  test('a right PIN at pin verify: two locked writes (the attempt, then its taking back with the line), one argon2 run, no hashing', async () => {
    const ctx = testContext({ household: household({ kid1: '4829' }), answers: [['PIN for kid1', '4829']] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }))).toBeUndefined();
    expect(ctx.store.updates).toBe(2);
    expect([ctx.hasher.verifies, ctx.hasher.hashes]).toEqual([1, 0]);
  });

  test('a right PIN whose hash has older parameters is left as it is: PINs are not rehashed', async () => {
    const h = household();
    findAccount(h, 'kid1')!.pinHash = FakeHasher.hashOf('4829', FakeHasher.OLD);
    const ctx = testContext({ household: h, answers: [['PIN for kid1', '4829']] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }))).toBeUndefined();
    expect(accountOf(ctx, 'kid1')!.pinHash).toBe(FakeHasher.hashOf('4829', FakeHasher.OLD));
    expect(ctx.hasher.hashes).toBe(0);
  });

  test("bob's first PIN, proven by his current-parameter password: one argon2 check, one hash (the new PIN's), two locked writes", async () => {
    const ctx = testContext({ household: household(), answers: [["bob's password", PASSWORDS.member], ['New PIN for bob', '1357'], ['New PIN for bob again', '1357']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect([ctx.hasher.verifies, ctx.hasher.hashes]).toEqual([1, 1]);
    expect(ctx.store.updates).toBe(2);
    expect(accountOf(ctx, 'bob')!.passwordHash).toBe(HASH(PASSWORDS.member));
  });

  test('a PIN change that needs no proof: one locked write; stopped before it (a mismatch), none', async () => {
    const done = testContext({ household: household(), answers: [['New PIN for kid1', '4829'], ['New PIN for kid1 again', '4829']] });
    expect(await attempt(done, () => pinSetRun(done, { name: 'kid1' }))).toBeUndefined();
    expect(done.store.updates).toBe(1);

    const stopped = testContext({ household: household(), answers: [['New PIN for kid1', '4829'], ['New PIN for kid1 again', '2857']] });
    expect((await attempt(stopped, () => pinSetRun(stopped, { name: 'kid1' })))?.code).toBe('PIN_MISMATCH');
    expect(stopped.store.updates).toBe(0);
  });
});

describe('several proofs, one of whose accounts changed before the change', () => {
  test("75, nothing removed; the other account's right PIN is still taken back", async () => {
    const h = household({ alice: '7391', bob: '6142' });
    findAccount(h, 'bob')!.failures.pin = { count: 2, coolingOffUntil: null };
    const ctx = testContext({ household: h, answers: [["alice's current PIN", '7391'], ["bob's current PIN", '6142']] });
    // Updates: 1 which targets need proofs, 2 alice's attempt, 3 bob's, 4 the change.
    ctx.store.beforeUpdate = [
      4,
      (current) => {
        findAccount(current, 'alice')!.pinHash = HASH('6517');
      },
    ];
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'bob'], allManaged: false }));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual(['ACCOUNT_CHANGED', 75, 'the account alice changed while you were typing; try again', 'nothing was changed']);
    expect([accountOf(ctx, 'alice')!.pinHash, accountOf(ctx, 'bob')!.pinHash]).toEqual([HASH('6517'), HASH('6142')]);
    expect(failuresOf(ctx, 'bob').pin).toEqual({ count: 0, coolingOffUntil: null });
  });
});

describe('pin verify: the account renamed while its PIN was typed', () => {
  test('and its name given to a new account: 75, the PIN is not taken for the new account', async () => {
    const ctx = testContext({ household: household({ bob: '6142' }), answers: [['PIN for bob', '6142']], json: true });
    // Update 1 records the attempt; before update 2 (the taking back) bob becomes robert and a new bob comes.
    ctx.store.beforeUpdate = [
      2,
      (current) => {
        findAccount(current, 'bob')!.name = 'robert';
        current.accounts.push(account('bob', 'member', { pin: '8642', password: 'another password' }));
      },
    ];
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'bob', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(ctx.stdout.text).toBe('');
    expect(failuresOf(ctx, 'bob').pin).toEqual({ count: 0, coolingOffUntil: null });
  });
});

describe('the account changed while the secret was typed', () => {
  test("password set: bob's PIN changed meanwhile (his secrets changed): 75, the password kept", async () => {
    const ctx = testContext({
      household: household({ bob: '6142' }),
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', 'a new password'], ['New password for bob again', 'a new password']],
    });
    ctx.store.beforeUpdate = [
      2,
      (current) => {
        findAccount(current, 'bob')!.pinHash = HASH('1586');
      },
    ];
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(accountOf(ctx, 'bob')!.passwordHash).toBe(HASH(PASSWORDS.member));
  });

  test("pin remove alice: her PIN changed before the typed one was recorded: 75, nothing counted, nothing checked", async () => {
    // A wrong PIN, typed for a PIN that is no longer hers: it proves nothing about the new one, so it is
    // neither counted against her nor checked (77 would say it was checked, against a PIN she no longer has).
    const ctx = testContext({ household: household({ alice: '2580' }), answers: [["alice's current PIN", '7391']] });
    // pin remove's first write removes what needs no proof; the second records the attempt.
    ctx.store.beforeUpdate = [
      2,
      (current) => {
        findAccount(current, 'alice')!.pinHash = HASH('9263');
      },
    ];
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 0, coolingOffUntil: null });
    expect(ctx.hasher.verifies).toBe(0);
    expect(accountOf(ctx, 'alice')!.pinHash).toBe(HASH('9263'));
  });

  /** alice and bob trade kinds (a store edited by hand): bob is the admin now, with the same secrets. */
  const swapKinds = (current: Household) => {
    findAccount(current, 'alice')!.kind = 'member';
    findAccount(current, 'bob')!.kind = 'admin';
  };

  test.each([
    ['bob with a PIN (proven by it)', { bob: '6142' }, ["bob's current PIN", '6142']],
    ['bob without a PIN (proven by his password)', {}, ["bob's password", PASSWORDS.member]],
  ] as const)('pin set on %s, made the admin meanwhile: 75, no PIN set', async (_label, pins, proof) => {
    const ctx = testContext({ household: household(pins), answers: [[proof[0], proof[1]], ['New PIN for bob', '1357'], ['New PIN for bob again', '1357']] });
    ctx.store.beforeUpdate = [2, swapKinds];
    const before = accountOf(ctx, 'bob')!.pinHash;
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(accountOf(ctx, 'bob')!.pinHash).toBe(before);
  });

  test('pin set on bob, made the admin before his typed PIN was recorded: 75, nothing counted, nothing checked', async () => {
    const ctx = testContext({ household: household({ bob: '6142' }), answers: [["bob's current PIN", '7391']] });
    ctx.store.beforeUpdate = [1, swapKinds];
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(failuresOf(ctx, 'bob').pin).toEqual({ count: 0, coolingOffUntil: null });
    expect(ctx.hasher.verifies).toBe(0);
  });

  test('pin set on bob (proven by his PIN), made a managed account meanwhile: 75, no PIN set', async () => {
    const ctx = testContext({ household: household({ bob: '6142' }), answers: [["bob's current PIN", '6142'], ['New PIN for bob', '1357'], ['New PIN for bob again', '1357']] });
    ctx.store.beforeUpdate = [
      2,
      (current) => {
        Object.assign(findAccount(current, 'bob')!, { kind: 'managed', restriction: 'none', passwordHash: null });
      },
    ];
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(accountOf(ctx, 'bob')!.pinHash).toBe(HASH('6142'));
  });

  test("pin set alice: her PIN proven right, then changed by another process that counted 2 wrong tries at the new one: 75, and the 2 stay (only a proof that still holds is taken back)", async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391'], ['New PIN for alice', '1357'], ['New PIN for alice again', '1357']] });
    ctx.store.beforeUpdate = [
      2,
      (current) => {
        const alice = findAccount(current, 'alice')!;
        alice.pinHash = HASH('9263');
        alice.failures.pin = { count: 2, coolingOffUntil: null };
      },
    ];
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(accountOf(ctx, 'alice')!.pinHash).toBe(HASH('9263'));
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 2, coolingOffUntil: null });
  });

  test('pin set on a managed account that got a PIN meanwhile still needs nothing: the new PIN replaces it', async () => {
    const ctx = testContext({ household: household(), answers: [['New PIN for kid1', '1357'], ['New PIN for kid1 again', '1357']] });
    ctx.store.beforeUpdate = [
      1,
      (current) => {
        findAccount(current, 'kid1')!.pinHash = HASH('2749');
      },
    ];
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }))).toBeUndefined();
    expect(accountOf(ctx, 'kid1')!.pinHash).toBe(HASH('1357'));
    expect(ctx.stderr.text).toBe('changed the PIN of kid1\n');
  });
});

describe('a rename while a proof is typed', () => {
  test('a right current password is never counted, though the account was renamed before the change', async () => {
    const ctx = testContext({
      household: household(),
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', 'renamed-meanwhile'], ['New password for bob again', 'renamed-meanwhile']],
    });
    // Update 1 records the attempt; the admin renames bob before update 2, the change.
    ctx.store.beforeUpdate = [2, (h) => {
      findAccount(h, 'bob')!.name = 'robert';
    }];
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect(error?.exitCode).toBe(67);
    expect(accountOf(ctx, 'robert').passwordHash).toBe(HASH(PASSWORDS.member));
    expect(await shown(ctx, 'robert')).toEqual(view('robert', 'member'));
  });

  test("password reset goes ahead when the admin was renamed while typing: the admin's password is still the one proven", async () => {
    const ctx = testContext({
      household: withPasswordFailures(household(), { alice: 2 }),
      answers: [["alice's password (the admin's, to reset bob's)", PASSWORDS.admin], ['New password for bob', 'reset-meanwhile'], ['New password for bob again', 'reset-meanwhile']],
    });
    ctx.store.beforeUpdate = [2, (h) => {
      findAccount(h, 'alice')!.name = 'Alicia';
    }];
    expect(await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH('reset-meanwhile'));
    expect(await shown(ctx, 'alicia')).toEqual(view('Alicia', 'admin'));
  });
});

describe('a new secret equal to the one just proven', () => {
  test('pin set alice, her current PIN typed as the new one: set again (only password set refuses the proven secret as the new one)', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391'], ['New PIN for alice', '7391'], ['New PIN for alice again', '7391']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('changed the PIN of alice\n');
    expect(accountOf(ctx, 'alice')!.pinHash).toBe(HASH('7391'));
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'pin set', account: 'alice', outcome: 'ok', exit: 0 });
  });

  test('password set bob, his current password typed as the new one: 65, nothing changed', async () => {
    const ctx = testContext({
      household: household(),
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', PASSWORDS.member], ['New password for bob again', PASSWORDS.member]],
    });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_PASSWORD', 65, "the new password is bob's current one; nothing was changed"]);
    expect(ctx.hasher.hashes).toBe(0);
  });
});
