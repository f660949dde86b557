import { userInfo } from 'node:os';
import { initRun } from '../../src/commands/init.js';
import { passwordResetRun } from '../../src/commands/password/reset.js';
import { passwordSetRun } from '../../src/commands/password/set.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { planSetRun } from '../../src/commands/plan/set.js';
import { addRun } from '../../src/commands/users/add.js';
import { removeRun } from '../../src/commands/users/remove.js';
import { usersSetRun } from '../../src/commands/users/set.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import type { Actor, AuditEntry } from '../../src/domain/audit.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { processActor } from '../../src/io/actor.js';
import { MemoryStore, TEST_ACTOR, attempt, testContext, withAnswers, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { failuresOf } from '../fakes/lookups.js';

/**
 * The audit log's lines as each command writes them: the fields, the sequence number (a change gets the
 * next one, an event the current one, a recorded attempt none), and never a secret or a hash.
 */
const NOW = '2026-01-01T12:00:00.000Z';

function line(seq: number, command: string, account: string | null, details: Record<string, unknown>, outcome = 'ok', exit = 0): AuditEntry {
  // Every line these commands write with outcome ok is a change, but a pin verify's.
  return { time: NOW, seq, change: outcome === 'ok' && command !== 'pin verify', command, account, outcome, exit, actor: TEST_ACTOR, details };
}

function sequenceOf(ctx: TestContext): number {
  return ctx.store.current().sequence;
}

/** Every secret a test typed, and any hash, must be absent from every line. */
function expectNoSecretIn(ctx: TestContext, typed: string[]): void {
  const text = JSON.stringify(ctx.store.log);
  for (const secret of typed) expect(text).not.toContain(secret);
  expect(text).not.toContain('$argon2id$');
}

function withFailures(h: Household, name: string, kind: 'pin' | 'password', count: number, coolingOffUntil: string | null = null): Household {
  findAccount(h, name)!.failures[kind] = { count, coolingOffUntil };
  return h;
}

const LATER = '2026-01-01T12:30:00.000Z';

describe('every change writes one line, with the store\'s next sequence number', () => {
  test('init: the admin, the plan, whether a PIN was set; sequence 1', async () => {
    const ctx = testContext({
      answers: [
        ['Password for Alice', 'correct horse'],
        ['Password for Alice again', 'correct horse'],
        ['New PIN for Alice', '2580'],
        ['New PIN for Alice again', '2580'],
      ],
    });
    ctx.store = new MemoryStore(undefined, () => ctx.clock.now());
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'pass', email: 'alice@example.org' }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'init', 'Alice', { plan: 'pass', pinRequired: true, recoveryCodes: 10, keyFile: '/memory/config/household/household.json.key', keyId: '00000001' })]);
    expect(sequenceOf(ctx)).toBe(1);
    expectNoSecretIn(ctx, ['correct horse', '2580', 'alice@example.org']);
  });

  test('init without a PIN says so', async () => {
    const ctx = testContext({ answers: [['Password for Alice', 'correct horse'], ['Password for Alice again', 'correct horse'], ['New PIN for Alice', '']] });
    ctx.store = new MemoryStore(undefined, () => ctx.clock.now());
    await initRun(ctx, { admin: 'Alice', plan: 'free' });
    expect(ctx.store.log).toEqual([line(1, 'init', 'Alice', { plan: 'free', pinRequired: false, recoveryCodes: 10, keyFile: '/memory/config/household/household.json.key', keyId: '00000001' })]);
  });

  test('users add --managed: the kind and the restriction', async () => {
    const ctx = testContext({ household: household() });
    await addRun(ctx, { name: 'Kid3', kind: 'managed', restriction: 'teen' });
    expect(ctx.store.log).toEqual([line(1, 'users add', 'Kid3', { kind: 'managed', restriction: 'teen' })]);
    expect(sequenceOf(ctx)).toBe(1);
  });

  test('users add --member: the kind, no restriction, never the password', async () => {
    const ctx = testContext({ household: household(), answers: [['Password for carol', 'carol-secret'], ['Password for carol again', 'carol-secret']] });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'users add', 'carol', { kind: 'member', restriction: null })]);
    expectNoSecretIn(ctx, ['carol-secret']);
  });

  test('users remove: the account by its stored name, and its kind', async () => {
    const ctx = testContext({ household: household() });
    await removeRun(ctx, { name: 'KID1' });
    expect(ctx.store.log).toEqual([line(1, 'users remove', 'kid1', { kind: 'managed' })]);
  });

  test('users set: the new name, the name it had, the new restriction', async () => {
    const ctx = testContext({ household: household() });
    await usersSetRun(ctx, { name: 'kid1', rename: 'Kiddo', restriction: 'teen' });
    expect(ctx.store.log).toEqual([line(1, 'users set', 'Kiddo', { previousName: 'kid1', restriction: 'teen' })]);
  });

  test('users set --email: that it changed or was removed, never the address', async () => {
    const ctx = testContext({ household: household() });
    await usersSetRun(ctx, { name: 'bob', email: 'bob@example.org' });
    await usersSetRun(ctx, { name: 'bob', email: null });
    expect(ctx.store.log).toEqual([line(1, 'users set', 'bob', { email: 'changed' }), line(2, 'users set', 'bob', { email: 'removed' })]);
    expectNoSecretIn(ctx, ['bob@example.org', 'example.org']);
  });

  test('users unlock: the kinds cleared', async () => {
    const h = withFailures(withFailures(household(), 'bob', 'pin', 7, LATER), 'bob', 'password', 3);
    withFailures(h, 'kid1', 'pin', 100);
    const ctx = testContext({ household: h });
    await unlockRun(ctx, { name: 'bob', pin: false, password: true });
    await unlockRun(ctx, { name: 'BOB', pin: false, password: false });
    await unlockRun(ctx, { name: 'kid1', pin: false, password: false });
    expect(ctx.store.log).toEqual([
      line(1, 'users unlock', 'bob', { kinds: ['password'] }),
      line(2, 'users unlock', 'bob', { kinds: ['pin', 'password'] }),
      line(3, 'users unlock', 'kid1', { kinds: ['pin'] }),
    ]);
  });

  test('pin set: whether a PIN was replaced, never the PIN', async () => {
    const ctx = testContext({ household: household({ kid2: '7391' }), answers: [['New PIN for kid1', '4826'], ['New PIN for kid1 again', '4826']] });
    await pinSetRun(ctx, { name: 'kid1' });
    await pinSetRun(withAnswers(ctx, [['New PIN for kid2', '9153'], ['New PIN for kid2 again', '9153']]), { name: 'Kid2' });
    expect(ctx.store.log).toEqual([line(1, 'pin set', 'kid1', { replaced: false }), line(2, 'pin set', 'kid2', { replaced: true })]);
    expectNoSecretIn(ctx, ['4826', '9153', '7391']);
  });

  test('pin set with a proof: one line for the change, none for the recorded attempt', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391'], ['New PIN for alice', '4826'], ['New PIN for alice again', '4826']] });
    expect(await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'pin set', 'alice', { replaced: true })]);
    expect(sequenceOf(ctx)).toBe(1);
    expectNoSecretIn(ctx, ['7391', '4826']);
  });

  test('pin remove of one account names it', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }) });
    await pinRemoveRun(ctx, { names: ['KID1'], allManaged: false });
    expect(ctx.store.log).toEqual([line(1, 'pin remove', 'kid1', { removed: ['kid1'], unchanged: [] })]);
  });

  test('pin remove of several: account null, the removed and the unchanged in details', async () => {
    const ctx = testContext({ household: household({ kid1: '7391', alice: '6142' }), answers: [["alice's current PIN", '6142']] });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: true }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'pin remove', null, { removed: ['alice', 'kid1'], unchanged: ['kid2'] })]);
    expect(sequenceOf(ctx)).toBe(1);
    expectNoSecretIn(ctx, ['6142', '7391']);
  });

  test('pin reset: the account, nothing else', async () => {
    const ctx = testContext({
      household: household({ bob: '7391' }),
      answers: [['New PIN for bob', '7395'], ['New PIN for bob again', '7395'], ["bob's password", PASSWORDS.member]],
    });
    expect(await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'pin reset', 'bob', {})]);
    expectNoSecretIn(ctx, ['7395', PASSWORDS.member]);
  });

  test('plan set: the household (account null), the plan and the one before', async () => {
    const ctx = testContext({ household: household() });
    await planSetRun(ctx, { plan: 'free' });
    expect(ctx.store.log).toEqual([line(1, 'plan set', null, { plan: 'free', previous: 'pass' })]);
  });

  test('password set: the account, never a password', async () => {
    const ctx = testContext({
      household: household(),
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', 'bob-new-secret'], ['New password for bob again', 'bob-new-secret']],
    });
    expect(await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'password set', 'bob', {})]);
    expectNoSecretIn(ctx, [PASSWORDS.member, 'bob-new-secret']);
  });

  test('password reset: the member, and the admin who vouched', async () => {
    const ctx = testContext({
      household: household(),
      answers: [[/^alice's password/, PASSWORDS.admin], ['New password for bob', 'bob-new-secret'], ['New password for bob again', 'bob-new-secret']],
    });
    expect(await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(1, 'password reset', 'bob', { vouchedBy: 'alice' })]);
    expectNoSecretIn(ctx, [PASSWORDS.admin, 'bob-new-secret']);
  });

  test('the numbers run on across commands: each change one more', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }) });
    await addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'none' });
    await planSetRun(ctx, { plan: 'free' });
    await pinRemoveRun(ctx, { names: ['kid1'], allManaged: false });
    expect(ctx.store.log.map((entry) => [entry.seq, entry.command])).toEqual([
      [1, 'users add'],
      [2, 'plan set'],
      [3, 'pin remove'],
    ]);
    expect(sequenceOf(ctx)).toBe(3);
  });
});

describe('a change that changes nothing writes no line and keeps the number', () => {
  test.each<[string, (ctx: TestContext) => Promise<void>]>([
    ['plan set to the same plan', (ctx) => planSetRun(ctx, { plan: 'pass' })],
    ['pin remove on accounts without PINs', (ctx) => pinRemoveRun(ctx, { names: ['kid1', 'kid2'], allManaged: false })],
    ['pin remove --all-managed without PINs', (ctx) => pinRemoveRun(ctx, { names: [], allManaged: true })],
    ['pin remove of one account without a PIN', (ctx) => pinRemoveRun(ctx, { names: ['kid2'], allManaged: false })],
    ['users set to what it is', (ctx) => usersSetRun(ctx, { name: 'kid1', rename: 'kid1', restriction: 'younger-kid' })],
    ['users unlock with nothing to clear', (ctx) => unlockRun(ctx, { name: 'bob', pin: false, password: false })],
  ])('%s', async (_label, run) => {
    const ctx = testContext({ household: household() });
    await run(ctx);
    expect(ctx.store.log).toEqual([]);
    expect(sequenceOf(ctx)).toBe(0);
    expect(ctx.store.writes).toBe(0);
  });
});

describe('failed and refused proofs: one line each, with the current number; the attempt itself has none', () => {
  test('a wrong PIN: WRONG_PIN, 77, the proof and the failure count; the store keeps its number', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '3579']] });
    expect((await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: false })))?.code).toBe('WRONG_PIN');
    const again = withAnswers(ctx, [["alice's current PIN", '8642']]);
    expect((await attempt(again, () => pinRemoveRun(again, { names: ['alice'], allManaged: false })))?.exitCode).toBe(77);
    expect(ctx.store.log).toEqual([
      line(0, 'pin remove', 'alice', { proof: 'PIN', failures: 1 }, 'WRONG_PIN', 77),
      line(0, 'pin remove', 'alice', { proof: 'PIN', failures: 2 }, 'WRONG_PIN', 77),
    ]);
    // The counted attempts were written, but they are bookkeeping: no new number.
    expect(failuresOf(ctx, 'alice').pin.count).toBe(2);
    expect(sequenceOf(ctx)).toBe(0);
    expectNoSecretIn(ctx, ['3579', '8642', '7391']);
  });

  test('after a change, an event carries the store\'s number, and the next change the one after', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }) });
    await planSetRun(ctx, { plan: 'free' });
    const wrong = withAnswers(ctx, [["alice's current PIN", '3579']]);
    expect((await attempt(wrong, () => pinRemoveRun(wrong, { names: ['alice'], allManaged: false })))?.code).toBe('WRONG_PIN');
    await planSetRun(ctx, { plan: 'pass' });
    expect(ctx.store.log.map((entry) => [entry.seq, entry.command, entry.outcome])).toEqual([
      [1, 'plan set', 'ok'],
      [1, 'pin remove', 'WRONG_PIN'],
      [2, 'plan set', 'ok'],
    ]);
  });

  test('the fifth wrong PIN still says WRONG_PIN with its count', async () => {
    const ctx = testContext({ household: withFailures(household({ bob: '7391' }), 'bob', 'pin', 4), answers: [["bob's current PIN", '3579']] });
    expect((await attempt(ctx, () => pinSetRun(ctx, { name: 'bob' })))?.code).toBe('WRONG_PIN');
    expect(ctx.store.log).toEqual([line(0, 'pin set', 'bob', { proof: 'PIN', failures: 5 }, 'WRONG_PIN', 77)]);
  });

  test('a cooling-off refusal: COOLING_OFF, 75, nothing asked, nothing counted', async () => {
    const ctx = testContext({ household: withFailures(household({ alice: '7391' }), 'alice', 'pin', 5, LATER) });
    expect((await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: false })))?.exitCode).toBe(75);
    expect(ctx.store.log).toEqual([line(0, 'pin remove', 'alice', { proof: 'PIN' }, 'COOLING_OFF', 75)]);
    expect(failuresOf(ctx, 'alice').pin.count).toBe(5);
  });

  test('a refusal found under the lock, once the secret was typed, is logged too', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391']] });
    // Another process's failures start a cooling-off between the prompt and the lock.
    ctx.store.beforeUpdate = [2, (h) => withFailures(h, 'alice', 'pin', 5, LATER)];
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }));
    expect(error?.code).toBe('COOLING_OFF');
    expect(ctx.store.log).toEqual([line(0, 'pin remove', 'alice', { proof: 'PIN' }, 'COOLING_OFF', 75)]);
    expect(ctx.hasher.verifies).toBe(0);
  });

  test('a disabled proof: DISABLED, 77', async () => {
    const ctx = testContext({ household: withFailures(household(), 'bob', 'password', 100) });
    expect((await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' })))?.code).toBe('DISABLED');
    expect(ctx.store.log).toEqual([line(0, 'password set', 'bob', { proof: 'password' }, 'DISABLED', 77)]);
  });

  test('a wrong password: WRONG_PASSWORD, the proof named, never the password', async () => {
    const ctx = testContext({ household: household(), answers: [["bob's current password", 'not-bobs-password']] });
    expect((await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' })))?.code).toBe('WRONG_PASSWORD');
    expect(ctx.store.log).toEqual([line(0, 'password set', 'bob', { proof: 'password', failures: 1 }, 'WRONG_PASSWORD', 77)]);
    expectNoSecretIn(ctx, ['not-bobs-password']);
  });

  test('password reset with a wrong admin password: the admin\'s proof, for whom', async () => {
    const ctx = testContext({ household: household(), answers: [[/^alice's password/, 'not-alices-password']] });
    expect((await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' })))?.code).toBe('WRONG_PASSWORD');
    expect(ctx.store.log).toEqual([line(0, 'password reset', 'alice', { proof: 'password', for: 'bob', failures: 1 }, 'WRONG_PASSWORD', 77)]);
    expectNoSecretIn(ctx, ['not-alices-password']);
  });

  test('pin reset with a wrong password: the password proof of the account', async () => {
    const ctx = testContext({ household: household(), answers: [['New PIN for bob', '7395'], ['New PIN for bob again', '7395'], ["bob's password", 'not-bobs-password']] });
    expect((await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' })))?.code).toBe('WRONG_PASSWORD');
    expect(ctx.store.log).toEqual([line(0, 'pin reset', 'bob', { proof: 'password', failures: 1 }, 'WRONG_PASSWORD', 77)]);
    expectNoSecretIn(ctx, ['7395', 'not-bobs-password']);
  });

  test('a right proof whose change then stops (mismatched new PIN) leaves no line', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391'], ['New PIN for alice', '4826'], ['New PIN for alice again', '4827']] });
    expect((await attempt(ctx, () => pinSetRun(ctx, { name: 'alice' })))?.code).toBe('PIN_MISMATCH');
    expect(ctx.store.log).toEqual([]);
    expect(failuresOf(ctx, 'alice').pin.count).toBe(0);
    expect(sequenceOf(ctx)).toBe(0);
  });
});

describe('pin verify: every verify leaves a line', () => {
  test('a right PIN: ok, 0; the attempt taken back without a new number', async () => {
    const ctx = testContext({ household: withFailures(household({ kid1: '7391' }), 'kid1', 'pin', 2), answers: [['PIN for kid1', '7391']] });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'KID1', requirePin: false }))).toBeUndefined();
    expect(ctx.store.log).toEqual([line(0, 'pin verify', 'kid1', { pinRequired: true })]);
    expect(failuresOf(ctx, 'kid1').pin.count).toBe(0);
    expect(sequenceOf(ctx)).toBe(0);
    expectNoSecretIn(ctx, ['7391']);
  });

  test('a wrong PIN: WRONG_PIN, 77, counted', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }), answers: [['PIN for kid1', '6047']] });
    expect((await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false })))?.code).toBe('WRONG_PIN');
    expect(ctx.store.log).toEqual([line(0, 'pin verify', 'kid1', { proof: 'PIN', failures: 1 }, 'WRONG_PIN', 77)]);
    expectNoSecretIn(ctx, ['6047', '7391']);
  });

  test('no PIN: ok, pinRequired false; with --require-pin: NO_PIN, 77', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }))).toBeUndefined();
    expect((await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: true })))?.code).toBe('NO_PIN');
    expect(ctx.store.log).toEqual([line(0, 'pin verify', 'kid1', { pinRequired: false }), line(0, 'pin verify', 'kid1', { pinRequired: false }, 'NO_PIN', 77)]);
  });

  test('no such account: account null, NO_ACCOUNT, 67', async () => {
    const ctx = testContext({ household: household() });
    expect((await attempt(ctx, () => pinVerifyRun(ctx, { name: 'ghost', requirePin: false })))?.exitCode).toBe(67);
    // Not the typed name: at a login prompt, a password typed into the name field would land in the log.
    expect(ctx.store.log).toEqual([line(0, 'pin verify', null, {}, 'NO_ACCOUNT', 67)]);
  });

  test('a PIN that is not 4 digits: INVALID_PIN, 65, not counted, not written', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }), answers: [['PIN for kid1', '12a4']] });
    expect((await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false })))?.exitCode).toBe(65);
    expect(ctx.store.log).toEqual([line(0, 'pin verify', 'kid1', { pinRequired: true }, 'INVALID_PIN', 65)]);
    expect(failuresOf(ctx, 'kid1').pin.count).toBe(0);
    expectNoSecretIn(ctx, ['12a4']);
  });

  test('cooling off: COOLING_OFF, 75, nothing asked', async () => {
    const ctx = testContext({ household: withFailures(household({ kid1: '7391' }), 'kid1', 'pin', 6, LATER) });
    expect((await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false })))?.exitCode).toBe(75);
    expect(ctx.store.log).toEqual([line(0, 'pin verify', 'kid1', { proof: 'PIN' }, 'COOLING_OFF', 75)]);
  });

  test('no way to ask (a usage error, 64): no line', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }), canAsk: false });
    expect((await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false })))?.exitCode).toBe(64);
    expect(ctx.store.log).toEqual([]);
  });
});

describe('the actor: who, under sudo by whom, from where', () => {
  const user = userInfo().username;
  test.each<[Record<string, string | undefined>, Actor]>([
    [{}, { user, sudoUser: null, from: null }],
    [{ SUDO_USER: 'bob', SSH_CONNECTION: '203.0.113.9 50022 10.0.0.1 22' }, { user, sudoUser: 'bob', from: '203.0.113.9' }],
    [{ SUDO_USER: '', SSH_CONNECTION: '2001:db8::7 50022 2001:db8::1 22' }, { user, sudoUser: null, from: '2001:db8::7' }],
    [{ SSH_CONNECTION: 'fe80::1%eth0 50022 fe80::2%eth0 22' }, { user, sudoUser: null, from: 'fe80::1%eth0' }],
    [{ SSH_CONNECTION: '::ffff:198.51.100.4 50022 ::ffff:10.0.0.1 22' }, { user, sudoUser: null, from: '::ffff:198.51.100.4' }],
    [{ SSH_CONNECTION: '::1 50022 ::1 22' }, { user, sudoUser: null, from: '::1' }],
  ])('%j', (env, actor) => {
    expect(processActor(env)).toEqual(actor);
  });

  test.each(['', 'garbage', 'x', '203.0.113.9;rm', 'not an address', `${'1'.repeat(70)} 1 2 3`, '<script> 1 2 3', 'deadbeef 1 2 3', '999.1.1.1 1 2 3', '10.0.0 1 2 3'])(
    'SSH_CONNECTION %j is no address: from null',
    (value) => {
      expect(processActor({ SSH_CONNECTION: value }).from).toBeNull();
    },
  );
});

describe('a right secret whose change cannot be written', () => {
  test('is refused with the write\'s error, writes no line, and is not left counted as a failure', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391']] });
    // Updates: 1 finds the targets, 2 records the attempt, 3 is the change, whose write fails.
    ctx.store.beforeUpdate = [3, () => (ctx.store.failNextWrite = new HouseholdError('IO_ERROR', 'could not write the audit log'))];
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: false }));
    expect(error?.code).toBe('IO_ERROR');
    expect(ctx.store.log).toEqual([]);
    expect(findAccount(ctx.store.current(), 'alice')!.pinHash).not.toBeNull();
    expect(failuresOf(ctx, 'alice').pin).toEqual({ count: 0, coolingOffUntil: null });
  });
});
