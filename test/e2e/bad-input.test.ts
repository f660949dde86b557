import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, ftruncateSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Sandbox } from './cli.js';

/**
 * Bad input of every kind gets the contract's exit code and a message naming the problem, and the
 * store stays byte-identical.
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
});

describe('bad arguments and input: the contract exit code, the store byte-identical', () => {
  let before: Buffer;
  beforeEach(async () => {
    await box.init('7391');
    await box.run(['users', 'add', 'kid1', '--managed']);
    before = readFileSync(box.store);
  });
  afterEach(() => {
    expect(readFileSync(box.store).equals(before)).toBe(true);
  });

  test.each([
    [['users', 'add', 'kid\u0001x', '--managed'], 65, 'a name cannot hold control characters'],
    [['users', 'add', 'new\nline', '--managed'], 65, 'a name cannot hold control characters'],
    [['users', 'add', 'x'.repeat(33), '--managed'], 65, 'a name has at most 32 characters (this one has 33)'],
    [['users', 'add', 'x'.repeat(100_000), '--managed'], 65, 'a name has at most 32 characters (this one has 100000)'],
    [['users', 'add', '', '--managed'], 65, 'a name needs at least 1 character'],
    [['users', 'remove', 'k\u001b[2Jid1'], 67, 'no account named k\\u001b[2Jid1'],
    [['pin', 'remove', 'kid1', '--pin=1111'], 64, "unknown option '--pin=…'\nsecrets are never taken as arguments"],
    [['users', 'list', '--colour'], 64, "unknown option '--colour'"],
    [['pin', 'frobnicate'], 64, "unknown command 'frobnicate'"],
    [['--store'], 64, "option '--store <path>' argument missing"],
  ] as Array<[string[], number, string]>)('%j', async (args, code, message) => {
    const result = await box.run(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  test.each([
    ['an empty line', '\n', 65],
    ['nothing at all', '', 64],
    ['a PIN with a space', '111 \n', 65],
    ['a PIN in other digits', '\u0661\u0661\u0661\u0661\n', 65],
    ['a line longer than any secret', '1'.repeat(100_000), 64],
  ])('a current PIN on stdin that is %s: %i, not counted', async (_what, input, code) => {
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input });
    expect(result.code).toBe(code);
  });
});

describe('secrets on stdin: CRLF and a missing final newline are read as the same secret', () => {
  const pinState = () => JSON.parse(readFileSync(box.store, 'utf8')).accounts[0];

  test.each([
    ['CRLF line ends', '7391\r\n'],
    ['no final newline', '7391'],
    ['CRLF and no final newline', '7391\r'],
  ])('the right PIN with %s removes it', async (_what, input) => {
    await box.init('7391');
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input });
    expect([result.code, result.stderr]).toEqual([0, 'removed the PIN of alice\n']);
    expect(pinState().pinHash).toBeNull();
  });

  test('a wrong PIN with CRLF is counted once (the CR is not part of it)', async () => {
    await box.init('7391');
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '1112\r\n' });
    expect(result.code).toBe(77);
    expect(pinState().failures.pin.count).toBe(1);
  });
});
