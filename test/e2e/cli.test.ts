import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, Sandbox, run, runProgram } from './cli.js';

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const json = (text: string) => JSON.parse(text);

describe('the built CLI: start and help', () => {
  test('--help lists the commands and the exit codes on stdout, exit 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: household');
    for (const command of ['init', 'users', 'pin', 'plan', 'config']) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain('--stdin');
    expect(result.stderr).toBe('');
  });

  test('--version prints the package version', async () => {
    const pkg = json(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('pin reset --help says what --stdin reads, in order', async () => {
    const result = await run(['pin', 'reset', '--help']);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('new PIN, new PIN again, then the account password');
  });

  test.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['users', 'list', '--frob'], "unknown option '--frob'"],
    [['users', 'add'], "missing required argument 'name'"],
    [['init'], "required option '--admin <name>' not specified"],
    [['users', 'add', 'x', '--managed', '--restriction', 'toddler'], "option '--restriction <profile>' argument 'toddler' is invalid. Allowed choices are none, younger-kid, older-kid, teen."],
    [['users', 'add', 'x'], 'say which kind of account: --managed or --member'],
    [['plan', 'set', 'gold'], "command-argument value 'gold' is invalid for argument 'plan'. Allowed choices are free, pass."],
  ])('usage error %j is 64 with a message on stderr', async (args, message) => {
    const result = await box.run(args);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`household: ${message}`);
  });

  test('a usage error with --json is a JSON error on stderr', async () => {
    const result = await box.run(['users', 'list', '--json', '--frob']);
    expect(result.code).toBe(64);
    expect(json(result.stderr)).toEqual({ error: expect.objectContaining({ code: 'USAGE', message: "unknown option '--frob'" }) });
  });
});

describe('the built CLI: a hint that names a command, run as shown, acts on the store the failing command used', () => {
  test('--store with a space and a quote in its path: the hint carries it quoted, and sh runs it on that store, not the default one', async () => {
    const store = join(box.dir, "our home's", 'household.json');
    const init = (args: string[], admin: string) =>
      run([...args, 'init', '--admin', admin, '--stdin'], { env: box.env, input: `${admin}-password\n${admin}-password\n\n` });
    expect((await init(['--store', store], 'alice')).code).toBe(0);
    // The default store holds another household, which a hint without --store would act on. Both
    // stores are named household.json, so the second needs a key file of its own (--key).
    expect((await run(['init', '--admin', 'zed', '--key', join(box.dir, 'zed.key'), '--stdin'], { env: box.env, input: 'zed-password\nzed-password\n\n' })).code).toBe(0);

    const failed = await run(['--store', store, 'users', 'show', 'nobody'], { env: box.env });
    const quoted = `'${store.replace(/'/g, `'\\''`)}'`;
    expect(failed).toEqual({ code: 67, stdout: '', stderr: `household: no account named nobody\nhousehold --store ${quoted} users list shows every account\n` });

    const hint = failed.stderr.split('\n')[1].replace(/ shows every account$/, '');
    mkdirSync(join(box.dir, 'bin'));
    symlinkSync(BIN, join(box.dir, 'bin', 'household'));
    const listed = await runProgram('sh', ['-c', hint], { env: { ...box.env, PATH: `${join(box.dir, 'bin')}:${process.env.PATH}` } });
    expect(listed).toEqual({ code: 0, stdout: 'alice\tadmin\tno\t-\n', stderr: '' });
  });
});

describe('the built CLI: the store', () => {
  test('users list with no store: 66 and a hint to init', async () => {
    const result = await box.run(['users', 'list']);
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(`household: no household store at ${box.store}\ncreate one with: household --store ${box.store} init --admin NAME (or name another store with --store PATH)\n`);
  });

  test('the store path comes from $HOUSEHOLD_STORE, then the preference, then XDG_DATA_HOME', async () => {
    const viaEnv = join(box.dir, 'env.json');
    const input = 'alice-password\nalice-password\n\n';
    expect((await run(['init', '--admin', 'a', '--stdin'], { input, env: { ...box.env, HOUSEHOLD_STORE: viaEnv } })).code).toBe(0);
    expect(existsSync(viaEnv)).toBe(true);

    const viaPreference = join(box.dir, 'pref.json');
    expect((await run(['config', 'set', 'store', viaPreference], { env: box.env })).code).toBe(0);
    expect((await run(['config', 'get', 'store'], { env: box.env })).stdout).toBe(`${viaPreference}\n`);
    expect((await run(['init', '--admin', 'a', '--stdin'], { input, env: box.env })).code).toBe(0);
    expect(existsSync(viaPreference)).toBe(true);

    expect((await run(['config', 'unset', 'store'], { env: box.env })).code).toBe(0);
    expect((await run(['init', '--admin', 'a', '--stdin'], { input, env: box.env })).code).toBe(0);
    expect(existsSync(join(box.env.XDG_DATA_HOME, 'household', 'household.json'))).toBe(true);
  });

  test.each([
    ['not JSON', '{"version": 1,', 'it is not valid JSON'],
    ['the wrong shape', '{"version": 1, "plan": "free", "accounts": {}}', 'accounts: expected a list (found an object)'],
    ['an unknown version', '{"version": 3}', 'version: the file is from a newer version of household'],
    ['empty', '', 'it is empty'],
  ])('a store that is %s: 78 naming the file and the problem, never overwritten', async (_what, content, problem) => {
    mkdirSync(dirname(box.store));
    writeFileSync(box.store, content, { mode: 0o600 });
    for (const args of [['users', 'list'], ['pin', 'remove', '--all-managed'], ['users', 'add', 'kid', '--managed']]) {
      const result = await box.run(args);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`household: the store ${box.store} is unusable: ${problem}`);
    }
    expect(readFileSync(box.store, 'utf8')).toBe(content);
  });

  test('a store others may read is refused (78) with the chmod that fixes it', async () => {
    await box.init();
    chmodSync(box.store, 0o644);
    const result = await box.run(['users', 'list']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('let other users read or change it');
    expect(result.stderr).toContain(`chmod 600 ${box.store}`);
  });

  test('a symlinked store is followed: the change lands in the target and the link stays a link', async () => {
    const real = join(box.dir, 'real', 'household.json');
    const link = join(box.dir, 'link.json');
    await run(['init', '--admin', 'alice', '--stdin', '--plan', 'pass', '--store', real], { input: 'alice-password\nalice-password\n\n', env: box.env });
    symlinkSync(real, link);
    const result = await run(['users', 'add', 'kid1', '--managed', '--store', link], { env: box.env });
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(json(readFileSync(real, 'utf8')).accounts.map((a: { name: string }) => a.name)).toEqual(['alice', 'kid1']);
    expect(readdirSync(join(box.dir, 'real')).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });
});

describe('the built CLI: secrets without a terminal', () => {
  test('a command that needs a secret, piped without --stdin, exits 64 at once naming --stdin', async () => {
    await box.init();
    for (const args of [['pin', 'set', 'alice'], ['users', 'add', 'bob', '--member'], ['pin', 'set', 'alice', '--no-input']]) {
      const result = await box.run(args, { input: '4829\n4829\n' });
      expect(result.code).toBe(64);
      expect(result.stderr).toContain('--stdin');
    }
  });

  test('input that ends before a required secret is 64; CRLF and a missing final newline are fine', async () => {
    await box.init();
    const short = await box.run(['pin', 'set', 'alice', '--stdin'], { input: '4829\n' });
    expect(short.code).toBe(64);
    expect(short.stderr).toContain('standard input ended before the secret "New PIN for alice again"');
    expect((await box.run(['pin', 'set', 'alice', '--stdin'], { input: '4829\r\n4829' })).code).toBe(0);
    expect((await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '4829\r\nextra line\n' })).code).toBe(0);
  });
});
