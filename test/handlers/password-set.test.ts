import { passwordSetRun } from '../../src/commands/password/set.js';
import { findAccount } from '../../src/domain/accounts.js';
import { FakeHasher, attempt, testContext, withAnswers } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { HASH, NOW, NO_TERMINAL, accountOf, failuresOf, passwordFailures, shown, view, withPasswordFailures } from '../fakes/lookups.js';

describe('password set', () => {
  const NEW = 'a-new-passphrase';

  test.each([
    ['alice', 'admin', PASSWORDS.admin],
    ['bob', 'member', PASSWORDS.member],
  ] as const)('%s (%s): current password, new, new again; failures cleared from 3', async (name, kind, current) => {
    const ctx = testContext({
      household: withPasswordFailures(household(), { [name]: 3 }),
      answers: [[`${name}'s current password`, current], [`New password for ${name}`, NEW], [`New password for ${name} again`, NEW]],
      json: true,
    });
    expect(await attempt(ctx, () => passwordSetRun(ctx, { name: name.toUpperCase() }))).toBeUndefined();
    expect(ctx.prompter.asked).toEqual([`${name}'s current password`, `New password for ${name}`, `New password for ${name} again`]);
    expect(JSON.parse(ctx.stdout.text)).toEqual({ passwordSet: name });
    expect(accountOf(ctx, name).passwordHash).toBe(HASH(NEW));
    expect(await shown(ctx, name)).toEqual(view(name, kind));
    expect(ctx.hasher.verifies).toBe(1);
    // The attempt is recorded, then taken back in the same write as the change: two writes, not three.
    expect(ctx.store.writes).toBe(2);
    expect(ctx.store.log.map((line) => [line.command, line.account, line.outcome, line.exit])).toEqual([['password set', name, 'ok', 0]]);
    expect(JSON.stringify(ctx.store.log)).not.toContain(NEW);
  });

  test('plain: one confirmation line on stderr, nothing on stdout', async () => {
    const ctx = testContext({ household: household(), answers: [["bob's current password", PASSWORDS.member], ['New password for bob', NEW], ['New password for bob again', NEW]] });
    expect(await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'changed the password of bob\n']);
  });

  test('a wrong current password is 77, counted (users show: 1), nothing else asked', async () => {
    const ctx = testContext({ household: household(), answers: [["bob's current password", 'not-the-password']] });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['WRONG_PASSWORD', 77]);
    expect(error?.message).toBe('wrong password for bob; 4 more wrong tries start a 1-minute cooling-off');
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member', { password: 1 }));
    expect(ctx.store.log.map((line) => [line.command, line.account, line.outcome, line.details])).toEqual([
      ['password set', 'bob', 'WRONG_PASSWORD', { proof: 'password', failures: 1 }],
    ]);
  });

  test('an old-parameter hash: the right password is accepted and the new password replaces it', async () => {
    const h = household();
    findAccount(h, 'bob')!.passwordHash = FakeHasher.hashOf(PASSWORDS.member, FakeHasher.OLD);
    const ctx = testContext({ household: h, answers: [["bob's current password", PASSWORDS.member], ['New password for bob', NEW], ['New password for bob again', NEW]] });
    expect(await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(NEW));
  });

  test('a mismatched new password is 65; the right current one is taken back (0) and still works', async () => {
    const ctx = testContext({
      household: withPasswordFailures(household(), { bob: 2 }),
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', NEW], ['New password for bob again', `${NEW}!`]],
    });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['PASSWORD_MISMATCH', 65]);
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
    expect(passwordFailures(ctx, 'bob')).toBe(0);
    expect(ctx.store.log).toEqual([]);
    const again = withAnswers(ctx, [["bob's current password", PASSWORDS.member], ['New password for bob', NEW], ['New password for bob again', NEW]]);
    expect(await attempt(again, () => passwordSetRun(again, { name: 'bob' }))).toBeUndefined();
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(NEW));
  });

  test.each([
    { what: '7 characters', password: 'seven77', accepted: false },
    { what: 'exactly 8 characters', password: 'eight888', accepted: true },
    { what: '8 characters of two UTF-16 units each', password: '🔑'.repeat(8), accepted: true },
    { what: '7 characters of two UTF-16 units each', password: '🔑'.repeat(7), accepted: false },
    { what: '1024 characters', password: 'p'.repeat(1024), accepted: true },
    { what: '1024 characters of two UTF-16 units each', password: '🔑'.repeat(1024), accepted: true },
    { what: '1025 characters', password: 'p'.repeat(1025), accepted: false },
  ])('a new password of $what: accepted $accepted', async ({ password, accepted }) => {
    const ctx = testContext({
      household: household(),
      answers: accepted
        ? [["bob's current password", PASSWORDS.member], ['New password for bob', password], ['New password for bob again', password]]
        : [["bob's current password", PASSWORDS.member], ['New password for bob', password]],
    });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    if (accepted) {
      expect(error).toBeUndefined();
      expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(password));
    } else {
      expect([error?.code, error?.exitCode]).toEqual(['INVALID_PASSWORD', 65]);
      expect(error?.message).toMatch(password.length < 20 ? /at least 8 characters/ : /at most 1024 characters/);
      expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
      expect(passwordFailures(ctx, 'bob')).toBe(0);
    }
  });

  test('on a terminal a refused new password is asked again (3 tries in all), the proof only once', async () => {
    const ctx = testContext({
      household: household(),
      interactive: true,
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', 'short'], ['New password for bob', NEW], ['New password for bob again', NEW]],
    });
    expect(await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(NEW));
    expect(ctx.hasher.verifies).toBe(1);
    const third = testContext({
      household: household(),
      interactive: true,
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', 'short'], ['New password for bob', 'seven77'], ['New password for bob', 'x']],
    });
    const error = await attempt(third, () => passwordSetRun(third, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_PASSWORD', 65]);
    expect(accountOf(third, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
    expect(passwordFailures(third, 'bob')).toBe(0);
  });

  test.each([true, false])('a managed account is refused (77) before any prompt (way to ask: %s)', async (canAsk) => {
    const ctx = testContext({ household: household(), canAsk });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'kid1' }));
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(error?.message).toContain('a managed account has no password');
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.store.updates).toBe(0);
  });

  test('without a way to ask, the admin or a member is 64 and nothing is counted', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect(error?.exitCode).toBe(64);
    expect(error?.hint).toContain('--stdin');
    expect(ctx.store.updates).toBe(0);
  });

  test('an unknown account is 67', async () => {
    const ctx = testContext({ household: household() });
    expect((await attempt(ctx, () => passwordSetRun(ctx, { name: 'nobody' })))?.exitCode).toBe(67);
  });

  test('cooling off: 75 before anything is asked, nothing checked, not counted', async () => {
    const h = household();
    findAccount(h, 'bob')!.failures.password = { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() };
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(error?.message).toContain('try again in 1 minute');
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(passwordFailures(ctx, 'bob')).toBe(5);
  });

  test('disabled after 100 failures: 77 DISABLED before anything is asked', async () => {
    const ctx = testContext({ household: withPasswordFailures(household(), { alice: 100 }) });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'alice' }));
    expect([error?.code, error?.exitCode]).toEqual(['DISABLED', 77]);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
  });

  test("the account's password changed while the person typed: 75 and nothing overwritten", async () => {
    const ctx = testContext({ household: household(), answers: [["bob's current password", PASSWORDS.member], ['New password for bob', NEW], ['New password for bob again', NEW]] });
    // Update 1 records the attempt; another process sets bob's password before update 2, the change.
    ctx.store.beforeUpdate = [2, (h) => {
      findAccount(h, 'bob')!.passwordHash = HASH('set-elsewhere');
    }];
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(error?.message).toContain('changed while you were typing');
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH('set-elsewhere'));
    expect(ctx.store.log.filter((line) => line.command === 'password set')).toEqual([]);
  });
});

describe('password set', () => {
  test('without a way to ask: 64 naming the current password', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (bob's current password) and ${NO_TERMINAL}`]);
  });
});

describe('password set to the password it already has', () => {
  test.each([
    ['alice', PASSWORDS.admin],
    ['bob', PASSWORDS.member],
  ])('%s: 65, saying so, the password kept; the right current password is no failure', async (name, current) => {
    const ctx = testContext({
      household: household(),
      answers: [[`${name}'s current password`, current], [`New password for ${name}`, current], [`New password for ${name} again`, current]],
    });
    const before = accountOf(ctx, name)!.passwordHash;
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name }));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual([
      'INVALID_PASSWORD',
      65,
      `the new password is ${name}'s current one; nothing was changed`,
      'choose a password other than the current one',
    ]);
    expect(accountOf(ctx, name)!.passwordHash).toBe(before);
    expect(failuresOf(ctx, name).password).toEqual({ count: 0, coolingOffUntil: null });
    expect(ctx.stderr.text).toBe('');
  });

  test('another password is still changed', async () => {
    const ctx = testContext({
      household: household(),
      answers: [["bob's current password", PASSWORDS.member], ['New password for bob', 'a new password'], ['New password for bob again', 'a new password']],
    });
    expect(await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(accountOf(ctx, 'bob')!.passwordHash).toBe(HASH('a new password'));
  });
});
