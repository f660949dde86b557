import { passwordResetRun } from '../../src/commands/password/reset.js';
import { findAccount } from '../../src/domain/accounts.js';
import { attempt, testContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { HASH, NOW, accountOf, passwordFailures, shown, view, withPasswordFailures } from '../fakes/lookups.js';

describe('password reset', () => {
  const NEW = 'bobs-new-password';
  const ADMIN_PROMPT = "alice's password (the admin's, to reset bob's)";

  test("a member: the admin's password, new, new again; both accounts' password failures cleared", async () => {
    const ctx = testContext({
      household: withPasswordFailures(household(), { alice: 2, bob: 3 }),
      answers: [[ADMIN_PROMPT, PASSWORDS.admin], ['New password for bob', NEW], ['New password for bob again', NEW]],
      json: true,
    });
    expect(await attempt(ctx, () => passwordResetRun(ctx, { name: 'BOB' }))).toBeUndefined();
    expect(ctx.prompter.asked).toEqual([ADMIN_PROMPT, 'New password for bob', 'New password for bob again']);
    expect(JSON.parse(ctx.stdout.text)).toEqual({ passwordReset: 'bob' });
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(NEW));
    expect(accountOf(ctx, 'alice').passwordHash).toBe(HASH(PASSWORDS.admin));
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member'));
    expect(await shown(ctx, 'alice')).toEqual(view('alice', 'admin'));
    expect(ctx.store.writes).toBe(2);
    expect(ctx.store.log.map((line) => [line.command, line.account, line.outcome, line.details])).toEqual([['password reset', 'bob', 'ok', { vouchedBy: 'alice' }]]);
  });

  test('plain: one confirmation line on stderr', async () => {
    const ctx = testContext({ household: household(), answers: [[ADMIN_PROMPT, PASSWORDS.admin], ['New password for bob', NEW], ['New password for bob again', NEW]] });
    expect(await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'reset the password of bob\n']);
  });

  test("a wrong admin password is 77, counted on the admin's password failures, not bob's", async () => {
    const ctx = testContext({ household: withPasswordFailures(household(), { bob: 2 }), answers: [[ADMIN_PROMPT, 'not-alices']] });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['WRONG_PASSWORD', 77]);
    expect(error?.message).toBe('wrong password for alice; 4 more wrong tries start a 1-minute cooling-off');
    expect(await shown(ctx, 'alice')).toEqual(view('alice', 'admin', { password: 1 }));
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member', { password: 2 }));
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
    expect(ctx.store.log.map((line) => [line.command, line.account, line.outcome, line.details])).toEqual([
      ['password reset', 'alice', 'WRONG_PASSWORD', { proof: 'password', for: 'bob', failures: 1 }],
    ]);
  });

  test("a mismatched new password is 65; the admin's attempt is taken back", async () => {
    const ctx = testContext({
      household: withPasswordFailures(household(), { alice: 1 }),
      answers: [[ADMIN_PROMPT, PASSWORDS.admin], ['New password for bob', NEW], ['New password for bob again', 'something-else']],
    });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['PASSWORD_MISMATCH', 65]);
    expect(passwordFailures(ctx, 'alice')).toBe(0);
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
  });

  test('a new password that is too short is 65 and bob keeps his', async () => {
    const ctx = testContext({ household: household(), answers: [[ADMIN_PROMPT, PASSWORDS.admin], ['New password for bob', 'short']] });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_PASSWORD', 65]);
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH(PASSWORDS.member));
  });

  test.each([
    ['alice', 'nobody can vouch for the admin'],
    ['kid1', 'a managed account has no password'],
  ])('%s is refused (77) before any prompt, with or without a way to ask', async (name, why) => {
    for (const canAsk of [true, false]) {
      const ctx = testContext({ household: household(), canAsk });
      const error = await attempt(ctx, () => passwordResetRun(ctx, { name }));
      expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
      expect(error?.message).toContain(why);
      expect(ctx.prompter.asked).toEqual([]);
      expect(ctx.store.updates).toBe(0);
    }
  });

  test('without a way to ask, a member is 64', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }));
    expect(error?.exitCode).toBe(64);
    expect(error?.message).toContain("alice's password");
    expect(ctx.store.updates).toBe(0);
  });

  test("the admin's password cooling off: 75, nothing asked", async () => {
    const h = household();
    findAccount(h, 'alice')!.failures.password = { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() };
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(error?.message).toContain("alice's password checks are cooling off");
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
  });

  test("bob's own password cooling off does not stop the admin from resetting it", async () => {
    const h = household();
    findAccount(h, 'bob')!.failures.password = { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() };
    const ctx = testContext({ household: h, answers: [[ADMIN_PROMPT, PASSWORDS.admin], ['New password for bob', NEW], ['New password for bob again', NEW]] });
    expect(await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }))).toBeUndefined();
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member'));
  });

  test.each([
    ["bob's password", 'bob'],
    ["the admin's password", 'alice'],
  ])('%s changed while the person typed: 75, nothing overwritten', async (_what, changed) => {
    const ctx = testContext({ household: household(), answers: [[ADMIN_PROMPT, PASSWORDS.admin], ['New password for bob', NEW], ['New password for bob again', NEW]] });
    ctx.store.beforeUpdate = [2, (h) => {
      findAccount(h, changed)!.passwordHash = HASH('set-elsewhere');
    }];
    const error = await attempt(ctx, () => passwordResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['ACCOUNT_CHANGED', 75]);
    expect(accountOf(ctx, changed).passwordHash).toBe(HASH('set-elsewhere'));
    expect(accountOf(ctx, 'bob').passwordHash).not.toBe(HASH(NEW));
  });
});
