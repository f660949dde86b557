import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, ftruncateSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Sandbox, run } from './cli.js';

/**
 * The store file: which one a command uses, and a file it cannot use (78, the file and the problem named,
 * the file untouched). Against someone who shares its folder: hostile.test.ts.
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';
const failures = { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
const admin = { name: 'alice', kind: 'admin', email: null, restriction: null, passwordHash: HASH, pinHash: null, failures };
const member = { ...admin, name: 'bob', kind: 'member' };
const valid = { version: 1, plan: 'pass', accounts: [admin, member] };
const store = (change: object) => JSON.stringify({ ...valid, ...change }, null, 2);

const BAD_STORES: Array<[string, string, string]> = [
  ['empty', '', 'it is empty'],
  ['truncated', store({}).slice(0, 120), 'it is not valid JSON'],
  ['not JSON', 'version = 1\n', 'it is not valid JSON'],
  ['an array', '[]', '(top level): expected an object'],
  ['wrong shape: accounts not a list', store({ accounts: { alice: admin } }), 'accounts: expected a list (found an object)'],
  ['wrong shape: unknown plan', store({ plan: 'gold' }), 'plan: expected one of free, pass'],
  ['wrong shape: account without failures', store({ accounts: [{ ...admin, failures: undefined }] }), 'accounts[0].failures: expected an object'],
  ['wrong shape: unknown field', store({ extra: true }), '(top level): an unknown field at line 42, column 3'],
  ['an unknown version', store({ version: 3 }), 'version: the file is from a newer version of household than this one'],
  ['no version', JSON.stringify({ plan: 'free', accounts: [admin] }), 'version: expected 1 or 2 (found nothing: the field is missing)'],
  ['duplicated names', store({ accounts: [admin, { ...member, name: 'ALICE' }] }), 'accounts[1].name: duplicates the name of accounts[0]'],
  ['two admins', store({ accounts: [admin, { ...admin, name: 'carol' }] }), 'accounts: expected exactly one admin (found 2)'],
  ['no admin', store({ accounts: [member] }), 'accounts: expected exactly one admin (found 0)'],
  ['a hash that is not argon2', store({ accounts: [{ ...admin, pinHash: '4829' }] }), 'accounts[0].pinHash: expected an argon2id hash or null'],
  ['a bcrypt hash', store({ accounts: [{ ...admin, passwordHash: '$2b$10$abcdefghijklmnopqrstuu' }] }), 'accounts[0].passwordHash: expected an argon2id hash or null'],
  ['a managed account with a password', store({ accounts: [admin, { ...member, kind: 'managed', restriction: 'none' }] }), 'accounts[1].passwordHash: a managed account has no password'],
  ['a name with a control character', store({ accounts: [{ ...admin, name: 'al\u0007ice' }] }), 'accounts[0].name: a name cannot hold control characters'],
  ['a negative failure count', store({ accounts: [{ ...admin, failures: { ...failures, pin: { count: -1, coolingOffUntil: null } } }] }), 'accounts[0].failures.pin.count: expected a whole number'],
];

describe('which store', () => {
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

  test('a symlinked store is followed: the change lands in the target and the link stays a link', async () => {
    const real = join(box.dir, 'real', 'household.json');
    const link = join(box.dir, 'link.json');
    await run(['init', '--admin', 'alice', '--stdin', '--plan', 'pass', '--store', real], { input: 'alice-password\nalice-password\n\n', env: box.env });
    symlinkSync(real, link);
    const result = await run(['users', 'add', 'kid1', '--managed', '--store', link], { env: box.env });
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).accounts.map((a: { name: string }) => a.name)).toEqual(['alice', 'kid1']);
    expect(readdirSync(join(box.dir, 'real')).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });
});

describe('stores that cannot be used: 78, the file and the problem named, the file untouched', () => {
  test.each(BAD_STORES)('%s', async (_what, content, problem) => {
    mkdirSync(dirname(box.store), { mode: 0o700 });
    writeFileSync(box.store, content, { mode: 0o600 });
    for (const [args, input] of [
      [['users', 'list'], ''],
      [['users', 'add', 'kid', '--managed'], ''],
      [['pin', 'remove', '--all-managed'], ''],
      [['pin', 'set', 'alice', '--stdin'], '4829\n4829\n'],
      [['plan', 'set', 'free'], ''],
    ] as Array<[string[], string]>) {
      const result = await box.run(args, { input });
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`household: the store ${box.store} is unusable: ${problem}`);
    }
    expect(readFileSync(box.store, 'utf8')).toBe(content);
  });

  test('a file over 1 MiB is refused without being read whole (an 8 GiB sparse file answers at once)', async () => {
    mkdirSync(dirname(box.store), { mode: 0o700 });
    const fd = openSync(box.store, 'w', 0o600);
    ftruncateSync(fd, 8 * 1024 ** 3);
    closeSync(fd);
    const result = await box.run(['users', 'list']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('it is 8589934592 bytes, over the 1048576-byte limit; no household store is that large');
  });

  test('a store path that is a folder or a FIFO is refused (78) without hanging', async () => {
    mkdirSync(box.store, { recursive: true });
    const folder = await box.run(['users', 'list']);
    expect([folder.code, folder.stderr.split('\n')[0]]).toEqual([78, `household: the store ${box.store} is unusable: it is not a regular file`]);
    const fifo = `${box.dir}/fifo.json`;
    execFileSync('mkfifo', ['-m', '600', fifo]);
    const piped = await box.run(['users', 'list', '--store', fifo]);
    expect(piped.code).toBe(78);
    expect(piped.stderr).toContain('it is not a regular file');
  });

  test('a store path under a file is 66 for a change and 73 for init', async () => {
    const below = `${box.dir}/file/household.json`;
    writeFileSync(`${box.dir}/file`, '');
    expect((await box.run(['users', 'list', '--store', below])).code).toBe(66);
    const init = await box.run(['init', '--admin', 'a', '--stdin', '--store', below], { input: 'password1\npassword1\n' });
    expect([init.code, init.stderr.split('\n')[0]]).toEqual([73, `household: cannot create the store at ${below}: a part of that path is a file, not a folder`]);
  });

  test.each([0o640, 0o604, 0o660, 0o602, 0o610])('mode %o is refused with the chmod that fixes it', async (mode) => {
    await box.init();
    chmodSync(box.store, mode);
    const before = readFileSync(box.store);
    const result = await box.run(['pin', 'remove', '--all-managed']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`chmod 600 ${box.store}`);
    expect(readFileSync(box.store).equals(before)).toBe(true);
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
});
