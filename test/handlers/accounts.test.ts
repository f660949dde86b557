import { buildProgram, type Handler } from '../../src/cli/program.js';
import { outcomeOf } from '../../src/cli/errors.js';
import { passwordResetRun } from '../../src/commands/password/reset.js';
import { passwordSetRun } from '../../src/commands/password/set.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { usersSetRun } from '../../src/commands/users/set.js';
import { showRun } from '../../src/commands/users/show.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount, type Account, type Household } from '../../src/domain/accounts.js';
import { Capture, FakeHasher, attempt, testContext, withAnswers, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';

/** `users show NAME --json` on the same store and clock, as a person would check after a change. */
async function shown(ctx: TestContext, name: string): Promise<unknown> {
  const view = testContext({ json: true });
  const show = { ...view, store: ctx.store, clock: ctx.clock };
  await showRun(show, { name });
  return JSON.parse(view.stdout.text);
}

/** What `users show --json` prints for an account in a fresh household, with `changes` laid over it. */
function view(name: string, kind: Account['kind'], changes: { pinRequired?: boolean; restriction?: string | null; email?: string | null; pin?: number; password?: number } = {}) {
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
  };
}

function accountOf(ctx: TestContext, name: string): Account {
  return findAccount(ctx.store.current(), name)!;
}

function passwordFailures(ctx: TestContext, name: string): number {
  return accountOf(ctx, name).failures.password.count;
}

/** A household where `name` already has `count` password failures in a row (no cooling-off yet). */
function withPasswordFailures(h: Household, counts: Record<string, number>): Household {
  for (const [name, count] of Object.entries(counts)) findAccount(h, name)!.failures.password = { count, coolingOffUntil: null };
  return h;
}

const HASH = (secret: string) => FakeHasher.hashOf(secret);
const NOW = Date.parse('2026-01-01T12:00:00Z');

describe('users set', () => {
  test('needs at least one option (64), before the store is touched', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['USAGE', 64]);
    expect(error?.message).toContain('--rename');
    expect([ctx.store.reads, ctx.store.updates]).toEqual([0, 0]);
  });

  test('the command line refuses --email with --no-email (64) and runs nothing', async () => {
    for (const args of [
      ['users', 'set', 'bob', '--email', 'bob@example.org', '--no-email'],
      ['users', 'set', 'bob', '--no-email', '--email', 'bob@example.org'],
      ['users', 'set', 'bob'],
    ]) {
      const calls: unknown[] = [];
      const program = buildProgram(async <O>(handler: Handler<O>, opts: O) => {
        // `users set` with no option reaches the handler, which refuses it: run it to see that.
        calls.push(opts);
        const ctx = testContext({ household: household() });
        await handler(ctx, opts);
      }, { stdout: new Capture(), stderr: new Capture(), cwd: '/home/op', env: {} });
      let exitCode = 0;
      try {
        await program.parseAsync(['node', 'household', ...args]);
      } catch (error) {
        exitCode = outcomeOf(error).exitCode;
      }
      expect(exitCode).toBe(64);
      if (args.length > 3) expect(calls).toEqual([]);
    }
  });

  test.each(['alice', 'bob'])('--restriction on %s (not managed) is 65 and changes nothing', async (name) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name, restriction: 'teen' }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_CHANGE', 65]);
    expect(error?.message).toContain('only managed accounts have a restriction');
    expect(ctx.store.writes).toBe(0);
    expect(ctx.store.log).toEqual([]);
  });

  test.each([['kid1@example.org'], [null]])('--email %j on a managed account is 65 and changes nothing', async (email) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'kid1', email }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_CHANGE', 65]);
    expect(error?.message).toContain('managed accounts have no e-mail');
    expect(ctx.store.writes).toBe(0);
  });

  test.each(['', ' bob2', 'bob2 ', '   ', 'a'.repeat(33), 'bo\tb', 'bo\u200bb', 'bo\u202eb', 'line\u2028sep'])('--rename %j breaks the name rules: 65, nothing changed', async (rename) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_NAME', 65]);
    expect(ctx.store.writes).toBe(0);
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member'));
  });

  test('--rename to 32 characters is allowed (the longest name)', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename: 'b'.repeat(32) }))).toBeUndefined();
    expect(accountOf(ctx, 'b'.repeat(32)).kind).toBe('member');
  });

  test.each(['alice', 'ALICE', 'Kid1', 'ａｌｉｃｅ', 'KID2'])('--rename of bob to %j, another account\'s name, is 73', async (rename) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename }));
    expect([error?.code, error?.exitCode]).toEqual(['DUPLICATE_NAME', 73]);
    expect(ctx.store.writes).toBe(0);
    expect(ctx.store.current().accounts.map((a) => a.name)).toEqual(['alice', 'bob', 'kid1', 'kid2']);
  });

  test('--rename bob to BOB (its own name in another case) is allowed; users show has the new case', async () => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename: 'BOB' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ updated: view('BOB', 'member') });
    expect(await shown(ctx, 'bob')).toEqual(view('BOB', 'member'));
    expect(ctx.store.log.map((line) => [line.command, line.account, line.details])).toEqual([['users set', 'BOB', { previousName: 'bob' }]]);
  });

  test('a rename keeps the PIN, the password and the failure counts; the old name is gone', async () => {
    const h = household({ bob: '1234' });
    const bob = findAccount(h, 'bob')!;
    bob.failures = { pin: { count: 2, coolingOffUntil: null }, password: { count: 3, coolingOffUntil: null } };
    bob.email = 'bob@example.org';
    const ctx = testContext({ household: h });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'Bob', rename: 'robert' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('updated robert: renamed from bob\n');
    expect(accountOf(ctx, 'robert')).toEqual({ ...bob, name: 'robert' });
    expect(await shown(ctx, 'robert')).toEqual(view('robert', 'member', { pinRequired: true, email: 'bob@example.org', pin: 2, password: 3 }));
    const gone = await attempt(ctx, () => showRun(ctx, { name: 'bob' }));
    expect([gone?.code, gone?.exitCode]).toEqual(['NO_ACCOUNT', 67]);
  });

  test('after a rename, pin set finds the account by its new name and proves it as before', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename: 'robert' }))).toBeUndefined();
    const pin = withAnswers(ctx, [["robert's password", PASSWORDS.member], ['New PIN for robert', '2468'], ['New PIN for robert again', '2468']]);
    expect(await attempt(pin, () => pinSetRun(pin, { name: 'robert' }))).toBeUndefined();
    expect(accountOf(ctx, 'robert').pinHash).toBe(HASH('2468'));
    const changed = withAnswers(ctx, [["robert's current PIN", '2468'], ['New PIN for robert', '1357'], ['New PIN for robert again', '1357']]);
    expect(await attempt(changed, () => pinSetRun(changed, { name: 'ROBERT' }))).toBeUndefined();
    expect(accountOf(ctx, 'robert').pinHash).toBe(HASH('1357'));
    const old = withAnswers(ctx, []);
    const error = await attempt(old, () => pinSetRun(old, { name: 'bob' }));
    expect([error?.code, error?.exitCode]).toEqual(['NO_ACCOUNT', 67]);
  });

  test('a restriction change shows in users show; none shows as null', async () => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'KID1', restriction: 'teen' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ updated: view('kid1', 'managed', { restriction: 'teen' }) });
    expect(await shown(ctx, 'kid1')).toEqual(view('kid1', 'managed', { restriction: 'teen' }));
    const none = testContext({ json: false });
    const plain = { ...none, store: ctx.store, clock: ctx.clock };
    expect(await attempt(none, () => usersSetRun(plain, { name: 'kid1', restriction: 'none' }))).toBeUndefined();
    expect(none.stderr.text).toBe('updated kid1: restriction none\n');
    expect(await shown(ctx, 'kid1')).toEqual(view('kid1', 'managed'));
    expect(ctx.store.log.map((line) => line.details)).toEqual([{ restriction: 'teen' }, { restriction: 'none' }]);
  });

  test('an e-mail set, then removed; the log says that it changed, never the address', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', email: 'bob@example.org' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('updated bob: e-mail changed\n');
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member', { email: 'bob@example.org' }));
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'alice', email: 'alice@example.org' }))).toBeUndefined();
    expect(await shown(ctx, 'alice')).toEqual(view('alice', 'admin', { email: 'alice@example.org' }));
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', email: null }))).toBeUndefined();
    expect(ctx.stderr.text).toMatch(/updated bob: e-mail removed\n$/);
    expect(await shown(ctx, 'bob')).toEqual(view('bob', 'member'));
    expect(ctx.store.log.map((line) => [line.account, line.details])).toEqual([
      ['bob', { email: 'changed' }],
      ['alice', { email: 'changed' }],
      ['bob', { email: 'removed' }],
    ]);
    expect(JSON.stringify(ctx.store.log)).not.toContain('example.org');
  });

  test('several changes at once land in one write and one line', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename: 'Robert', email: 'r@example.org' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('updated Robert: renamed from bob, e-mail changed\n');
    expect([ctx.store.writes, ctx.store.log.length]).toEqual([1, 1]);
    expect(await shown(ctx, 'robert')).toEqual(view('Robert', 'member', { email: 'r@example.org' }));
  });

  test('a refused part refuses the whole change: a valid rename with a restriction on a member changes nothing', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', rename: 'robert', restriction: 'teen' }));
    expect(error?.exitCode).toBe(65);
    expect(accountOf(ctx, 'bob').name).toBe('bob');
    expect(ctx.store.writes).toBe(0);
  });

  test.each(['not an address', 'bob@', '@example.org', 'bob@exa mple.org', 'bo\u202eb@example.org', `${'b'.repeat(250)}@x.org`])('a bad e-mail %j is 65 and changes nothing', async (email) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', email }));
    expect([error?.code, error?.exitCode]).toEqual(['INVALID_EMAIL', 65]);
    expect(ctx.store.writes).toBe(0);
  });

  test('an unknown account is 67', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name: 'nobody', email: 'x@example.org' }));
    expect([error?.code, error?.exitCode]).toEqual(['NO_ACCOUNT', 67]);
    expect(ctx.store.writes).toBe(0);
  });

  test.each([
    ['the same name', { name: 'bob', rename: 'bob' }],
    ['the same restriction', { name: 'kid1', restriction: 'younger-kid' as const }],
    ['no e-mail to remove', { name: 'bob', email: null }],
  ])('nothing to change (%s): says so, writes nothing, logs nothing', async (_what, opts) => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => usersSetRun(ctx, opts))).toBeUndefined();
    expect(ctx.stderr.text).toBe(`${opts.name} already is as asked; nothing changed\n`);
    expect(ctx.store.writes).toBe(0);
    expect(ctx.store.log).toEqual([]);
  });

  test('the same e-mail again is nothing to change', async () => {
    const h = household();
    findAccount(h, 'bob')!.email = 'bob@example.org';
    const ctx = testContext({ household: h });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'bob', email: 'bob@example.org' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('bob already is as asked; nothing changed\n');
    expect([ctx.store.writes, ctx.store.log.length]).toEqual([0, 0]);
  });
});

describe('users show', () => {
  test('plain: one "field: value" line each, aligned', async () => {
    const h = household({ bob: '1234' });
    findAccount(h, 'bob')!.email = 'bob@example.org';
    findAccount(h, 'bob')!.failures.password = { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() };
    const ctx = testContext({ household: h });
    await showRun(ctx, { name: 'BOB' });
    expect(ctx.stdout.text).toBe(
      [
        'name:              bob',
        'kind:              member',
        'PIN:               yes',
        'restriction:       -',
        'e-mail:            bob@example.org',
        'PIN failures:      0 in a row',
        'PIN checks:        open',
        'password failures: 5 in a row',
        'password checks:   cooling off until 2026-01-01 12:01:00',
        '',
      ].join('\n'),
    );
  });

  test('a managed account has no password lockout: null in JSON, said so in plain', async () => {
    const ctx = testContext({ household: household() });
    await showRun(ctx, { name: 'kid1' });
    expect(ctx.stdout.text).toContain('restriction:       younger-kid\n');
    expect(ctx.stdout.text).toContain('password failures: none (a managed account has no password)\n');
    expect(await shown(ctx, 'kid1')).toEqual(view('kid1', 'managed', { restriction: 'younger-kid' }));
  });

  test('an expired cooling-off is null; a disabled kind says so', async () => {
    const h = household();
    findAccount(h, 'bob')!.failures = {
      pin: { count: 100, coolingOffUntil: null },
      password: { count: 6, coolingOffUntil: new Date(NOW - 1000).toISOString() },
    };
    const ctx = testContext({ household: h });
    expect(await shown(ctx, 'bob')).toEqual({
      ...view('bob', 'member'),
      lockout: { pin: { failures: 100, coolingOffUntil: null, disabled: true }, password: { failures: 6, coolingOffUntil: null, disabled: false } },
    });
    await showRun(ctx, { name: 'bob' });
    expect(ctx.stdout.text).toContain('PIN checks:        disabled until household users unlock\n');
    expect(ctx.stdout.text).toContain('password checks:   open\n');
  });
});

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
