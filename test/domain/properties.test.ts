import fc from 'fast-check';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { isCommonPin } from '../../src/domain/pin.js';
import { LONGEST_COOLING_OFF_MS, FIRST_COOLING_OFF_MS, FAILURES_BEFORE_COOLING_OFF, HARD_LIMIT, cleared, remainingCoolingOff, withFailure } from '../../src/domain/lockout.js';
import type { Account } from '../../src/domain/accounts.js';
import type { Prompter, SecretQuestion } from '../../src/io/prompter.js';
import { FakeHasher, testContext, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';

/**
 * For any sequence of PIN operations, right or wrong proofs and clock moves: no account's PIN changes
 * without the proof the rules table requires (and outside a cooling-off), and no cooling-off is ever
 * longer than an hour.
 */
type Who = 'alice' | 'bob' | 'kid1';
type Operation =
  | { op: 'set' | 'remove' | 'reset'; who: Who; rightProof: boolean; newPin: string; confirmSame: boolean }
  | { op: 'advance'; ms: number };

/**
 * How many random cases each property tries: 300 and 500 in the suite; `npm run mutate` runs every
 * test once per mutant, and sets a smaller number (jest.mutate.config.js), which still kills what
 * these properties kill, in a fraction of the time.
 */
const RUNS = Number(process.env.HOUSEHOLD_PROPERTY_RUNS ?? 1);
// New PINs: any 4 digits but the common ones, which every new PIN is refused for (tested on their own).
const pinArb = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')).filter((pin) => !isCommonPin(pin));
// Weighted so that runs of wrong proofs on one account, and tries inside a cooling-off, are common.
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    op: fc.constantFrom('set' as const, 'remove' as const, 'reset' as const),
    who: fc.constantFrom<Who>('alice', 'alice', 'alice', 'bob', 'kid1'),
    rightProof: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    newPin: pinArb,
    // Mostly typed the same twice: a mismatch ends the operation before anything is checked.
    confirmSame: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 90_000 }), fc.integer({ min: 0, max: 2 * 60 * 60_000 })) }) },
);

/** Answers whatever is asked, by the prompt's wording, from what the person knows (or gets wrong). */
class Person implements Prompter {
  readonly canAsk = true;
  readonly interactive = false;
  constructor(
    private readonly secrets: { pins: Record<string, string | null>; passwords: Record<string, string> },
    private readonly operation: Extract<Operation, { who: Who }>,
  ) {}
  async secret(question: SecretQuestion): Promise<string> {
    const { who, rightProof, newPin, confirmSame } = this.operation;
    if (question.message === `${who}'s current PIN`) {
      const pin = this.secrets.pins[who] ?? '5038';
      return rightProof ? pin : String((Number(pin) + 1) % 10_000).padStart(4, '0');
    }
    if (question.message === `${who}'s password`) return rightProof ? this.secrets.passwords[who] : 'wrong password';
    if (question.message === `New PIN for ${who}`) return newPin;
    if (question.message === `New PIN for ${who} again`) return confirmSame ? newPin : String((Number(newPin) + 1) % 10_000).padStart(4, '0');
    throw new Error(`unexpected prompt ${question.message}`);
  }
  close(): void {}
}

/** The contract's table, written out again here so that the property does not trust src/domain/rules.ts. */
function contractProof(action: 'set' | 'remove' | 'reset', account: Account): 'nothing' | 'pin' | 'password' | 'refused' {
  if (action === 'reset') return account.kind === 'managed' ? 'refused' : 'password';
  if (account.kind === 'managed') return 'nothing';
  if (account.pinHash !== null) return 'pin';
  return action === 'set' && account.kind === 'member' ? 'password' : 'nothing';
}

function coolingOff(account: Account, kind: 'pin' | 'password', now: number): boolean {
  return remainingCoolingOff(account.failures[kind], now) > 0;
}

test('no PIN changes without the required proof, and every change the proof allows happens; no cooling-off exceeds an hour', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operationArb, { minLength: 1, maxLength: 100, size: 'max' }), fc.constantFrom({}, { alice: '7391' }, { alice: '7391', bob: '6142', kid1: '8163' }), async (operations, pins) => {
      const ctx: TestContext = testContext({ household: household(pins) });
      const secrets = {
        pins: { alice: pins.alice ?? null, bob: (pins as { bob?: string }).bob ?? null, kid1: (pins as { kid1?: string }).kid1 ?? null } as Record<string, string | null>,
        passwords: { alice: PASSWORDS.admin, bob: PASSWORDS.member },
      };
      for (const operation of operations) {
        if (operation.op === 'advance') {
          ctx.clock.advance(operation.ms);
          continue;
        }
        const before = ctx.store.current();
        const now = ctx.clock.now();
        // And the other way round: with the proof (or none needed), outside a lockout, and the new PIN
        // typed the same twice, the operation succeeds. (A property that held because every operation
        // failed would prove nothing.)
        const target = before.accounts.find((account) => account.name === operation.who)!;
        const proof = contractProof(operation.op, target);
        const kind = proof === 'pin' || proof === 'password' ? proof : null;
        const blocked = kind !== null && (coolingOff(target, kind, now) || target.failures[kind].count >= HARD_LIMIT);
        const allowed = proof !== 'refused' && !blocked && (kind === null || operation.rightProof) && (operation.op === 'remove' || operation.confirmSame);
        const run = { set: pinSetRun, remove: (c: TestContext, o: { name: string }) => pinRemoveRun(c, { names: [o.name], allManaged: false }), reset: pinResetRun }[operation.op];
        let failure: HouseholdError | undefined;
        try {
          await run({ ...ctx, prompter: new Person(secrets, operation) } as unknown as TestContext, { name: operation.who });
        } catch (error) {
          if (!(error instanceof HouseholdError)) throw error;
          failure = error;
        }
        const after = ctx.store.current();
        expect([operation, failure?.code ?? 'ok', allowed]).toEqual([operation, allowed ? 'ok' : expect.not.stringMatching(/^ok$/), allowed]);
        if (allowed) expect(after.accounts.find((account) => account.name === operation.who)!.pinHash).toBe(operation.op === 'remove' ? null : FakeHasher.hashOf(operation.newPin));

        for (const [index, account] of after.accounts.entries()) {
          const was = before.accounts[index];
          if (account.pinHash === was.pinHash) continue;
          // Only the target's PIN may change, only on success, and only with the proof the table asks for.
          expect(account.name).toBe(operation.who);
          expect(failure).toBeUndefined();
          const proof = contractProof(operation.op, was);
          expect(proof).not.toBe('refused');
          if (proof !== 'nothing') expect([operation.rightProof, coolingOff(was, proof as 'pin' | 'password', now)]).toEqual([true, false]);
          expect(account.pinHash === null ? null : account.pinHash).toBe(operation.op === 'remove' ? null : FakeHasher.hashOf(operation.newPin));
          secrets.pins[operation.who] = operation.op === 'remove' ? null : operation.newPin;
        }
        for (const account of after.accounts) {
          for (const kind of ['pin', 'password'] as const) {
            expect(remainingCoolingOff(account.failures[kind], ctx.clock.now())).toBeLessThanOrEqual(LONGEST_COOLING_OFF_MS);
          }
        }
      }
    }),
    { numRuns: Math.ceil(300 * RUNS) },
  );
});

test('lockout maths: for any run of failures, successes and clock moves, a cooling-off is 1 minute doubling, at most an hour', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          { weight: 6, arbitrary: fc.constant('fail' as const) },
          { weight: 1, arbitrary: fc.constant('succeed' as const) },
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 * 60 * 60_000 }) },
        ),
        { maxLength: 200, size: 'max' },
      ),
      (events) => {
        let now = 0;
        let failures = cleared();
        let inARow = 0;
        for (const event of events) {
          if (typeof event === 'number') {
            now += event;
            continue;
          }
          // A check during a cooling-off is refused and not counted.
          if (remainingCoolingOff(failures, now) > 0) continue;
          if (event === 'succeed') {
            failures = cleared();
            inARow = 0;
            continue;
          }
          failures = withFailure(failures, now);
          inARow += 1;
          const wait = remainingCoolingOff(failures, now);
          expect(wait).toBeLessThanOrEqual(LONGEST_COOLING_OFF_MS);
          const expected = inARow < FAILURES_BEFORE_COOLING_OFF ? 0 : Math.min(LONGEST_COOLING_OFF_MS, FIRST_COOLING_OFF_MS * 2 ** (inARow - FAILURES_BEFORE_COOLING_OFF));
          expect(wait).toBe(expected);
        }
      },
    ),
    { numRuns: Math.ceil(500 * RUNS) },
  );
});
