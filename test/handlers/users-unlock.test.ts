import { passwordSetRun } from '../../src/commands/password/set.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import { attempt, testContext, withAnswers } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { HASH, NOW, accountOf, shown, view } from '../fakes/lookups.js';

describe('users unlock', () => {
  function locked(): Household {
    const h = household();
    for (const name of ['alice', 'bob', 'kid1']) {
      findAccount(h, name)!.failures = {
        pin: { count: 100, coolingOffUntil: null },
        password: { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() },
      };
    }
    findAccount(h, 'kid1')!.failures.password = { count: 0, coolingOffUntil: null };
    return h;
  }

  test('clears both kinds when neither is named; users show shows them open', async () => {
    const ctx = testContext({ household: locked(), json: true });
    expect(await attempt(ctx, () => unlockRun(ctx, { name: 'Bob', pin: false, password: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ unlocked: 'bob', kinds: ['pin', 'password'] });
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member'));
  });

  test('--password clears only the password; --pin only the PIN', async () => {
    const ctx = testContext({ household: locked() });
    expect(await attempt(ctx, () => unlockRun(ctx, { name: 'alice', pin: false, password: true }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('cleared the password failures of alice\n');
    expect(accountOf(ctx, 'alice').failures).toEqual({ pin: { count: 100, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } });
    expect(await attempt(ctx, () => unlockRun(ctx, { name: 'bob', pin: true, password: false }))).toBeUndefined();
    expect(accountOf(ctx, 'bob').failures.pin).toEqual({ count: 0, coolingOffUntil: null });
    expect(accountOf(ctx, 'bob').failures.password.count).toBe(5);
  });

  test('a managed account: its PIN only; --password is 65', async () => {
    const ctx = testContext({ household: locked(), json: true });
    const error = await attempt(ctx, () => unlockRun(ctx, { name: 'kid1', pin: false, password: true }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_CHANGE', 65]);
    expect(accountOf(ctx, 'kid1').failures.pin.count).toBe(100);
    expect(await attempt(ctx, () => unlockRun(ctx, { name: 'kid1', pin: false, password: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ unlocked: 'kid1', kinds: ['pin'] });
  });

  test('an unlocked password can be proven again', async () => {
    const ctx = testContext({ household: locked() });
    expect(await attempt(ctx, () => unlockRun(ctx, { name: 'bob', pin: false, password: true }))).toBeUndefined();
    const set = withAnswers(ctx, [["bob's current password", PASSWORDS.member], ['New password for bob', 'unlocked-pw'], ['New password for bob again', 'unlocked-pw']]);
    expect(await attempt(set, () => passwordSetRun(set, { name: 'bob' }))).toBeUndefined();
    expect(accountOf(ctx, 'bob').passwordHash).toBe(HASH('unlocked-pw'));
  });
});

describe('users list, remove, set, show, unlock: their lines', () => {
  test('unlock --password on a managed account: 65, with the command that fits as the hint', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => unlockRun(ctx, { name: 'kid1', pin: false, password: true }));
    expect([error?.exitCode, error?.message, error?.hint]).toEqual([65, 'kid1 is a managed account: it has no password to unlock', 'household users unlock kid1 --pin']);
  });

  test.each([
    ['bob', false, false, 'cleared the PIN and password failures of bob'],
    ['bob', false, true, 'cleared the password failures of bob'],
    ['kid1', false, false, 'cleared the PIN failures of kid1'],
  ])('unlock %s (--pin %s, --password %s): %s', async (name, pin, password, line) => {
    const ctx = testContext({ household: household() });
    await unlockRun(ctx, { name, pin, password });
    expect(ctx.stderr.text).toBe(`${line}\n`);
  });
});
