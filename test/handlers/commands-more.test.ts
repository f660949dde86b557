import { buildProgram } from '../../src/cli/program.js';
import { outcomeOf } from '../../src/cli/errors.js';
import { completionScript } from '../../src/cli/completion.js';
import { completionRun } from '../../src/commands/completion.js';
import { configRun } from '../../src/commands/config.js';
import { initRun } from '../../src/commands/init.js';
import { passwordSetRun } from '../../src/commands/password/set.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { planSetRun } from '../../src/commands/plan/set.js';
import { addRun } from '../../src/commands/users/add.js';
import { listRun } from '../../src/commands/users/list.js';
import { removeRun } from '../../src/commands/users/remove.js';
import { usersSetRun } from '../../src/commands/users/set.js';
import { showRun } from '../../src/commands/users/show.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount } from '../../src/domain/accounts.js';
import { Capture, FakeHasher, MemoryStore, attempt, recoveryNote, shownCodes, testContext, type TestContext } from '../fakes/context.js';
import { PASSWORDS, account, household } from '../fakes/households.js';

/** The handlers' own lines, JSON and refusals, where the other handler tests leave them unchecked. */
const HASH = (secret: string) => FakeHasher.hashOf(secret);
const pinOf = (ctx: TestContext, name: string) => findAccount(ctx.store.current(), name)!.pinHash;
const NO_TERMINAL = 'cannot ask for it: standard input is not a terminal';

/** A command line parsed as the CLI parses it: what the handler would get, or what the user sees instead. */
async function parsed(...args: string[]) {
  const calls: unknown[] = [];
  const program = buildProgram(
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

describe('config', () => {
  test('get, unset: nothing on stdout, a note on stderr saying where the store then comes from', async () => {
    const ctx = testContext();
    await configRun(ctx, { action: 'get', key: 'store', cwd: '/srv' });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'store is not set: household uses --store, $HOUSEHOLD_STORE or the default data folder\n']);
  });

  test('get, set: the path on stdout and no note', async () => {
    const ctx = testContext();
    ctx.preferences.values.store = '/srv/h.json';
    await configRun(ctx, { action: 'get', key: 'store', cwd: '/srv' });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['/srv/h.json\n', '']);
  });

  test('get --json: the path, or null; no note', async () => {
    const unset = testContext({ json: true });
    await configRun(unset, { action: 'get', key: 'store', cwd: '/' });
    expect([JSON.parse(unset.stdout.text), unset.stderr.text]).toEqual([{ store: null }, '']);
    const set = testContext({ json: true });
    set.preferences.values.store = '/srv/h.json';
    await configRun(set, { action: 'get', key: 'store', cwd: '/' });
    expect(JSON.parse(set.stdout.text)).toEqual({ store: '/srv/h.json' });
  });

  test('set: resolved against the working folder, said on stderr, or as JSON', async () => {
    const ctx = testContext();
    await configRun(ctx, { action: 'set', key: 'store', value: 'h.json', cwd: '/home/op' });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'the default store is now /home/op/h.json\n']);
    const json = testContext({ json: true });
    await configRun(json, { action: 'set', key: 'store', value: '../h.json', cwd: '/home/op' });
    expect(JSON.parse(json.stdout.text)).toEqual({ store: '/home/h.json' });
    expect(json.preferences.values.store).toBe('/home/h.json');
  });

  test.each([undefined, ''])('set with no PATH (%j) is usage (64), and nothing is set', async (value) => {
    const ctx = testContext();
    const error = await attempt(ctx, () => configRun(ctx, { action: 'set', key: 'store', value, cwd: '/home/op' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['USAGE', 64, 'config set store needs a PATH']);
    expect(ctx.preferences.values).toEqual({});
  });

  test('unset: said on stderr, or as JSON', async () => {
    const ctx = testContext();
    ctx.preferences.values.store = '/srv/h.json';
    await configRun(ctx, { action: 'unset', key: 'store', cwd: '/' });
    expect(ctx.stderr.text).toBe('the default store preference is unset\n');
    const json = testContext({ json: true });
    await configRun(json, { action: 'unset', key: 'store', cwd: '/' });
    expect(JSON.parse(json.stdout.text)).toEqual({ store: null });
  });

  test('an unknown preference is named in the refusal', async () => {
    const ctx = testContext();
    const error = await attempt(ctx, () => configRun(ctx, { action: 'set', key: 'colour', value: 'red', cwd: '/' }));
    expect([error?.exitCode, error?.message]).toEqual([64, 'unknown preference colour; the only one is store']);
  });
});

describe('init', () => {
  const PASSWORD: Array<[string, string]> = [
    ['Password for Alice', 'correct horse'],
    ['Password for Alice again', 'correct horse'],
  ];

  test('without a way to ask: 64 naming the first secret it needs, and nothing created', async () => {
    const ctx = testContext({ canAsk: false });
    ctx.store = new MemoryStore();
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (Admin password) and ${NO_TERMINAL}`]);
    expect(ctx.store.text).toBeUndefined();
  });

  test('--json without a PIN: pinRequired false', async () => {
    const ctx = testContext({ answers: [...PASSWORD, ['New PIN for Alice', '']], json: true });
    ctx.store = new MemoryStore();
    await initRun(ctx, { admin: 'Alice', plan: 'pass' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ created: '/memory/household.json', admin: 'Alice', plan: 'pass', pinRequired: false, recoveryCodes: shownCodes(ctx) });
  });

  test('with a PIN: the line says so', async () => {
    const ctx = testContext({ answers: [...PASSWORD, ['New PIN for Alice', '2580'], ['New PIN for Alice again', '2580']] });
    ctx.store = new MemoryStore();
    await initRun(ctx, { admin: 'Alice', plan: 'pass' });
    expect(ctx.stderr.text).toBe(`created the household at /memory/household.json: admin Alice, plan pass, with a PIN\n${recoveryNote('Alice', ctx)}`);
  });
});

describe('completion', () => {
  const program = () => buildProgram(async () => {}, { stdout: new Capture(), stderr: new Capture(), cwd: '/', env: {} });

  test('the script on stdout as it is, nothing on stderr', async () => {
    const script = completionScript(program(), 'bash');
    const ctx = testContext();
    await completionRun(ctx, { shell: 'bash', script: () => script });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual([script, '']);
    expect(script).toContain('household');
  });

  test('--json: the shell and the script as its text', async () => {
    const script = completionScript(program(), 'fish');
    const ctx = testContext({ json: true });
    await completionRun(ctx, { shell: 'fish', script: () => script });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ shell: 'fish', text: script });
  });
});

describe('plan set', () => {
  test('a change: the line says from what to what, and the log has it', async () => {
    const ctx = testContext({ household: household() });
    await planSetRun(ctx, { plan: 'free' });
    expect(ctx.stderr.text).toBe('the plan is now free (was pass)\n');
    expect(ctx.store.current().plan).toBe('free');
    expect(ctx.store.log.map((line) => [line.command, line.details])).toEqual([['plan set', { plan: 'free', previous: 'pass' }]]);
  });

  test('the same plan: nothing changed, said so, no line in the log', async () => {
    const ctx = testContext({ household: household({}, 'free') });
    await planSetRun(ctx, { plan: 'free' });
    expect(ctx.stderr.text).toBe('the plan is already free; nothing changed\n');
    expect([ctx.store.writes, ctx.store.log]).toEqual([0, []]);
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

describe('pin remove', () => {
  test('a managed account named and taken in by --all-managed is listed once', async () => {
    const ctx = testContext({ household: household({ kid1: '1111' }), json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['KID1'], allManaged: true }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['kid1'], unchanged: ['kid2'] });
  });

  test('a name given twice is listed once', async () => {
    const ctx = testContext({ household: household({ alice: '1111' }), answers: [["alice's current PIN", '1111']], json: true });
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
    const h = household({ alice: '1111', bob: '2222' });
    findAccount(h, 'bob')!.failures.pin = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    const ctx = testContext({ household: h });
    const error = await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'bob'], allManaged: false }));
    expect([error?.code, error?.exitCode]).toEqual(['COOLING_OFF', 75]);
    expect(ctx.prompter.asked).toEqual([]);
    expect([pinOf(ctx, 'alice'), pinOf(ctx, 'bob')]).toEqual([HASH('1111'), HASH('2222')]);
  });

  test("a managed account's PIN cooling off (from pin verify) does not stop its removal: removing needs no PIN of it", async () => {
    const h = household({ alice: '1111', kid1: '3333' });
    findAccount(h, 'kid1')!.failures.pin = { count: 5, coolingOffUntil: '2026-01-01T12:01:00.000Z' };
    const ctx = testContext({ household: h, answers: [["alice's current PIN", '1111']], json: true });
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice', 'kid1'], allManaged: false }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['alice', 'kid1'], unchanged: [] });
  });

  test('--all-managed with a proof: the managed accounts as they are at the change, one added meanwhile included', async () => {
    const ctx = testContext({ household: household({ alice: '1111', kid1: '3333' }), answers: [["alice's current PIN", '1111']], json: true });
    // Updates: 1 which targets need proofs, 2 alice's attempt, 3 the change.
    ctx.store.beforeUpdate = [
      3,
      (current) => {
        current.accounts.push(account('kid3', 'managed', { pin: '4444' }));
      },
    ];
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['alice'], allManaged: true }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: ['alice', 'kid1', 'kid3'], unchanged: ['kid2'] });
    expect(pinOf(ctx, 'kid3')).toBeNull();
  });

  test.each([
    [{ kid1: '1111' }, ['kid1', 'kid2'], 'removed the PIN of kid1; unchanged (no PIN): kid2'],
    [{ kid1: '1111', kid2: '2222' }, ['kid1', 'kid2'], 'removed the PIN of kid1, kid2'],
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

describe('pin reset', () => {
  test('without a way to ask: 64 naming the new PIN', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => pinResetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (New PIN for bob) and ${NO_TERMINAL}`]);
  });

  test('--json: the account whose PIN was reset', async () => {
    const ctx = testContext({ household: household(), answers: [['New PIN for bob', '1357'], ['New PIN for bob again', '1357'], ["bob's password", PASSWORDS.member]], json: true });
    expect(await attempt(ctx, () => pinResetRun(ctx, { name: 'BOB' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ pinReset: 'bob' });
  });
});

describe('pin verify', () => {
  test('an unknown account: the hint says where the names are', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'ghost', requirePin: false }));
    expect([error?.exitCode, error?.message, error?.hint]).toEqual([67, 'no account named ghost', 'household users list shows every account']);
  });

  test('--require-pin on an account without one: the hint says how to set one', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: true }));
    expect([error?.code, error?.message, error?.hint]).toEqual(['NO_PIN', 'kid1 has no PIN, and --require-pin was given', 'set one with: household pin set kid1']);
  });

  test('an account without a PIN: the line says there was nothing to verify', async () => {
    const ctx = testContext({ household: household() });
    await pinVerifyRun(ctx, { name: 'kid1', requirePin: false });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'kid1 has no PIN; nothing to verify\n']);
  });

  test('without a way to ask: 64 naming the PIN', async () => {
    const ctx = testContext({ household: household({ kid1: '1234' }), canAsk: false });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (PIN for kid1) and ${NO_TERMINAL}`]);
  });

  test('a PIN that is not 4 digits: the message says so', async () => {
    const ctx = testContext({ household: household({ kid1: '1234' }), answers: [['PIN for kid1', '12345']] });
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'kid1', requirePin: false }));
    expect([error?.exitCode, error?.message]).toEqual([65, 'the PIN must be exactly 4 digits (0-9)']);
  });
});

describe('password set', () => {
  test('without a way to ask: 64 naming the current password', async () => {
    const ctx = testContext({ household: household(), canAsk: false });
    const error = await attempt(ctx, () => passwordSetRun(ctx, { name: 'bob' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['NO_INPUT', 64, `this command needs a secret (bob's current password) and ${NO_TERMINAL}`]);
  });
});

describe('users list, remove, set, show, unlock: their lines', () => {
  test('list: the admin first, then by name without regard to case, whatever the store order', async () => {
    const h = household();
    h.accounts = [account('zoe', 'member'), account('Kid1', 'managed'), account('alice', 'admin'), account('adam', 'member')];
    const ctx = testContext({ household: h });
    await listRun(ctx);
    expect(ctx.stdout.text).toBe('alice\tadmin\tno\t-\nadam\tmember\tno\t-\nKid1\tmanaged\tno\t-\nzoe\tmember\tno\t-\n');
  });

  test('remove: the line names the kind and the account as stored', async () => {
    const ctx = testContext({ household: household() });
    await removeRun(ctx, { name: 'BOB' });
    expect(ctx.stderr.text).toBe('removed member account bob\n');
  });

  test('remove the admin: 77, saying why', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => removeRun(ctx, { name: 'ALICE' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['REFUSED', 77, 'refused: alice is the admin, and the admin cannot be removed']);
  });

  test.each([
    ['alice', 'alice is the admin: only managed accounts have a restriction'],
    ['bob', 'bob is a member account: only managed accounts have a restriction'],
  ])('set --restriction on %s is 65: %s', async (name, message) => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => usersSetRun(ctx, { name, restriction: 'teen' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_CHANGE', 65, message]);
  });

  test('show: an account without a PIN or e-mail says "no" and "-"', async () => {
    const ctx = testContext({ household: household() });
    await showRun(ctx, { name: 'kid1' });
    expect(ctx.stdout.text).toBe(
      [
        'name:              kid1',
        'kind:              managed',
        'PIN:               no',
        'restriction:       younger-kid',
        'e-mail:            -',
        'PIN failures:      0 in a row',
        'PIN checks:        open',
        'password failures: none (a managed account has no password)',
        '',
      ].join('\n'),
    );
  });

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
