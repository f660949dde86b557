import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { findAccount } from '../../src/domain/accounts.js';
import { attempt, testContext } from '../fakes/context.js';
import { account, household } from '../fakes/households.js';
import { HASH, PIN, failuresOf, kidsLockedOut, pinOf } from '../fakes/lookups.js';

describe('pin remove: every cell of the rules table', () => {
  test.each([
    ['alice', { alice: '7391' }],
    ['bob', { bob: '7391' }],
  ] as const)('%s with a PIN: removed with its current PIN', async (name, pins) => {
    const ctx = testContext({ household: household(pins), answers: [[`${name}'s current PIN`, '7391']] });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: [name], allManaged: false }))).toBeUndefined();
    expect(pinOf(ctx, name)).toBeNull();
    expect(ctx.stderr.text).toBe(`removed the PIN of ${name}\n`);
  });

  test.each([
    ['alice', { alice: '7391' }],
    ['bob', { bob: '7391' }],
  ] as const)('%s with a PIN: refused with a wrong one (77), counted', async (name, pins) => {
    const ctx = testContext({ household: household(pins), answers: [[`${name}'s current PIN`, '1112']] });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: [name], allManaged: false }));
    expect([error?.code, error?.exitCode]).toEqual(['WRONG_PIN', 77]);
    expect(pinOf(ctx, name)).toBe(PIN('7391'));
    expect(failuresOf(ctx, name).pin.count).toBe(1);
  });

  test.each(['alice', 'bob', 'kid1'])('%s without a PIN: unchanged, nothing asked, nothing written', async (name) => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: [name], allManaged: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: [], unchanged: [name] });
    expect(ctx.store.writes).toBe(0);
  });

  test('managed accounts need nothing; --all-managed is one lock, one read, one write', async () => {
    const ctx = testContext({ household: household({ kid1: '7391', alice: '6142' }), json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: [], allManaged: true }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['kid1'], unchanged: ['kid2'] });
    expect([ctx.store.updates, ctx.store.reads, ctx.store.writes]).toEqual([1, 1, 1]);
    expect(pinOf(ctx, 'alice')).toBe(PIN('6142'));
    expect(ctx.hasher.verifies).toBe(0);
  });

  test('several names: proofs asked in the order given, then all removed at once', async () => {
    const ctx = testContext({
      household: household({ alice: '7391', bob: '6142', kid1: '8163' }),
      answers: [["bob's current PIN", '6142'], ["alice's current PIN", '7391']],
      json: true,
    });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['kid1', 'bob', 'Alice', 'kid2'], allManaged: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['kid1', 'bob', 'alice'], unchanged: ['kid2'] });
    expect(ctx.prompter.asked).toEqual(["bob's current PIN", "alice's current PIN"]);
    expect(ctx.hasher.verifies).toBe(2);
    // Each attempt is recorded before its check, then the change takes both back.
    expect(ctx.store.writes).toBe(3);
    expect(ctx.store.current().accounts.map((a) => a.failures.pin.count)).toEqual([0, 0, 0, 0]);
  });

  test('all or nothing: one wrong proof among several removes no PIN', async () => {
    const ctx = testContext({
      household: household({ alice: '7391', bob: '6142', kid1: '8163' }),
      answers: [["alice's current PIN", '7391'], ["bob's current PIN", '5038']],
    });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'bob'], allManaged: true }));
    expect(error?.code).toBe('WRONG_PIN');
    const after = ctx.store.current();
    expect(after.accounts.map((a) => a.pinHash !== null)).toEqual([true, true, true, false]);
    expect(failuresOf(ctx, 'bob').pin.count).toBe(1);
    expect(failuresOf(ctx, 'alice').pin.count).toBe(0);
  });

  test('all or nothing: an unknown name (67) removes nothing and asks nothing', async () => {
    const ctx = testContext({ household: household({ alice: '7391', kid1: '8163' }) });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['kid1', 'ghost'], allManaged: false }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_ACCOUNT', 67, 'no account named ghost']);
    expect(pinOf(ctx, 'kid1')).toBe(PIN('8163'));
  });

  test('no names and no --all-managed is usage (64)', async () => {
    const ctx = testContext({ household: household() });
    expect((await attempt(ctx, () => pinRemoveRun(ctx, { names: [], allManaged: false })))?.exitCode).toBe(64);
  });

  test('a proof needed with no way to ask is 64 and removes nothing', async () => {
    const ctx = testContext({ household: household({ alice: '7391', kid1: '6142' }), canAsk: false });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: true }));
    expect(error?.exitCode).toBe(64);
    expect(error?.message).toContain("alice's current PIN");
    expect(pinOf(ctx, 'kid1')).toBe(PIN('6142'));
  });
});

describe('pin remove', () => {
  test('a managed account named and taken in by --all-managed is listed once', async () => {
    const ctx = testContext({ household: household({ kid1: '7391' }), json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['KID1'], allManaged: true }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['kid1'], unchanged: ['kid2'] });
  });

  test('a name given twice is listed once', async () => {
    const ctx = testContext({ household: household({ alice: '7391' }), answers: [["alice's current PIN", '7391']], json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'ALICE'], allManaged: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['alice'], unchanged: [] });
    expect(ctx.prompter.asked).toEqual(["alice's current PIN"]);
  });

  test('no names and no --all-managed: the usage error says what to give', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: [], allManaged: false }));
    expect([error?.exitCode, error?.message]).toEqual([64, 'name at least one account, or pass --all-managed']);
  });

  test('every named account that cools off is refused before the first prompt (75), nothing removed', async () => {
    const h = household({ alice: '7391', bob: '6142' });
    findAccount(h, 'bob')!.failures.pin = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'bob'], allManaged: false }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(ctx.prompter.asked).toEqual([]);
    expect([pinOf(ctx, 'alice'), pinOf(ctx, 'bob')]).toEqual([HASH('7391'), HASH('6142')]);
  });

  test("a managed account's PIN cooling off (from pin verify) does not stop its removal: removing needs no PIN of it", async () => {
    const h = household({ alice: '7391', kid1: '8163' });
    findAccount(h, 'kid1')!.failures.pin = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    const ctx = testContext({ household: h, answers: [["alice's current PIN", '7391']], json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'kid1'], allManaged: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['alice', 'kid1'], unchanged: [] });
  });

  test('--all-managed with a proof: the managed accounts as they are at the change, one added meanwhile included', async () => {
    const ctx = testContext({ household: household({ alice: '7391', kid1: '8163' }), answers: [["alice's current PIN", '7391']], json: true });
    // Updates: 1 which targets need proofs, 2 alice's attempt, 3 the change.
    ctx.store.beforeUpdate = [
      3,
      (current) => {
        current.accounts.push(account('kid3', 'managed', { pin: '9263' }));
      },
    ];
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: true }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['alice', 'kid1', 'kid3'], unchanged: ['kid2'] });
    expect(pinOf(ctx, 'kid3')).toBeNull();
  });

  test.each([
    [{ kid1: '7391' }, ['kid1', 'kid2'], 'removed the PIN of kid1; unchanged (no PIN): kid2'],
    [{ kid1: '7391', kid2: '6142' }, ['kid1', 'kid2'], 'removed the PIN of kid1, kid2'],
    [{}, ['kid1', 'kid2'], 'unchanged (no PIN): kid1, kid2'],
  ])('the line, with PINs %j', async (pins, names, line) => {
    const ctx = testContext({ household: household(pins) });
    await pinRemoveRun(ctx, { names, allManaged: false });
    expect(ctx.stderr.text).toBe(`${line}\n`);
  });

  test('--all-managed in a household without managed accounts: nothing to change, said so', async () => {
    const h = household();
    h.accounts = h.accounts.filter((entry) => entry.kind !== 'managed');
    const ctx = testContext({ household: h });
    await pinRemoveRun(ctx, { names: [], allManaged: true });
    expect(ctx.stderr.text).toBe('no managed accounts; nothing to change\n');
  });
});

describe('a new or removed PIN ends the lockout of the old one', () => {
  test('pin remove clears the failures of the PINs it removed, and only those', async () => {
    const h = kidsLockedOut();
    h.accounts[3].pinHash = null;
    const ctx = testContext({ household: h });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: [], allManaged: true }))).toBeUndefined();
    expect(failuresOf(ctx, 'kid1').pin).toEqual({ count: 0, coolingOffUntil: null });
    // kid2 had no PIN left to remove: nothing about it changed.
    expect(failuresOf(ctx, 'kid2').pin.count).toBe(7);
  });
});
