import { outcomeOf } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/program.js';
import { addRun } from '../../src/commands/users/add.js';
import { Capture, FakeHasher, attempt, testContext } from '../fakes/context.js';
import '../fakes/every-command.js';
import { account, household } from '../fakes/households.js';
import { NO_TERMINAL } from '../fakes/lookups.js';

/** A command line parsed as the CLI parses it: what the handler would get, or what the user sees instead. */
async function parsed(...args: string[]) {
  const calls: unknown[] = [];
  const program = await buildProgram(
    async (_handler, opts) => {
      calls.push(opts);
    },
    { stdout: new Capture(), stderr: new Capture(), cwd: '/home/op', env: {} },
  );
  try {
    await program.parseAsync(['node', 'household', ...args]);
    return { opts: calls[0] };
  } catch (error) {
    const { exitCode, failure } = outcomeOf(error);
    return { exitCode, message: failure?.message };
  }
}

describe('users add', () => {
  test('a managed account on plan pass, with its restriction', async () => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'Kid3', kind: 'managed', restriction: 'teen' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ added: { name: 'Kid3', kind: 'managed', pinRequired: false, restriction: 'teen' } });
    expect(ctx.store.current().accounts.at(-1)).toEqual(account('Kid3', 'managed', { restriction: 'teen' }));
  });

  test('a managed account on plan free is refused by the plan rule (77)', async () => {
    const ctx = testContext({ household: household({}, 'free') });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'none' }));
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(error?.message).toContain('plan');
    expect(error?.hint).toBe('household plan set pass');
  });

  test('a member: password asked twice, stored only as a hash', async () => {
    const ctx = testContext({ household: household(), answers: [['Password for carol', 'carols secret'], ['Password for carol again', 'carols secret']] });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }))).toBeUndefined();
    expect(ctx.store.current().accounts.at(-1)?.passwordHash).toBe(FakeHasher.hashOf('carols secret'));
    expect(ctx.stderr.text).toBe('added member account carol\n');
  });

  test('a name taken without regard to case is 73, before the password is typed', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'BOB', kind: 'member' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['DUPLICATE_NAME', 73, 'an account named bob already exists']);
  });

  test('the 16th account is 73', async () => {
    const h = household();
    for (let i = h.accounts.length; i < 15; i += 1) h.accounts.push(account(`k${i}`, 'managed'));
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'one-too-many', kind: 'managed', restriction: 'none' }));
    expect([error?.code, error?.exitCode]).toEqual(['HOUSEHOLD_FULL', 73]);
  });

  test('a name that became taken while the password was typed is still refused under the lock', async () => {
    const ctx = testContext({ household: household(), answers: [['Password for carol', 'carols secret'], ['Password for carol again', 'carols secret']] });
    ctx.store.beforeNextUpdate = (h) => h.accounts.push(account('Carol', 'managed'));
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect(error?.code).toBe('DUPLICATE_NAME');
    expect(ctx.store.current().accounts.filter((a) => a.name.toLowerCase() === 'carol')).toHaveLength(1);
  });
});

describe('users add', () => {
  const CAROL: Array<[string, string]> = [
    ['Password for carol', 'carols secret'],
    ['Password for carol again', 'carols secret'],
  ];

  test('the plan rule is for managed accounts only: a member is added on plan free', async () => {
    const ctx = testContext({ household: household({}, 'free'), answers: CAROL });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('added member account carol\n');
  });

  test('a managed account asks nothing, so it is added without a terminal', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    expect(await attempt(ctx, () => addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'none' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('added managed account kid3\n');
  });

  test('the line names a restriction other than none', async () => {
    const ctx = testContext({ household: household() });
    await addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'older-kid' });
    expect(ctx.stderr.text).toBe('added managed account kid3 (restriction older-kid)\n');
  });

  test.each([
    ['no store', undefined],
    ['a full household', 'full'],
  ] as const)('a member without a way to ask: 64 naming the password, before the store is looked at (%s)', async (_label, state) => {
    const h = household();
    if (state === 'full') for (let i = h.accounts.length; i < 15; i += 1) h.accounts.push(account(`k${i}`, 'managed'));
    const ctx = testContext({ household: state === undefined ? undefined : h, canAsk: false });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (Password for carol) and ${NO_TERMINAL}`]);
  });

  test.each([
    [['users', 'add', 'kid', '--managed', '--member'], 'choose one of --managed and --member, not both'],
    [['users', 'add', 'kid'], 'say which kind of account: --managed or --member'],
    [['users', 'add', 'kid', '--member', '--restriction', 'teen'], '--restriction is only for --managed accounts'],
  ])('%j is 64: %s', async (args, message) => {
    expect(await parsed(...args)).toEqual({ exitCode: 64, message });
  });

  test.each([
    [['users', 'add', 'kid', '--managed', '--restriction', 'teen'], { name: 'kid', kind: 'managed', restriction: 'teen' }],
    [['users', 'add', 'carol', '--member'], { name: 'carol', kind: 'member' }],
  ])('%j is a %o', async (args, opts) => {
    expect(await parsed(...args)).toEqual({ opts });
  });
});
