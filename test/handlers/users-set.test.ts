import { outcomeOf } from '../../src/cli/errors.js';
import { buildProgram, type Handler } from '../../src/cli/program.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { command as usersSetCommand, usersSetRun } from '../../src/commands/users/set.js';
import { showRun } from '../../src/commands/users/show.js';
import { findAccount } from '../../src/domain/accounts.js';
import { Capture, attempt, testContext, withAnswers } from '../fakes/context.js';
import '../fakes/every-command.js';
import { PASSWORDS, household } from '../fakes/households.js';
import { HASH, accountOf, shown, view } from '../fakes/lookups.js';

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
      const program = await buildProgram(async <O>(handler: Handler<O>, opts: O) => {
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
    const h = household({ bob: '4829' });
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

describe('users list, remove, set, show, unlock: their lines', () => {
  test.each([
    ['alice', 'alice is the admin: only managed accounts have a restriction'],
    ['bob', 'bob is a member account: only managed accounts have a restriction'],
  ])('set --restriction on %s is 65: %s', async (name, message) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name, restriction: 'teen' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_CHANGE', 65, message]);
  });
});

describe('users set --hours and --no-hours: the parse and the lines', () => {
  const line = (flags: Record<string, unknown>, typed: string[]) => ({ args: ['kid1'] as [string], flags, typed: new Set(typed), cwd: '/', env: {}, completionScript: () => '' });

  test('the parse: --no-hours is null, --hours its SPEC, neither undefined; both at once 64', () => {
    expect(usersSetCommand.parse(line({ hours: false }, ['--no-hours'])).hours).toBeNull();
    expect(usersSetCommand.parse(line({ hours: 'daily 10:00-11:00' }, ['--hours'])).hours).toBe('daily 10:00-11:00');
    expect(usersSetCommand.parse(line({ rename: 'kid9' }, ['--rename'])).hours).toBeUndefined();
    for (const typed of [['--hours', '--no-hours'], ['--no-hours', '--hours']]) {
      let refused: unknown;
      try {
        usersSetCommand.parse(line({ hours: false }, typed));
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({ code: 'USAGE', exitCode: 64, message: 'choose one of --hours SPEC and --no-hours, not both' });
    }
    // One of them alone is no conflict, whatever else was typed.
    expect(usersSetCommand.parse(line({ hours: false, email: false }, ['--no-hours', '--no-email'])).hours).toBeNull();
  });

  test('hours on the admin or a member: 65, saying which it is', async () => {
    for (const [name, said] of [['alice', 'alice is the admin'], ['bob', 'bob is a member account']]) {
      const ctx = testContext({ household: household() });
      const error = await attempt(ctx, () => usersSetRun(ctx, { name, hours: 'daily 10:00-11:00' }));
      expect([error?.code, error?.message]).toEqual(['INVALID_CHANGE', `${said}: only managed accounts have allowed hours`]);
    }
  });

  test('the line says the hours set, or that they were removed', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'kid1', hours: 'weekdays 15:00-19:30' }))).toBeUndefined();
    expect(await attempt(ctx, () => usersSetRun(ctx, { name: 'kid1', hours: null }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('updated kid1: hours Mo-Fr 15:00-19:30\nupdated kid1: hours removed (always allowed)\n');
    expect(ctx.store.log.map((entry) => entry.details)).toEqual([{ hours: 'Mo-Fr 15:00-19:30' }, { hours: null }]);
  });
});
