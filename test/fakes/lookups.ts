import { showRun } from '../../src/commands/users/show.js';
import { findAccount, type Account, type Household } from '../../src/domain/accounts.js';
import { FakeHasher, testContext, type TestContext } from './context.js';
import { household } from './households.js';

/**
 * What the handler tests read back after a command, and the values they compare it with: one copy here
 * for the test files of every command (test/handlers/<command>.test.ts).
 */

/** The hash FakeHasher makes of a secret, as the store holds it. */
export const HASH = (secret: string) => FakeHasher.hashOf(secret);
/** The same, named for a PIN. */
export const PIN = (value: string) => FakeHasher.hashOf(value);

/** The fake clock's start (see testContext), in milliseconds. */
export const NOW = Date.parse('2026-01-01T12:00:00Z');

/** How a refusal to prompt ends when there is no terminal to ask on. */
export const NO_TERMINAL = 'cannot ask for it: standard input is not a terminal';

export function accountOf(ctx: TestContext, name: string): Account {
  return findAccount(ctx.store.current(), name)!;
}

export function failuresOf(ctx: TestContext, name: string) {
  return findAccount(ctx.store.current(), name)!.failures;
}

export function pinOf(ctx: TestContext, name: string): string | null {
  return findAccount(ctx.store.current(), name)!.pinHash;
}

export function passwordFailures(ctx: TestContext, name: string): number {
  return accountOf(ctx, name).failures.password.count;
}

/** A household where `name` already has `count` password failures in a row (no cooling-off yet). */
export function withPasswordFailures(h: Household, counts: Record<string, number>): Household {
  for (const [name, count] of Object.entries(counts)) findAccount(h, name)!.failures.password = { count, coolingOffUntil: null };
  return h;
}

/** `users show NAME --json` on the same store and clock, as a person would check after a change. */
export async function shown(ctx: TestContext, name: string): Promise<unknown> {
  const view = testContext({ json: true });
  const show = { ...view, store: ctx.store, clock: ctx.clock };
  await showRun(show, { name });
  return JSON.parse(view.stdout.text);
}

/** What `users show --json` prints for an account in a fresh household, with `changes` laid over it. */
export function view(name: string, kind: Account['kind'], changes: { pinRequired?: boolean; restriction?: string | null; email?: string | null; pin?: number; password?: number } = {}) {
  const lockout = (failures: number) => ({ failures, coolingOffUntil: null, disabled: false });
  return {
    name,
    kind,
    pinRequired: changes.pinRequired ?? false,
    restriction: changes.restriction ?? null,
    email: changes.email ?? null,
    lockout: { pin: lockout(changes.pin ?? 0), password: kind === 'managed' ? null : lockout(changes.password ?? 0) },
    // No hours in these households: always allowed, in the machine's zone (the fake's is UTC).
    hours: null,
    timeZone: 'UTC',
    allowedNow: true,
    nextChange: null,
    grantUntil: null,
    // The fakes' households are made without a key.
    keyed: { pin: (changes.pinRequired ?? false) ? false : null, password: kind === 'managed' ? null : false },
  };
}

/** kid1 and kid2 with PINs and 7 PIN failures in a row, cooling off until 12:30. */
export function kidsLockedOut(): Household {
  const h = household({ kid1: '7391', kid2: '6142' });
  for (const kid of [h.accounts[2], h.accounts[3]]) kid.failures.pin = { count: 7, coolingOffUntil: '2026-01-01T12:30:00.000Z' };
  return h;
}
