import { jest } from '@jest/globals';
import { initRun } from '../../src/commands/init.js';
import { passwordResetRun } from '../../src/commands/password/reset.js';
import { recoveryCodesRun } from '../../src/commands/recovery/codes.js';
import { recoveryStatusRun } from '../../src/commands/recovery/status.js';
import { showRun } from '../../src/commands/users/show.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { RECOVERY_ALPHABET, showRecoveryCode } from '../../src/domain/recovery.js';
import { parseHousehold, serializeHousehold } from '../../src/store/schema.js';
import { FakeHasher, MemoryStore, attempt, fakeCode, recoveryNote, shownCodes, testContext, testKey, withAnswers, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';

/**
 * Recovery codes (issue 23): made and printed once by init and `recovery codes`, counted by `recovery
 * status`, and used up by `password reset ADMIN --recovery-code`, a proof of its own lockout kind.
 */
const CODES = Array.from({ length: 10 }, (_, i) => fakeCode(100 + i));
const NEW_PASSWORD = 'a-new-admin-password';

/** alice (admin) with the ten CODES, bob (member), kid1 and kid2. */
function withCodes(codes: Array<string | null> = CODES): Household {
  const h = household({ alice: '1357' });
  findAccount(h, 'alice')!.recoveryCodes = codes.map((code) => (code === null ? null : FakeHasher.hashOf(code)));
  return h;
}

const alice = (ctx: TestContext) => findAccount(ctx.store.current(), 'alice')!;

function resetAnswers(code: string, password = NEW_PASSWORD, again = password): Array<[string, string]> {
  return [
    ['A recovery code for alice', code],
    ['New password for alice', password],
    ['New password for alice again', again],
  ];
}

/** A reset with `code`; `refused`: the code is refused, so no new password is asked. */
async function reset(ctx: TestContext, code: string, refused = false) {
  const asked = withAnswers(ctx, refused ? resetAnswers(code).slice(0, 1) : resetAnswers(code));
  return attempt(asked, () => passwordResetRun(asked, { name: 'alice', recoveryCode: true }));
}

/** Everything the user and the log could see, and the store's text, for what must never be there. */
function everythingShown(ctx: TestContext, errors: unknown[] = []): string {
  return [ctx.stdout.text, ctx.stderr.text, JSON.stringify(ctx.store.log), ...errors.map((error) => `${(error as Error)?.message} ${(error as { hint?: string })?.hint}`)].join('\n');
}

describe('init makes ten codes and shows them once', () => {
  test('on stderr after the confirmation; stored only as hashes (made with the new key, its id beside them), by number; the log counts them', async () => {
    const ctx = testContext({ answers: [['Password for alice', PASSWORDS.admin], ['Password for alice again', PASSWORDS.admin], ['New PIN for alice', '']] });
    ctx.store = new MemoryStore(undefined, () => ctx.clock.now());
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'alice', plan: 'free' }))).toBeUndefined();
    const [codes] = ctx.codes.sets;
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toBe(`created the household at /memory/household.json: admin alice, plan free, without a PIN\n${recoveryNote('alice', ctx)}`);
    expect(alice(ctx).recoveryCodes).toEqual(codes.map((code) => FakeHasher.hashOf(code, FakeHasher.CURRENT, testKey(1).bytes)));
    expect(alice(ctx).recoveryKeyId).toBe(testKey(1).id);
    for (const code of codes) expect(ctx.store.text).not.toContain(code);
    expect(ctx.store.log[0].details).toEqual({ plan: 'free', pinRequired: false, recoveryCodes: 10, keyFile: '/memory/config/household/household.json.key', keyId: '00000001' });
    expect(JSON.stringify(ctx.store.log)).not.toContain(codes[0]);
  });

  test('--json: recoveryCodes beside the rest, shown xxxxx-xxxxx; nothing on stderr', async () => {
    const ctx = testContext({ json: true, answers: [['Password for alice', PASSWORDS.admin], ['Password for alice again', PASSWORDS.admin], ['New PIN for alice', '']] });
    ctx.store = new MemoryStore(undefined, () => ctx.clock.now());
    await initRun(ctx, { admin: 'alice', plan: 'free' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ created: '/memory/household.json', admin: 'alice', plan: 'free', pinRequired: false, recoveryCodes: shownCodes(ctx) });
    expect(shownCodes(ctx)[0]).toMatch(new RegExp(`^[${RECOVERY_ALPHABET}]{5}-[${RECOVERY_ALPHABET}]{5}$`));
    expect(ctx.stderr.text).toBe('');
  });
});

describe('recovery status: how many are left, no proof', () => {
  test('--json {"left": n}; a used code is not counted', async () => {
    const ctx = testContext({ household: withCodes([null, ...CODES.slice(1, 7), null, null, CODES[9]]), json: true });
    expect(await attempt(ctx, () => recoveryStatusRun(ctx))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ left: 7 });
    expect(ctx.store.log).toEqual([]);
  });

  test('a store made before codes: 0 left, and how to make some', async () => {
    const ctx = testContext({ household: household() });
    await recoveryStatusRun(ctx);
    expect(ctx.stdout.text).toContain('recovery codes left:  0 of 10 (household recovery codes makes a new set)');
  });
});

describe('password reset ADMIN --recovery-code', () => {
  test('asks the code, the new password, the new password again (in that order); sets the password; the code works once', async () => {
    const ctx = testContext({ household: withCodes() });
    expect(await reset(ctx, showRecoveryCode(CODES[3]))).toBeUndefined();
    expect(alice(ctx).passwordHash).toBe(FakeHasher.hashOf(NEW_PASSWORD));
    expect(alice(ctx).recoveryCodes![3]).toBeNull();
    expect(alice(ctx).recoveryCodes!.filter((hash) => hash !== null)).toHaveLength(9);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'password reset', account: 'alice', outcome: 'ok', exit: 0, details: { recoveryCode: 4 } });
    expect(ctx.stderr.text).toBe('reset the password of alice with a recovery code, now used up; 9 codes are left\n');

    // The same code again: wrong, and counted.
    const again = await reset(ctx, showRecoveryCode(CODES[3]), true);
    expect([again?.code, again?.exitCode]).toEqual(['WRONG_RECOVERY_CODE', 77]);
    expect(alice(ctx).passwordHash).toBe(FakeHasher.hashOf(NEW_PASSWORD));
    expect(alice(ctx).failures.recovery).toEqual({ count: 1, coolingOffUntil: null });
  });

  test('the code is taken with or without the dash, in either case', async () => {
    for (const typed of [CODES[0].toUpperCase(), ` ${showRecoveryCode(CODES[0]).toUpperCase()} `, CODES[0]]) {
      const ctx = testContext({ household: withCodes() });
      expect(await reset(ctx, typed)).toBeUndefined();
      expect(alice(ctx).recoveryCodes![0]).toBeNull();
    }
  });

  test('something that cannot be a code: 65, not counted, not checked, never quoted', async () => {
    const ctx = testContext({ household: withCodes() });
    const asked = withAnswers(ctx, [['A recovery code for alice', 'abcde-fghi1']]);
    const error = await attempt(asked, () => passwordResetRun(asked, { name: 'alice', recoveryCode: true }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_INPUT', 65]);
    expect(error?.message).not.toContain('abcde');
    expect(ctx.hasher.verifies).toBe(0);
    expect(alice(ctx).failures.recovery).toBeUndefined();
  });

  test('clears the password failures, a disabled password too', async () => {
    const h = withCodes();
    findAccount(h, 'alice')!.failures.password = { count: 100, coolingOffUntil: null };
    const ctx = testContext({ household: h });
    expect(await reset(ctx, CODES[9])).toBeUndefined();
    expect(alice(ctx).failures.password).toEqual({ count: 0, coolingOffUntil: null });
  });

  test('a code used (or revoked) by another process while this one typed: refused under the lock, nothing changed', async () => {
    const ctx = testContext({ household: withCodes() });
    // Updates: 1 records the attempt, 2 is the change. Before 2, another process uses code 5.
    ctx.store.beforeUpdate = [2, (current) => {
      findAccount(current, 'alice')!.recoveryCodes![4] = null;
    }];
    const error = await reset(ctx, CODES[4]);
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(alice(ctx).passwordHash).toBe(FakeHasher.hashOf(PASSWORDS.admin));
    expect(ctx.store.log.filter((entry) => entry.outcome === 'ok')).toEqual([]);
  });

  // What a parallel winner does with the same code: uses it up and sets its own new password.
  const winnerUses = (number: number) => (current: Household) => {
    const admin = findAccount(current, 'alice')!;
    admin.recoveryCodes![number - 1] = null;
    admin.passwordHash = FakeHasher.hashOf('the-winners-password');
  };

  test.each([
    ['while the new password was typed (before the change)', 2],
    ['while the code was typed (before its attempt was recorded)', 1],
  ])('the same code used by another process %s, which also set its password: 77 (not "changed", 75), logged with the code\'s number, the attempt taken back', async (_when, update) => {
    const ctx = testContext({ household: withCodes() });
    ctx.store.beforeUpdate = [update, winnerUses(5)];
    const error = await reset(ctx, CODES[4]);
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['REFUSED', 77, 'that recovery code was used or revoked by another command meanwhile; nothing was changed']);
    expect(error?.hintFor('household --store /h.json')).toBe('household --store /h.json recovery status says how many codes are left');
    // The winner's password stands; this process changed nothing but its own attempt, taken back.
    expect(alice(ctx).passwordHash).toBe(FakeHasher.hashOf('the-winners-password'));
    expect(alice(ctx).failures.recovery).toEqual({ count: 0, coolingOffUntil: null });
    expect(ctx.store.log).toEqual([
      expect.objectContaining({ command: 'password reset', account: 'alice', outcome: 'REFUSED', exit: 77, details: { proof: 'recovery code', recoveryCode: 5 } }),
    ]);
    expect(everythingShown(ctx, [error])).not.toContain(CODES[4]);
  });

  test('a wrong code is counted before it is checked, and the lockout applies: the 5th starts a cooling-off, refused before asking', async () => {
    const ctx = testContext({ household: withCodes() });
    for (let i = 1; i <= 5; i += 1) {
      const verifiesBefore = ctx.hasher.verifies;
      const error = await reset(ctx, fakeCode(5000 + i), true);
      expect([error?.code, error?.exitCode]).toEqual(['WRONG_RECOVERY_CODE', 77]);
      // One argon2 run per unused code, all after the attempt was recorded.
      expect(ctx.hasher.verifies - verifiesBefore).toBe(10);
      expect(alice(ctx).failures.recovery?.count).toBe(i);
    }
    expect(alice(ctx).failures.recovery?.coolingOffUntil).toBe('2026-01-01T12:01:00.000Z');
    // Cooling off: refused before the prompt, even with the right code at hand.
    const refused = await attempt(ctx, () => passwordResetRun(ctx, { name: 'alice', recoveryCode: true }));
    expect([refused?.code, refused?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(refused?.message).toMatch(/^alice's recovery code checks are cooling off after 5 wrong tries in a row/);
    expect(alice(ctx).passwordHash).toBe(FakeHasher.hashOf(PASSWORDS.admin));
    // The password's own count is apart.
    expect(alice(ctx).failures.password.count).toBe(0);
    expect(ctx.store.log.map((entry) => [entry.outcome, entry.details])).toEqual([
      ...[1, 2, 3, 4, 5].map((failures) => ['WRONG_RECOVERY_CODE', { proof: 'recovery code', failures }]),
      ['COOLING_OFF', { proof: 'recovery code' }],
    ]);
  });

  test('the attempt cannot be recorded (disk full): the code is never checked, and not used', async () => {
    const ctx = testContext({ household: withCodes() });
    ctx.store.failNextWrite = new HouseholdError('IO_ERROR', 'no space left on the device');
    const error = await reset(ctx, CODES[0], true);
    expect(error?.code).toBe('IO_ERROR');
    expect(ctx.hasher.verifies).toBe(0);
    expect(alice(ctx).recoveryCodes![0]).not.toBeNull();
  });

  test('at the hard limit: disabled (77) until users unlock', async () => {
    const h = withCodes();
    findAccount(h, 'alice')!.failures.recovery = { count: 100, coolingOffUntil: null };
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'alice', recoveryCode: true }));
    expect([error?.code, error?.exitCode, error?.hint]).toEqual(['DISABLED', 77, 'an operator can clear it with: household users unlock alice']);
  });

  test('only on the admin, and only with a code left: refused (77) before anything is asked', async () => {
    const ctx = testContext({ household: withCodes() });
    const member = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob', recoveryCode: true }));
    expect([member?.code, member?.exitCode, member?.hint]).toEqual(['REFUSED', 77, 'household password reset bob']);
    expect(member?.message).toBe("refused: password reset --recovery-code on bob: recovery codes are the admin's; a member's password is reset with the admin's password");
    const managed = await attempt(ctx, () => passwordResetRun(ctx, { name: 'kid1', recoveryCode: true }));
    expect([managed?.code, managed?.exitCode, managed?.message, managed?.hint]).toEqual([
      'REFUSED',
      77,
      "refused: password reset --recovery-code on kid1: recovery codes are the admin's; a managed account has no password",
      undefined,
    ]);
    const none = testContext({ household: withCodes(Array(10).fill(null)) });
    const empty = await attempt(none, () => passwordResetRun(none, { name: 'alice', recoveryCode: true }));
    expect([empty?.code, empty?.exitCode, empty?.message]).toEqual(['REFUSED', 77, 'refused: alice has no recovery codes left']);
    expect(empty?.hintFor('household --store /h.json')).toBe('while the password is known, household --store /h.json recovery codes makes a new set');
    expect(ctx.prompter.asked).toEqual([]);
  });

  test('without a way to ask: 64 naming what it would have asked, before the code is counted', async () => {
    const ctx = testContext({ household: withCodes(), canAsk: false });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'alice', recoveryCode: true }));
    expect([error?.exitCode, error?.message]).toEqual([64, 'this command needs a secret (a recovery code for alice) and cannot ask for it: standard input is not a terminal']);
    expect(alice(ctx).failures.recovery).toBeUndefined();
  });

  test('--json: {"passwordReset": NAME}; with one code left the message says "1 code is left"', async () => {
    const json = testContext({ household: withCodes(), json: true });
    expect(await reset(json, CODES[0])).toBeUndefined();
    expect(JSON.parse(json.stdout.text)).toEqual({ passwordReset: 'alice' });
    const lastButOne = testContext({ household: withCodes([CODES[0], CODES[1], ...Array(8).fill(null)]) });
    expect(await reset(lastButOne, CODES[1])).toBeUndefined();
    expect(lastButOne.stderr.text).toBe('reset the password of alice with a recovery code, now used up; 1 code is left\n');
  });

  test('no code or hash in any output, the log, users show or an error', async () => {
    const ctx = testContext({ household: withCodes() });
    const errors = [await reset(ctx, fakeCode(7000), true), await reset(ctx, CODES[2]), await reset(ctx, CODES[2], true)];
    await showRun(ctx, { name: 'alice' });
    const shown = everythingShown(ctx, errors);
    for (const secret of [...CODES, ...CODES.map(showRecoveryCode), fakeCode(7000), ...CODES.map((code) => FakeHasher.hashOf(code)), '$argon2id']) {
      expect(shown).not.toContain(secret);
    }
  });
});

describe('recovery codes: the admin password, then a new set that revokes every earlier code', () => {
  test('the old codes stop working, the new ones work; printed once; the line counts them', async () => {
    const ctx = testContext({ household: withCodes() });
    const asked = withAnswers(ctx, [["alice's password", PASSWORDS.admin]]);
    expect(await attempt(asked, () => recoveryCodesRun(asked))).toBeUndefined();
    const fresh = ctx.codes.sets[0];
    expect(alice(ctx).recoveryCodes).toEqual(fresh.map((code) => FakeHasher.hashOf(code)));
    expect(ctx.stderr.text).toBe(`made ten new recovery codes for alice; every earlier one is revoked\n${recoveryNote('alice', ctx)}`);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'recovery codes', account: 'alice', outcome: 'ok', details: { generated: 10, revoked: 10 } });

    ctx.stderr.text = '';
    const old = await reset(ctx, CODES[0], true);
    expect(old?.code).toBe('WRONG_RECOVERY_CODE');
    expect(await reset(ctx, fresh[0])).toBeUndefined();
    expect(alice(ctx).passwordHash).toBe(FakeHasher.hashOf(NEW_PASSWORD));
  });

  test("the codes are hashed with the strength made for random codes, not a password's", async () => {
    const ctx = testContext({ household: withCodes(), answers: [["alice's password", PASSWORDS.admin]] });
    const hash = jest.spyOn(ctx.hasher, 'hash');
    await recoveryCodesRun(ctx);
    expect(hash.mock.calls.map((call) => (call as unknown[]).slice(1))).toEqual(Array(10).fill([undefined, 'code']));
  });

  test('--json: {"recoveryCodes": [...]}', async () => {
    const ctx = testContext({ household: withCodes(), json: true, answers: [["alice's password", PASSWORDS.admin]] });
    await recoveryCodesRun(ctx);
    expect(JSON.parse(ctx.stdout.text)).toEqual({ recoveryCodes: shownCodes(ctx) });
  });

  test("the admin's password changed by another process while it was typed: 75, the old codes stay, nothing shown", async () => {
    const ctx = testContext({ household: withCodes(), answers: [["alice's password", PASSWORDS.admin]] });
    // The first write records the attempt; the second would replace the codes.
    ctx.store.beforeUpdate = [
      2,
      (current) => {
        findAccount(current, 'alice')!.passwordHash = FakeHasher.hashOf('another-password');
      },
    ];
    const error = await attempt(ctx, () => recoveryCodesRun(ctx));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['ACCOUNT_CHANGED', 75, 'the account alice changed while you were typing; try again']);
    expect(alice(ctx).recoveryCodes).toEqual(CODES.map((code) => FakeHasher.hashOf(code)));
    expect(ctx.stderr.text).toBe('');
    expect(ctx.store.log.filter((entry) => entry.command === 'recovery codes' && entry.outcome === 'ok')).toEqual([]);
  });

  test('a wrong admin password: counted, nothing made, the old codes stay', async () => {
    const ctx = testContext({ household: withCodes(), answers: [["alice's password", 'not-the-password']] });
    const error = await attempt(ctx, () => recoveryCodesRun(ctx));
    expect([error?.code, error?.exitCode]).toEqual(['WRONG_PASSWORD', 77]);
    expect(ctx.codes.sets).toEqual([]);
    expect(alice(ctx).recoveryCodes).toEqual(CODES.map((code) => FakeHasher.hashOf(code)));
    expect(alice(ctx).failures.password.count).toBe(1);
  });
});

describe('users unlock clears recovery code failures', () => {
  test('with no kind named, the admin\'s recovery failures too (once there are any); --pin leaves them', async () => {
    const h = withCodes();
    findAccount(h, 'alice')!.failures.recovery = { count: 100, coolingOffUntil: null };
    const ctx = testContext({ household: h, json: true });
    await unlockRun(ctx, { name: 'alice', pin: true, password: false });
    expect(alice(ctx).failures.recovery?.count).toBe(100);
    ctx.stdout.text = '';
    await unlockRun(ctx, { name: 'alice', pin: false, password: false });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ unlocked: 'alice', kinds: ['pin', 'password', 'recovery'] });
    expect(alice(ctx).failures.recovery).toEqual({ count: 0, coolingOffUntil: null });
    // A store without recovery failures stays as it was: no field written.
    const plain = testContext({ household: household(), json: true });
    await unlockRun(plain, { name: 'alice', pin: false, password: false });
    expect(JSON.parse(plain.stdout.text)).toEqual({ unlocked: 'alice', kinds: ['pin', 'password'] });
    expect(plain.store.text).not.toContain('recovery');
  });
});

describe('the store: recovery fields are checked like every other (78 naming the field)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const parse = (edit: (json: any) => void) => {
    const json = JSON.parse(serializeHousehold(withCodes()));
    edit(json);
    try {
      parseHousehold(json);
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };
  test.each([
    ['nine codes', (json: any) => json.accounts[0].recoveryCodes.pop(), 'accounts[0].recoveryCodes: expected a list of 10 argon2id hashes or nulls (found a list of 9)'],
    ['a code that is no hash', (json: any) => (json.accounts[0].recoveryCodes[3] = 'abcde-fghjk'), 'accounts[0].recoveryCodes[3]: expected an argon2id hash or null (found another string)'],
    ['codes on a member', (json: any) => (json.accounts[1].recoveryCodes = json.accounts[0].recoveryCodes), 'accounts[1].recoveryCodes: only the admin has recovery codes (this is member)'],
    ['recovery failures on a member', (json: any) => (json.accounts[1].failures.recovery = { count: 0, coolingOffUntil: null }), 'accounts[1].failures.recovery: only the admin has recovery codes (this is member)'],
    ['a recovery count that is no number', (json: any) => (json.accounts[0].failures.recovery = { count: 'x', coolingOffUntil: null }), 'accounts[0].failures.recovery.count: expected a whole number from 0 to 1000000000 (found a string)'],
  ])('%s', (_what, edit, message) => {
    expect(parse(edit)).toBe(message);
  });

  test('a store without them is written as it was read (no recovery field appears)', () => {
    const text = serializeHousehold(household());
    expect(serializeHousehold(parseHousehold(JSON.parse(text)))).toBe(text);
    expect(parse(() => {})).toBe('accepted');
  });
});

describe('recovery status: its lines, word for word', () => {
  /** What recovery status prints for alice with the ten CODES, `used` of them used up, and `failures` at `coolingOffUntil`. */
  async function statusLines(failures: number, coolingOffUntil: string | null = null, used = 3): Promise<string> {
    const h = withCodes(CODES.map((code, i) => (i < used ? null : code)));
    findAccount(h, 'alice')!.failures.recovery = { count: failures, coolingOffUntil };
    const ctx = testContext({ household: h });
    expect(await attempt(ctx, () => recoveryStatusRun(ctx))).toBeUndefined();
    expect([ctx.stderr.text, ctx.store.writes]).toEqual(['', 0]);
    return ctx.stdout.text;
  }
  const expected = (left: string, checks: string) => `admin:                alice\nrecovery codes left:  ${left}\nrecovery code checks: ${checks}\n`;

  test.each([
    [0, null, 'open'],
    [1, null, 'open (1 wrong try in a row)'],
    [3, null, 'open (3 wrong tries in a row)'],
    // The fake clock is at 2026-01-01 12:00:00 UTC, and the tests run in UTC.
    [5, '2026-01-01T12:01:00.000Z', 'cooling off until 2026-01-01 12:01:00'],
    // A cooling-off that has passed leaves the count, which is shown.
    [6, '2026-01-01T11:00:00.000Z', 'open (6 wrong tries in a row)'],
    [100, null, 'disabled after 100 wrong tries in a row, until household users unlock'],
  ])('%i wrong codes in a row, cooling off until %s: %s', async (failures, until, checks) => {
    expect(await statusLines(failures, until)).toBe(expected('7 of 10', checks));
  });

  test('every code used up: 0 of 10, and how to make a new set; one left: no hint', async () => {
    expect(await statusLines(0, null, 10)).toBe(expected('0 of 10 (household recovery codes makes a new set)', 'open'));
    expect(await statusLines(0, null, 9)).toBe(expected('1 of 10', 'open'));
  });
});

test('recovery codes with nothing to ask with: 64 naming the admin\'s password, before the key file or the store is touched', async () => {
  const ctx = testContext({ household: withCodes(), canAsk: false });
  const error = await attempt(ctx, () => recoveryCodesRun(ctx));
  expect([error?.code, error?.exitCode]).toEqual(['NO_INPUT', 64]);
  expect(error?.message).toContain("alice's password");
  expect([ctx.keys.reads, ctx.store.updates]).toEqual([0, 0]);
});
