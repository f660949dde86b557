import { chmodSync, chownSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sandbox } from './cli.js';

/**
 * The key file, from the built CLI: where init puts it and how, a store without its key checks no
 * secret (78 naming the key file, the same for a right and a wrong PIN, nothing counted), and the key
 * commands. No key byte is ever in any output or in the log.
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const PIN = '4829';
const keyFile = () => join(box.dir, 'config', 'household', 'household.json.key');
const store = () => JSON.parse(readFileSync(box.store, 'utf8'));
const keyLines = () => readFileSync(keyFile(), 'utf8').split('\n').filter((line) => /^[0-9a-f]{8} /.test(line));
const verify = (pin: string) => box.run(['pin', 'verify', 'alice', '--stdin'], { input: `${pin}\n` });

test('init makes the key file (0600) at $XDG_CONFIG_HOME/household/<store file name>.key; the store names it and each hash its key', async () => {
  await box.init(PIN);
  expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
  const [line] = keyLines();
  expect(keyLines()).toHaveLength(1);
  const [id, bytes] = line.split(' ');
  expect(Buffer.from(bytes, 'base64')).toHaveLength(32);
  expect(store()).toMatchObject({ keyFile: keyFile(), accounts: [{ pinKeyId: id, passwordKeyId: id, recoveryKeyId: id }] });
  const text = readFileSync(box.store, 'utf8') + readFileSync(`${box.store}.log`, 'utf8');
  expect(text).not.toContain(bytes);
});

describe('a store copied without its key file', () => {
  test('checks no secret: 78 naming the key file, the same for the right and a wrong PIN, nothing counted; users list still works', async () => {
    await box.init(PIN);
    renameSync(keyFile(), `${keyFile()}.away`);
    const before = readFileSync(box.store, 'utf8');
    const right = await verify(PIN);
    const wrong = await verify('1243');
    expect(right.code).toBe(78);
    expect([wrong.code, wrong.stdout, wrong.stderr]).toEqual([right.code, right.stdout, right.stderr]);
    expect(right.stderr.split('\n')[0]).toBe(`household: the key file ${keyFile()} is unusable: it does not exist`);
    expect(readFileSync(box.store, 'utf8')).toBe(before);
    expect((await box.run(['users', 'list'])).code).toBe(0);
    // With the key back, the right PIN is right.
    renameSync(`${keyFile()}.away`, keyFile());
    expect((await verify(PIN)).code).toBe(0);
  });

  test('a key file others may read is 78 naming it, with the chmod; a key file with another key under the same id gets the right PIN refused as wrong', async () => {
    await box.init(PIN);
    chmodSync(keyFile(), 0o644);
    const loose = await verify(PIN);
    expect(loose.code).toBe(78);
    expect(loose.stderr).toContain(`the key file ${keyFile()} is unusable: its permissions 0644 let other users read or change it`);
    expect(loose.stderr).toContain(`chmod 600 ${keyFile()}`);
    chmodSync(keyFile(), 0o600);
    const [id] = keyLines()[0].split(' ');
    writeFileSync(keyFile(), `${id} ${Buffer.alloc(32, 1).toString('base64')}\n`, { mode: 0o600 });
    expect((await verify(PIN)).code).toBe(77);
  });
});

test('key status, rotate and prune: the newest key makes new hashes, prune waits for every old hash (recovery codes: a new set), nothing prints a key byte', async () => {
  await box.init(PIN);
  const [first] = keyLines()[0].split(' ');
  const status = await box.run(['key', 'status', '--json']);
  // The PIN, the password and each of the ten recovery codes.
  expect(JSON.parse(status.stdout)).toEqual({ keyFile: keyFile(), keys: [{ id: first, hashes: 12 }], unkeyed: 0 });

  const rotated = await box.run(['key', 'rotate', '--json']);
  expect(rotated.code).toBe(0);
  const second = JSON.parse(rotated.stdout).keyId;
  expect(keyLines().map((line) => line.split(' ')[0])).toEqual([first, second]);

  const refused = await box.run(['key', 'prune']);
  expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([77, "household: an older key is still in use, by alice's PIN, alice's password, alice's recovery codes; nothing was removed"]);

  // A right PIN is made again with the newest key; the password by pin reset's proof.
  expect((await verify(PIN)).code).toBe(0);
  expect(store().accounts[0].pinKeyId).toBe(second);
  expect((await box.run(['pin', 'reset', 'alice', '--stdin'], { input: '5167\n5167\nalice-password\n' })).code).toBe(0);
  expect(store().accounts[0]).toMatchObject({ pinKeyId: second, passwordKeyId: second });
  // Recovery codes are never made again: only a new set frees the old key.
  const codesHold = await box.run(['key', 'prune']);
  expect([codesHold.code, codesHold.stderr.split('\n')[0]]).toEqual([77, "household: an older key is still in use, by alice's recovery codes; nothing was removed"]);
  expect(codesHold.stderr).toContain(`recovery codes by a new set (household --store ${box.store} recovery codes)`);
  expect((await box.run(['recovery', 'codes', '--stdin'], { input: 'alice-password\n' })).code).toBe(0);
  expect(store().accounts[0].recoveryKeyId).toBe(second);

  const pruned = await box.run(['key', 'prune', '--json']);
  expect([pruned.code, JSON.parse(pruned.stdout)]).toEqual([0, { keyFile: keyFile(), removed: [first], kept: second }]);
  expect(keyLines().map((line) => line.split(' ')[0])).toEqual([second]);

  const log = readFileSync(`${box.store}.log`, 'utf8');
  expect(log).toContain('"command":"key rotate"');
  expect(log).toContain('"command":"key prune"');
  const everything = [status, rotated, refused, pruned].map((r) => r.stdout + r.stderr).join('') + log + readFileSync(box.store, 'utf8');
  for (const line of keyLines()) expect(everything).not.toContain(line.split(' ')[1]);
});

test('key init gives a store made without a key (version 2) a key file; its hashes are made again with it at their next right proof', async () => {
  await box.init(PIN);
  // A store as version 2 wrote it: no key file, no key ids, its hashes made by argon2 without a secret.
  const argon2 = (await import('argon2')).default;
  const parameters = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
  const old = store();
  delete old.keyFile;
  old.accounts[0].pinHash = await argon2.hash(PIN, parameters);
  old.accounts[0].passwordHash = await argon2.hash('alice-password', parameters);
  delete old.accounts[0].pinKeyId;
  delete old.accounts[0].passwordKeyId;
  delete old.accounts[0].recoveryCodes;
  delete old.accounts[0].recoveryKeyId;
  writeFileSync(box.store, `${JSON.stringify(old, null, 2)}\n`);
  renameSync(keyFile(), `${keyFile()}.old`);
  expect((await verify(PIN)).code).toBe(0);
  expect(JSON.parse((await box.run(['key', 'status', '--json'])).stdout)).toEqual({ keyFile: null, keys: [], unkeyed: 2 });

  const made = await box.run(['key', 'init', '--json']);
  expect([made.code, JSON.parse(made.stdout).keyFile]).toEqual([0, keyFile()]);
  expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
  const id = JSON.parse(made.stdout).keyId;
  expect(store().keyFile).toBe(keyFile());
  expect(store().accounts[0].pinKeyId).toBeUndefined();
  expect((await box.run(['users', 'show', 'alice', '--json'])).stdout).toContain('"keyed":{"pin":false,"password":false}');

  expect((await verify('1243')).code).toBe(77);
  expect(store().accounts[0].pinKeyId).toBeUndefined();
  expect((await verify(PIN)).code).toBe(0);
  expect(store().accounts[0].pinKeyId).toBe(id);
  expect(JSON.parse((await box.run(['key', 'status', '--json'])).stdout)).toEqual({ keyFile: keyFile(), keys: [{ id, hashes: 1 }], unkeyed: 1 });
  // And the re-made hash needs the key: without it, 78.
  renameSync(keyFile(), `${keyFile()}.away`);
  expect((await verify(PIN)).code).toBe(78);
});

describe("root and a user's store", () => {
  const it = process.getuid?.() === 0 ? test : test.skip;

  it("root running a command on a user's store refuses a key file the store names that is not that user's (needs root: chown)", async () => {
    await box.init(PIN);
    // A user's store naming root's key file, as a user who owns the store could write it.
    const theirs = join(box.dir, 'theirs.json');
    writeFileSync(theirs, readFileSync(box.store, 'utf8'), { mode: 0o600 });
    chownSync(theirs, 65534, 65534);
    const before = readFileSync(keyFile(), 'utf8');
    for (const args of [['key', 'prune'], ['key', 'status'], ['key', 'rotate']]) {
      const result = await box.run(['--store', theirs, ...args]);
      expect([result.code, result.stderr.split('\n')[0]]).toEqual([78, `household: the key file ${keyFile()} is unusable: it belongs to root, and the store to nobody`]);
    }
    expect(readFileSync(keyFile(), 'utf8')).toBe(before);
    // Root's own store still uses it.
    expect((await verify(PIN)).code).toBe(0);
  });
});
