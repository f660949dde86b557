import { jest } from '@jest/globals';
import { initRun } from '../../src/commands/init.js';
import { command as keyInitCommand, keyInitRun } from '../../src/commands/key/init.js';
import { keyPruneRun } from '../../src/commands/key/prune.js';
import { keyRotateRun } from '../../src/commands/key/rotate.js';
import { keyStatusRun } from '../../src/commands/key/status.js';
import { passwordResetRun } from '../../src/commands/password/reset.js';
import { passwordSetRun } from '../../src/commands/password/set.js';
import { recoveryCodesRun } from '../../src/commands/recovery/codes.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { pinResetRun } from '../../src/commands/pin/reset.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { pinVerifyRun } from '../../src/commands/pin/verify.js';
import { addRun } from '../../src/commands/users/add.js';
import { listRun } from '../../src/commands/users/list.js';
import { showRun } from '../../src/commands/users/show.js';
import { unlockRun } from '../../src/commands/users/unlock.js';
import { findAccount, type Household } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import type { Key } from '../../src/domain/keys.js';
import { FakeHasher, MemoryStore, attempt, fakeCode, testContext, testKey, withAnswers, type TestContext } from '../fakes/context.js';
import { PASSWORDS, household } from '../fakes/households.js';

/**
 * The key (issue 22): every hash is made with the key file's newest key as argon2's secret; a store whose
 * hashes name a key that cannot be had checks no secret (78 naming the key file, before anything is
 * asked, nothing counted); keyless hashes keep working and are made again with the key at a right proof.
 */
const KEY_FILE = '/keys/household.json.key';
const PINS = { alice: '4829', kid1: '7391' } as const;

/** alice (admin, PIN), bob (member), kid1 (managed, PIN), kid2: every hash made with `key`. */
function keyedHousehold(key = testKey(1)): Household {
  const h = household(PINS);
  h.keyFile = KEY_FILE;
  for (const account of h.accounts) {
    const pin = PINS[account.name as keyof typeof PINS];
    if (pin) {
      account.pinHash = FakeHasher.hashOf(pin, FakeHasher.CURRENT, key.bytes);
      account.pinKeyId = key.id;
    }
    if (account.kind !== 'managed') {
      account.passwordHash = FakeHasher.hashOf(PASSWORDS[account.kind as 'admin' | 'member'], FakeHasher.CURRENT, key.bytes);
      account.passwordKeyId = key.id;
    }
  }
  return h;
}

function keyedContext(answers: Array<[string, string]> = [], keys = [testKey(1)]): TestContext {
  const ctx = testContext({ household: keyedHousehold(), answers });
  if (keys.length > 0) ctx.keys.files.set(KEY_FILE, keys);
  return ctx;
}

const pinFailures = (ctx: TestContext, name: string) => findAccount(ctx.store.current(), name)!.failures.pin.count;
const keyBase64 = (n: number) => Buffer.from(testKey(n).bytes).toString('base64');

describe('init makes the key file and every hash with its key', () => {
  test('the default place, one key; the store records the path and, beside each hash, the key id', async () => {
    const ctx = testContext({ answers: [['Password for alice', 'correct horse'], ['Password for alice again', 'correct horse'], ['New PIN for alice', '4829'], ['New PIN for alice again', '4829']] });
    ctx.store = new MemoryStore();
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'alice', plan: 'free' }))).toBeUndefined();
    const path = '/memory/config/household/household.json.key';
    const [key] = ctx.keys.files.get(path)!;
    expect(ctx.keys.files.get(path)).toHaveLength(1);
    const stored = ctx.store.current();
    expect(stored.keyFile).toBe(path);
    expect(stored.accounts[0]).toMatchObject({
      passwordHash: FakeHasher.hashOf('correct horse', FakeHasher.CURRENT, key.bytes),
      passwordKeyId: key.id,
      pinHash: FakeHasher.hashOf('4829', FakeHasher.CURRENT, key.bytes),
      pinKeyId: key.id,
    });
    // Never a key byte in the store or what was printed.
    expect(ctx.store.text).not.toContain(Buffer.from(key.bytes).toString('base64'));
  });

  test('--key PATH puts it there', async () => {
    const ctx = testContext({ answers: [['Password for alice', 'correct horse'], ['Password for alice again', 'correct horse'], ['New PIN for alice', '']] });
    ctx.store = new MemoryStore();
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'alice', plan: 'free', key: '/elsewhere/k' }))).toBeUndefined();
    expect([...ctx.keys.files.keys()]).toEqual(['/elsewhere/k']);
    expect(ctx.store.current().keyFile).toBe('/elsewhere/k');
    expect(ctx.store.current().accounts[0].pinKeyId).toBeUndefined();
  });

  test('a file already where the key would go: 73 before anything is asked, no store made, the file left as it was', async () => {
    const ctx = testContext();
    ctx.store = new MemoryStore();
    ctx.keys.files.set('/elsewhere/k', [testKey(9)]);
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'alice', plan: 'free', key: '/elsewhere/k' }));
    expect(error?.exitCode).toBe(73);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.store.text).toBeUndefined();
    expect(ctx.keys.files.get('/elsewhere/k')).toEqual([testKey(9)]);
  });
});

describe('a store without its key file checks no secret', () => {
  const cases: Array<[string, (ctx: TestContext) => void, RegExp]> = [
    ['the key file missing', (ctx) => ctx.keys.files.delete(KEY_FILE), /^the key file \/keys\/household\.json\.key is unusable: it does not exist$/],
    ['the key file unsafe', (ctx) => ctx.keys.unsafe.set(KEY_FILE, 'its permissions 0644 let other users read or change it'), /^the key file \/keys\/household\.json\.key is unusable: its permissions 0644/],
    ['no key with the id', (ctx) => ctx.keys.files.set(KEY_FILE, [testKey(2)]), /^the key file \/keys\/household\.json\.key is unusable: it holds no key with the id 00000001, which alice's PIN was made with$/],
  ];
  test.each(cases)('%s: pin verify is 78 naming the key file, before anything is asked; nothing counted, no argon2', async (_what, breakIt, message) => {
    const ctx = keyedContext();
    breakIt(ctx);
    const error = await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }));
    expect([error?.code, error?.exitCode]).toEqual(['STORE_UNUSABLE', 78]);
    expect(error?.message).toMatch(message);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.hasher.verifies).toBe(0);
    expect(pinFailures(ctx, 'alice')).toBe(0);
    expect(ctx.store.writes).toBe(0);
  });

  test.each([
    ['pin set on the admin (current PIN)', (ctx: TestContext) => pinSetRun(ctx, { name: 'alice' })],
    ['pin set on a managed account (a new hash)', (ctx: TestContext) => pinSetRun(ctx, { name: 'kid1' })],
    ['pin remove on the admin', (ctx: TestContext) => pinRemoveRun(ctx, { names: ['alice'], allManaged: false })],
    ['pin reset', (ctx: TestContext) => pinResetRun(ctx, { name: 'alice' })],
    ['password set', (ctx: TestContext) => passwordSetRun(ctx, { name: 'bob' })],
  ])('%s: 78 before anything is asked', async (_what, run) => {
    const ctx = keyedContext([], []);
    const error = await attempt(ctx, () => run(ctx));
    expect([error?.exitCode, error?.message]).toEqual([78, 'the key file /keys/household.json.key is unusable: it does not exist']);
    expect(ctx.prompter.asked).toEqual([]);
    expect(ctx.store.writes).toBe(0);
  });

  test('commands that check no secret keep working: users list, pin remove of a managed account, users unlock, users show', async () => {
    const ctx = keyedContext([], []);
    expect(await attempt(ctx, () => listRun(ctx))).toBeUndefined();
    expect(await attempt(ctx, () => unlockRun(ctx, { name: 'alice', pin: true, password: false }))).toBeUndefined();
    expect(await attempt(ctx, () => showRun(ctx, { name: 'alice' }))).toBeUndefined();
    expect(await attempt(ctx, () => pinRemoveRun(ctx, { names: ['kid1'], allManaged: false }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'kid1')).toMatchObject({ pinHash: null });
    expect(findAccount(ctx.store.current(), 'kid1')!.pinKeyId).toBeUndefined();
  });

  test('with the key, the right PIN is right and a wrong one is counted', async () => {
    const right = keyedContext([['PIN for alice', PINS.alice]]);
    expect(await attempt(right, () => pinVerifyRun(right, { name: 'alice', requirePin: false }))).toBeUndefined();
    const wrong = keyedContext([['PIN for alice', '1243']]);
    expect((await attempt(wrong, () => pinVerifyRun(wrong, { name: 'alice', requirePin: false })))?.exitCode).toBe(77);
    expect(pinFailures(wrong, 'alice')).toBe(1);
  });
});

describe('a hash made with the newest key', () => {
  test('is not made again at a right proof: no argon2 hash, the same hash and key id stay', async () => {
    const ctx = keyedContext([['PIN for alice', PINS.alice]]);
    const before = findAccount(ctx.store.current(), 'alice')!;
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }))).toBeUndefined();
    expect(ctx.hasher.hashes).toBe(0);
    expect(findAccount(ctx.store.current(), 'alice')).toMatchObject({ pinHash: before.pinHash, pinKeyId: testKey(1).id });
  });
});

describe('a store made without a key', () => {
  function keyless(): TestContext {
    return testContext({ household: household({ alice: '4829', kid1: '7391' }), answers: [] });
  }

  test('keeps working without a key file, and nothing is read', async () => {
    const ctx = keyless();
    const p1 = withAnswers(ctx, [['PIN for alice', '4829']]);
    expect(await attempt(p1, () => pinVerifyRun(p1, { name: 'alice', requirePin: false }))).toBeUndefined();
    expect(ctx.keys.reads).toBe(0);
    expect(findAccount(ctx.store.current(), 'alice')!.pinHash).toBe(FakeHasher.hashOf('4829'));
  });

  test('key init gives it a key file; the next right PIN is made again with the key, in the write that takes the attempt back', async () => {
    const ctx = keyless();
    expect(await attempt(ctx, () => keyInitRun(ctx, {}))).toBeUndefined();
    const path = '/memory/config/household/household.json.key';
    const [key] = ctx.keys.files.get(path)!;
    expect(ctx.store.current().keyFile).toBe(path);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'key init', outcome: 'ok', details: { keyFile: path, keyId: key.id } });
    // Still keyless until a right proof.
    expect(findAccount(ctx.store.current(), 'alice')!.pinKeyId).toBeUndefined();

    const p2 = withAnswers(ctx, [['PIN for alice', '1243']]);
    await attempt(p2, () => pinVerifyRun(p2, { name: 'alice', requirePin: false }));
    expect(findAccount(ctx.store.current(), 'alice')!.pinHash).toBe(FakeHasher.hashOf('4829'));

    const writes = ctx.store.writes;
    const p3 = withAnswers(ctx, [['PIN for alice', '4829']]);
    expect(await attempt(p3, () => pinVerifyRun(p3, { name: 'alice', requirePin: false }))).toBeUndefined();
    const alice = findAccount(ctx.store.current(), 'alice')!;
    expect(alice.pinHash).toBe(FakeHasher.hashOf('4829', FakeHasher.CURRENT, key.bytes));
    expect(alice.pinKeyId).toBe(key.id);
    expect(alice.failures.pin.count).toBe(0);
    // One write records the attempt, one takes it back with the new hash.
    expect(ctx.store.writes - writes).toBe(2);
    // The password is made again at its own right proof.
    expect(alice.passwordKeyId).toBeUndefined();
  });

  test('key init on a store that has one: 73, no second file', async () => {
    const ctx = keyedContext();
    const error = await attempt(ctx, () => keyInitRun(ctx, { key: '/other' }));
    expect([error?.exitCode, error?.message]).toEqual([73, `the store already has a key file: ${KEY_FILE}`]);
    expect(ctx.keys.files.has('/other')).toBe(false);
  });
});

describe('rotate and prune', () => {
  test('rotate adds a newest key that makes every new hash; prune refuses (77, naming the accounts) until no hash names the old one', async () => {
    const ctx = keyedContext();
    expect(await attempt(ctx, () => keyRotateRun(ctx))).toBeUndefined();
    const keys = ctx.keys.files.get(KEY_FILE)!;
    expect(keys.map((key) => key.id)).toEqual(['00000001', keys[1].id]);
    const newest = keys[1];
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'key rotate', outcome: 'ok', details: { keyFile: KEY_FILE, keyId: newest.id } });

    const refused = await attempt(ctx, () => keyPruneRun(ctx));
    expect([refused?.code, refused?.exitCode, refused?.message]).toEqual(['REFUSED', 77, "an older key is still in use, by alice's PIN, alice's password, bob's password, kid1's PIN; nothing was removed"]);
    expect(ctx.keys.files.get(KEY_FILE)).toHaveLength(2);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'key prune', outcome: 'REFUSED', exit: 77 });

    // A new PIN is made with the newest key; right proofs make the old hashes again with it.
    const p4 = withAnswers(ctx, [['New PIN for kid1', '5167'], ['New PIN for kid1 again', '5167']]);
    expect(await attempt(p4, () => pinSetRun(p4, { name: 'kid1' }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'kid1')).toMatchObject({ pinHash: FakeHasher.hashOf('5167', FakeHasher.CURRENT, newest.bytes), pinKeyId: newest.id });
    const p5 = withAnswers(ctx, [['PIN for alice', PINS.alice]]);
    expect(await attempt(p5, () => pinVerifyRun(p5, { name: 'alice', requirePin: false }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'alice')).toMatchObject({ pinHash: FakeHasher.hashOf(PINS.alice, FakeHasher.CURRENT, newest.bytes), pinKeyId: newest.id });

    const still = await attempt(ctx, () => keyPruneRun(ctx));
    expect(still?.message).toBe("an older key is still in use, by alice's password, bob's password; nothing was removed");

    const p6 = withAnswers(ctx, [["alice's current password", PASSWORDS.admin], ['New password for alice', 'a new password'], ['New password for alice again', 'a new password']]);
    expect(await attempt(p6, () => passwordSetRun(p6, { name: 'alice' }))).toBeUndefined();
    const p7 = withAnswers(ctx, [["bob's current password", PASSWORDS.member], ['New password for bob', 'another password'], ['New password for bob again', 'another password']]);
    expect(await attempt(p7, () => passwordSetRun(p7, { name: 'bob' }))).toBeUndefined();

    expect(await attempt(ctx, () => keyPruneRun(ctx))).toBeUndefined();
    expect(ctx.keys.files.get(KEY_FILE)).toEqual([newest]);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'key prune', outcome: 'ok', details: { removed: ['00000001'] } });
    expect(ctx.stderr.text).toContain(`removed key 00000001 from ${KEY_FILE}; kept ${newest.id}`);
    // No key byte in any output or log line.
    const everything = ctx.stdout.text + ctx.stderr.text + JSON.stringify(ctx.store.log) + ctx.store.text;
    for (const key of [testKey(1), newest]) expect(everything).not.toContain(Buffer.from(key.bytes).toString('base64'));
  });

  test('rotate and prune on a store without a key file: 77, saying key init makes one', async () => {
    for (const run of [keyRotateRun, keyPruneRun]) {
      const ctx = testContext({ household: household() });
      const error = await attempt(ctx, () => run(ctx));
      expect([error?.exitCode, error?.message]).toEqual([77, 'the store has no key file']);
    }
  });
});

describe('what is shown', () => {
  test('key status --json: the file, each key with its count of hashes, and the unkeyed count', async () => {
    const ctx = testContext({ household: keyedHousehold(), json: true });
    ctx.keys.files.set(KEY_FILE, [testKey(1), testKey(2)]);
    // One hash made without a key.
    ctx.store.beforeNextUpdate = undefined;
    const h = keyedHousehold();
    const bob = findAccount(h, 'bob')!;
    bob.passwordHash = FakeHasher.hashOf(PASSWORDS.member);
    delete bob.passwordKeyId;
    ctx.store = new MemoryStore(h);
    expect(await attempt(ctx, () => keyStatusRun(ctx))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ keyFile: KEY_FILE, keys: [{ id: '00000001', hashes: 3 }, { id: '00000002', hashes: 0 }], unkeyed: 1 });
    expect(ctx.stdout.text).not.toContain(keyBase64(1));
  });

  test('key status on a store without a key file', async () => {
    const ctx = testContext({ household: household({ alice: '4829' }), json: true });
    expect(await attempt(ctx, () => keyStatusRun(ctx))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ keyFile: null, keys: [], unkeyed: 3 });
  });

  test('users show says per secret whether its hash is keyed', async () => {
    const ctx = keyedContext();
    expect(await attempt(ctx, () => showRun(ctx, { name: 'kid1' }))).toBeUndefined();
    expect(ctx.stdout.text).toContain('PIN keyed:         yes (key 00000001)\npassword keyed:    -\n');
    const json = testContext({ household: household({ alice: '4829' }), json: true });
    expect(await attempt(json, () => showRun(json, { name: 'alice' }))).toBeUndefined();
    expect(JSON.parse(json.stdout.text).keyed).toEqual({ pin: false, password: false });
    const keyedJson = testContext({ household: keyedHousehold(), json: true });
    expect(await attempt(keyedJson, () => showRun(keyedJson, { name: 'alice' }))).toBeUndefined();
    expect(JSON.parse(keyedJson.stdout.text).keyed).toEqual({ pin: '00000001', password: '00000001' });
  });
});

describe('users add --member in a keyed store', () => {
  test("the member's password is made with the newest key, its id beside it", async () => {
    const ctx = keyedContext([['Password for carol', 'carol-password'], ['Password for carol again', 'carol-password']], [testKey(1), testKey(2)]);
    expect(await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'carol')).toMatchObject({ passwordHash: FakeHasher.hashOf('carol-password', FakeHasher.CURRENT, testKey(2).bytes), passwordKeyId: '00000002' });
  });

  test('a store without a key file that gets one while the password is typed: 75, nobody added (the hash has no key)', async () => {
    const ctx = testContext({ household: household(), answers: [['Password for carol', 'carol-password'], ['Password for carol again', 'carol-password']] });
    ctx.store.beforeNextUpdate = (current) => {
      current.keyFile = KEY_FILE;
    };
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['ACCOUNT_CHANGED', 75, "the store's key file changed while you were typing; try again"]);
    expect(findAccount(ctx.store.current(), 'carol')).toBeUndefined();
  });

  test('without its key file: 78 before the password is asked; a managed account is still added', async () => {
    const ctx = keyedContext([], []);
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect([error?.exitCode, error?.message]).toEqual([78, 'the key file /keys/household.json.key is unusable: it does not exist']);
    expect(ctx.prompter.asked).toEqual([]);
    expect(await attempt(ctx, () => addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'none' }))).toBeUndefined();
  });
});

describe('recovery codes in a keyed store: made with the newest key, checked with the key their set names', () => {
  const CODE = fakeCode(300);
  const WRONG = fakeCode(301);
  const NEW_PASSWORD = 'a-new-admin-password';

  /**
   * The keyed household, its key file holding `keys`, and alice's recovery codes: `unused` codes from
   * CODE on (the rest used up), made with `codeKey` (undefined: without a key, as before the store had one).
   */
  function withCodes(keys: Key[], codeKey: Key | undefined, options: { unused?: number; hashKey?: Key; json?: boolean } = {}): TestContext {
    const h = keyedHousehold(options.hashKey);
    const alice = findAccount(h, 'alice')!;
    // CODE and the codes after it are even numbers; WRONG is none of them.
    alice.recoveryCodes = Array.from({ length: 10 }, (_, i) => (i < (options.unused ?? 1) ? FakeHasher.hashOf(fakeCode(300 + 2 * i), FakeHasher.CURRENT, codeKey?.bytes) : null));
    if (codeKey) alice.recoveryKeyId = codeKey.id;
    const ctx = testContext({ household: h, json: options.json });
    if (keys.length > 0) ctx.keys.files.set(KEY_FILE, keys);
    return ctx;
  }
  const aliceNow = (ctx: TestContext) => findAccount(ctx.store.current(), 'alice')!;
  function resetAnswers(code: string): Array<[string, string]> {
    return [['A recovery code for alice', code], ['New password for alice', NEW_PASSWORD], ['New password for alice again', NEW_PASSWORD]];
  }
  async function resetWith(ctx: TestContext, code: string) {
    const asked = withAnswers(ctx, resetAnswers(code));
    return attempt(asked, () => passwordResetRun(asked, { name: 'alice', recoveryCode: true }));
  }

  test('init makes the codes with the new key and records its id beside the set: without the key, no code matches', async () => {
    const ctx = testContext({ answers: [['Password for alice', 'correct horse'], ['Password for alice again', 'correct horse'], ['New PIN for alice', '']] });
    ctx.store = new MemoryStore();
    expect(await attempt(ctx, () => initRun(ctx, { admin: 'alice', plan: 'free' }))).toBeUndefined();
    const [key] = ctx.keys.files.get('/memory/config/household/household.json.key')!;
    const stored = ctx.store.current().accounts[0];
    expect(stored.recoveryKeyId).toBe(key.id);
    const codes = ctx.codes.sets[0];
    const withKey = await Promise.all(codes.map((code, i) => ctx.hasher.verify(stored.recoveryCodes![i]!, code, key.bytes)));
    const withoutKey = await Promise.all(codes.map((code, i) => ctx.hasher.verify(stored.recoveryCodes![i]!, code)));
    expect([withKey, withoutKey]).toEqual([codes.map(() => true), codes.map(() => false)]);
  });

  test('recovery codes makes the new set with the newest key and records its id, replacing a set made without a key; the line as before', async () => {
    const ctx = withCodes([testKey(1), testKey(2)], undefined);
    const asked = withAnswers(ctx, [["alice's password", PASSWORDS.admin]]);
    expect(await attempt(asked, () => recoveryCodesRun(asked))).toBeUndefined();
    expect(aliceNow(ctx)).toMatchObject({
      recoveryCodes: ctx.codes.sets.at(-1)!.map((code) => FakeHasher.hashOf(code, FakeHasher.CURRENT, testKey(2).bytes)),
      recoveryKeyId: testKey(2).id,
    });
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'recovery codes', account: 'alice', outcome: 'ok', exit: 0, details: { generated: 10, revoked: 1 } });
  });

  test('password reset --recovery-code: a code is checked with the key its set names (an older one too); the new password is made with the newest; the code is used up, never made again', async () => {
    const ctx = withCodes([testKey(1), testKey(2)], testKey(1));
    expect(await resetWith(ctx, CODE)).toBeUndefined();
    expect(aliceNow(ctx)).toMatchObject({
      passwordHash: FakeHasher.hashOf(NEW_PASSWORD, FakeHasher.CURRENT, testKey(2).bytes),
      passwordKeyId: testKey(2).id,
      recoveryCodes: Array.from({ length: 10 }, () => null),
    });
    // One hash: the new password's.
    expect(ctx.hasher.hashes).toBe(1);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'password reset', account: 'alice', outcome: 'ok', exit: 0, details: { recoveryCode: 1 } });
  });

  test('a set made before the store had a key still works: checked without a key, used up, not made again', async () => {
    const ctx = withCodes([testKey(1)], undefined, { unused: 2 });
    expect(await resetWith(ctx, CODE)).toBeUndefined();
    const alice = aliceNow(ctx);
    expect(alice.recoveryCodes![0]).toBeNull();
    expect(alice.recoveryCodes![1]).toBe(FakeHasher.hashOf(fakeCode(302)));
    expect(alice.recoveryKeyId).toBeUndefined();
    expect(ctx.hasher.hashes).toBe(1);
  });

  const broken: Array<[string, Key[], Key, (ctx: TestContext) => void, string]> = [
    ['the key file missing', [], testKey(1), () => {}, 'it does not exist'],
    ['the key file unsafe', [testKey(1)], testKey(1), (ctx) => ctx.keys.unsafe.set(KEY_FILE, 'its permissions 0644 let other users read or change it'), 'its permissions 0644 let other users read or change it'],
    ['no key with the id of the set', [testKey(1)], testKey(3), () => {}, "it holds no key with the id 00000003, which alice's recovery codes were made with"],
  ];
  test.each(broken)('%s: 78 naming the key file before the code is asked, the same for the right and a wrong code; nothing counted, no argon2', async (_what, keys, codeKey, breakIt, problem) => {
    const answers: Array<[string, number, string]> = [];
    for (const typed of [CODE, WRONG]) {
      const ctx = withCodes(keys, codeKey);
      breakIt(ctx);
      const before = ctx.store.text;
      const asked = withAnswers(ctx, resetAnswers(typed));
      const error = await passwordResetRun(asked, { name: 'alice', recoveryCode: true }).then(() => undefined, (caught: HouseholdError) => caught);
      answers.push([error!.code, error!.exitCode, error!.message]);
      expect(asked.prompter.asked).toEqual([]);
      expect(ctx.hasher.verifies).toBe(0);
      expect(ctx.store.text).toBe(before);
      expect(ctx.store.log).toEqual([]);
    }
    expect(answers).toEqual([
      ['STORE_UNUSABLE', 78, `the key file ${KEY_FILE} is unusable: ${problem}`],
      ['STORE_UNUSABLE', 78, `the key file ${KEY_FILE} is unusable: ${problem}`],
    ]);
  });

  test('key status counts each unused code as a hash of the key its set names (a set without one: unkeyed); a used-up set counts nothing', async () => {
    const status = async (codeKey: Key | undefined, unused: number) => {
      const ctx = withCodes([testKey(1), testKey(2)], codeKey, { unused, json: true });
      expect(await attempt(ctx, () => keyStatusRun(ctx))).toBeUndefined();
      return JSON.parse(ctx.stdout.text);
    };
    // keyedHousehold: alice's PIN and password, bob's password and kid1's PIN, all with key 1.
    const keys = (first: number, second: number) => [{ id: '00000001', hashes: first }, { id: '00000002', hashes: second }];
    expect(await status(testKey(2), 3)).toEqual({ keyFile: KEY_FILE, keys: keys(4, 3), unkeyed: 0 });
    expect(await status(testKey(1), 10)).toEqual({ keyFile: KEY_FILE, keys: keys(14, 0), unkeyed: 0 });
    expect(await status(undefined, 7)).toEqual({ keyFile: KEY_FILE, keys: keys(4, 0), unkeyed: 7 });
    expect(await status(testKey(2), 0)).toEqual({ keyFile: KEY_FILE, keys: keys(4, 0), unkeyed: 0 });
  });

  test('key prune refuses (77, naming the admin and recovery codes) while unused codes name an older key; a new set with the newest lets it through', async () => {
    // Every PIN and password already with key 2; the codes with key 1.
    const ctx = withCodes([testKey(1), testKey(2)], testKey(1), { unused: 4, hashKey: testKey(2) });
    const refused = await attempt(ctx, () => keyPruneRun(ctx));
    expect([refused?.code, refused?.exitCode, refused?.message]).toEqual(['REFUSED', 77, "an older key is still in use, by alice's recovery codes; nothing was removed"]);
    expect(refused?.hintFor()).toBe('each PIN or password is made again with the newest key at its next right proof (or set it anew), recovery codes by a new set (household recovery codes); then prune again');
    expect(ctx.keys.files.get(KEY_FILE)).toEqual([testKey(1), testKey(2)]);
    expect(ctx.store.log.at(-1)).toMatchObject({ command: 'key prune', outcome: 'REFUSED', exit: 77, details: { keyFile: KEY_FILE, inUse: [{ account: 'alice', kind: 'recovery' }] } });

    const asked = withAnswers(ctx, [["alice's password", PASSWORDS.admin]]);
    expect(await attempt(asked, () => recoveryCodesRun(asked))).toBeUndefined();
    expect(await attempt(ctx, () => keyPruneRun(ctx))).toBeUndefined();
    expect(ctx.keys.files.get(KEY_FILE)).toEqual([testKey(2)]);
  });

  test('a set whose codes are all used up needs no key: prune goes through', async () => {
    const ctx = withCodes([testKey(1), testKey(2)], testKey(1), { hashKey: testKey(2) });
    expect(await resetWith(ctx, CODE)).toBeUndefined();
    expect(await attempt(ctx, () => keyPruneRun(ctx))).toBeUndefined();
    expect(ctx.keys.files.get(KEY_FILE)).toEqual([testKey(2)]);
  });
});

/** What each key command prints, word for word, and what it leaves behind on the way. */
describe('key status, init, rotate and prune: their lines', () => {
  test('key status: the file, each key (the newest marked) with one hash or several, a key the file lacks, the unkeyed count', async () => {
    const h = keyedHousehold();
    // kid1's PIN named a key the file does not hold; bob's password was made without a key.
    Object.assign(findAccount(h, 'kid1')!, { pinKeyId: '0000000a' });
    const bob = findAccount(h, 'bob')!;
    bob.passwordHash = FakeHasher.hashOf(PASSWORDS.member);
    delete bob.passwordKeyId;
    const ctx = testContext({ household: h });
    ctx.keys.files.set(KEY_FILE, [testKey(1), testKey(2), testKey(3)]);
    // Key 1: alice's PIN and password. Key 2: nothing. Key 3, the newest: nothing.
    findAccount(h, 'alice')!.pinKeyId = '00000002';
    ctx.store = new MemoryStore(h);
    expect(await attempt(ctx, () => keyStatusRun(ctx))).toBeUndefined();
    expect(ctx.stdout.text).toBe(
      [
        `key file:      ${KEY_FILE}`,
        'key 00000001:  1 hash',
        'key 00000002:  1 hash',
        'key 00000003:  0 hashes (newest: makes every new hash)',
        'key 0000000a:  missing from the key file: the hashes made with it cannot be checked',
        'without a key: 1 hash',
        '',
      ].join('\n'),
    );
    expect(ctx.stderr.text).toBe('');
  });

  test('key status: a key named by several hashes is named once as missing; a store without a key file says how to make one', async () => {
    const h = keyedHousehold();
    for (const account of h.accounts) {
      if (account.pinKeyId !== undefined) account.pinKeyId = '0000000b';
    }
    const ctx = testContext({ household: h });
    ctx.keys.files.set(KEY_FILE, [testKey(1)]);
    expect(await attempt(ctx, () => keyStatusRun(ctx))).toBeUndefined();
    expect(ctx.stdout.text).toBe(
      [
        `key file:      ${KEY_FILE}`,
        'key 00000001:  2 hashes (newest: makes every new hash)',
        'key 0000000b:  missing from the key file: the hashes made with it cannot be checked',
        'without a key: 0 hashes',
        '',
      ].join('\n'),
    );

    const plain = testContext({ household: household({ alice: '4829' }) });
    expect(await attempt(plain, () => keyStatusRun(plain))).toBeUndefined();
    expect(plain.stdout.text).toBe('key file:      none (household key init makes one)\nwithout a key: 3 hashes\n');
    expect(plain.keys.reads).toBe(0);
  });

  test('key init: the line and --json; the parse makes --key absolute from the folder the command runs in', async () => {
    const ctx = testContext({ household: household() });
    expect(await attempt(ctx, () => keyInitRun(ctx, { key: '/keys/new.key' }))).toBeUndefined();
    expect(ctx.stderr.text).toBe('created the key file /keys/new.key (key 00000001); back it up apart from the store\n');
    const json = testContext({ household: household(), json: true });
    expect(await attempt(json, () => keyInitRun(json, {}))).toBeUndefined();
    expect(JSON.parse(json.stdout.text)).toEqual({ keyFile: '/memory/config/household/household.json.key', keyId: '00000001' });

    const line = { args: [] as [], typed: new Set<string>(), env: {}, completionScript: () => '' };
    expect(keyInitCommand.parse({ ...line, flags: { key: 'keys/h.key' }, cwd: '/srv/home' })).toEqual({ key: '/srv/home/keys/h.key' });
    expect(keyInitCommand.parse({ ...line, flags: {}, cwd: '/srv/home' })).toEqual({ key: undefined });
  });

  test('key init on a store that has one: 73 before a key is made, with the hint to rotate', async () => {
    const ctx = keyedContext();
    const generate = jest.spyOn(ctx.keys, 'generate');
    const error = await attempt(ctx, () => keyInitRun(ctx, {}));
    expect([error?.code, error?.exitCode, error?.hintFor('household --store h.json')]).toEqual(['CANNOT_CREATE', 73, 'household --store h.json key rotate adds a new key to it']);
    expect([...ctx.keys.files.keys()]).toEqual([KEY_FILE]);
    expect(ctx.store.log).toEqual([]);
    expect(generate).not.toHaveBeenCalled();
  });

  test('key init whose store was written but its folder not flushed: that 74, and the key file the store names stays', async () => {
    const ctx = testContext({ household: household() });
    const update = ctx.store.update.bind(ctx.store);
    const flush = new HouseholdError('IO_ERROR', 'changed /memory/household.json, but its folder could not be flushed to disk (EIO): a power cut could still undo it');
    jest.spyOn(ctx.store, 'update').mockImplementation(async (change) => {
      await update(change);
      throw flush;
    });
    expect(await attempt(ctx, () => keyInitRun(ctx, { key: '/keys/mine.key' }))).toBe(flush);
    expect([ctx.store.current().keyFile, ctx.keys.files.has('/keys/mine.key')]).toEqual(['/keys/mine.key', true]);
  });

  test('key init whose write failed and whose store cannot be read again: the key file stays (the store may name it)', async () => {
    const ctx = testContext({ household: household() });
    const read = ctx.store.read.bind(ctx.store);
    const fault = new HouseholdError('IO_ERROR', 'could not read /memory/household.json: the device reported an input/output error (EIO); nothing was changed');
    jest.spyOn(ctx.store, 'update').mockRejectedValue(fault);
    jest.spyOn(ctx.store, 'read').mockImplementationOnce(read).mockRejectedValue(fault);
    expect(await attempt(ctx, () => keyInitRun(ctx, { key: '/keys/mine.key' }))).toBe(fault);
    expect(ctx.keys.files.has('/keys/mine.key')).toBe(true);
  });

  test('key init when another key init wins meanwhile: 73 naming its file; the key file just made is taken away', async () => {
    const ctx = testContext({ household: household() });
    ctx.store.beforeNextUpdate = (current) => {
      current.keyFile = '/keys/theirs.key';
    };
    const error = await attempt(ctx, () => keyInitRun(ctx, { key: '/keys/mine.key' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['CANNOT_CREATE', 73, 'the store already has a key file: /keys/theirs.key']);
    expect(ctx.keys.files.has('/keys/mine.key')).toBe(false);
    expect(ctx.store.current().keyFile).toBe('/keys/theirs.key');
    expect(ctx.stderr.text).toBe('');
  });

  test('key rotate: the line, and --json counts the keys the file now holds', async () => {
    const ctx = keyedContext();
    expect(await attempt(ctx, () => keyRotateRun(ctx))).toBeUndefined();
    expect(ctx.stderr.text).toBe(`added key 00000002 to ${KEY_FILE}; it makes every new hash from now on\n`);
    const json = testContext({ household: keyedHousehold(), json: true });
    json.keys.files.set(KEY_FILE, [testKey(1), testKey(5)]);
    expect(await attempt(json, () => keyRotateRun(json))).toBeUndefined();
    expect(JSON.parse(json.stdout.text)).toEqual({ keyFile: KEY_FILE, keyId: '00000002', keys: 3 });
  });

  test('key prune: one key or several removed, or nothing to remove (the file not written); --json', async () => {
    // Every hash made without a key: none needs an old one.
    const hashless = () => Object.assign(household(), { keyFile: KEY_FILE });
    const one = testContext({ household: hashless() });
    one.keys.files.set(KEY_FILE, [testKey(1), testKey(2)]);
    expect(await attempt(one, () => keyPruneRun(one))).toBeUndefined();
    expect(one.stderr.text).toBe(`removed key 00000001 from ${KEY_FILE}; kept 00000002\n`);

    const two = testContext({ household: hashless(), json: true });
    two.keys.files.set(KEY_FILE, [testKey(1), testKey(2), testKey(3)]);
    expect(await attempt(two, () => keyPruneRun(two))).toBeUndefined();
    expect(JSON.parse(two.stdout.text)).toEqual({ keyFile: KEY_FILE, removed: ['00000001', '00000002'], kept: '00000003' });
    const plainTwo = testContext({ household: hashless() });
    plainTwo.keys.files.set(KEY_FILE, [testKey(1), testKey(2), testKey(3)]);
    expect(await attempt(plainTwo, () => keyPruneRun(plainTwo))).toBeUndefined();
    expect(plainTwo.stderr.text).toBe(`removed keys 00000001, 00000002 from ${KEY_FILE}; kept 00000003\n`);

    const none = testContext({ household: hashless() });
    none.keys.files.set(KEY_FILE, [testKey(2)]);
    expect(await attempt(none, () => keyPruneRun(none))).toBeUndefined();
    expect(none.stderr.text).toBe(`nothing to remove: ${KEY_FILE} holds only the newest key, 00000002\n`);
    // Read once to find the newest; not read again to be written.
    expect(none.keys.reads).toBe(1);
    expect(none.store.log.map(({ command, outcome, details }) => [command, outcome, details])).toEqual([['key prune', 'ok', { keyFile: KEY_FILE, removed: [] }]]);
  });

  test('key prune refused by PINs and passwords only: the hint speaks of proofs, not of recovery codes', async () => {
    const ctx = keyedContext([], [testKey(1), testKey(2)]);
    const error = await attempt(ctx, () => keyPruneRun(ctx));
    expect(error?.hintFor('household')).toBe('each is made again with the newest key at its next right PIN or password (or set it anew), then prune again');
  });
});

describe('key prune and rotate: the hints', () => {
  test('refused by a PIN and by recovery codes at once: the hint names both ways', async () => {
    const h = keyedHousehold();
    const alice = findAccount(h, 'alice')!;
    alice.recoveryCodes = [FakeHasher.hashOf(fakeCode(1), FakeHasher.CURRENT, testKey(1).bytes), ...Array<null>(9).fill(null)];
    alice.recoveryKeyId = testKey(1).id;
    const ctx = testContext({ household: h });
    ctx.keys.files.set(KEY_FILE, [testKey(1), testKey(2)]);
    const error = await attempt(ctx, () => keyPruneRun(ctx));
    expect(error?.message).toBe("an older key is still in use, by alice's PIN, alice's password, alice's recovery codes, bob's password, kid1's PIN; nothing was removed");
    expect(error?.hintFor('household')).toBe('each PIN or password is made again with the newest key at its next right proof (or set it anew), recovery codes by a new set (household recovery codes); then prune again');
  });

  test('rotate on a store without a key file: the hint gives the key init to run', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => keyRotateRun(ctx));
    expect([error?.code, error?.hintFor('household --store h.json')]).toEqual(['REFUSED', 'give it one with: household --store h.json key init']);
  });
});

describe('users add --member while the key file changes', () => {
  test('the store names another key file by the time the password is typed: ACCOUNT_CHANGED, nothing added', async () => {
    const ctx = keyedContext([['Password for carol', 'carol-password'], ['Password for carol again', 'carol-password']]);
    ctx.store.beforeNextUpdate = (current) => {
      current.keyFile = '/keys/another.key';
    };
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect([error?.code, error?.message, error?.hintFor()]).toEqual(['ACCOUNT_CHANGED', "the store's key file changed while you were typing; try again", 'nothing was changed']);
    expect(findAccount(ctx.store.current(), 'carol')).toBeUndefined();
  });

  test('a managed account is added whatever the key file does meanwhile: it has no hash', async () => {
    const ctx = keyedContext();
    ctx.store.beforeNextUpdate = (current) => {
      current.keyFile = '/keys/another.key';
    };
    expect(await attempt(ctx, () => addRun(ctx, { name: 'kid3', kind: 'managed', restriction: 'none' }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'kid3')).toBeDefined();
  });
});

describe('the key file changes while a command runs: no hash is ever written with a key it no longer holds', () => {
  test('rotates at once each add their key: every key reported is in the file (the keys are read under the store\'s lock)', async () => {
    const ctx = testContext({ household: keyedHousehold(), json: true });
    ctx.keys.files.set(KEY_FILE, [testKey(1)]);
    await Promise.all(Array.from({ length: 5 }, () => keyRotateRun(ctx)));
    const reported = ctx.stdout.text.trim().split('\n').map((line) => JSON.parse(line).keyId);
    expect(ctx.keys.files.get(KEY_FILE)!.map((key) => key.id)).toEqual(['00000001', ...reported]);
    expect(new Set(reported).size).toBe(5);
  });

  test('a new PIN made with a key that a rotate and a prune take away before it is written: 75, the PIN as it was, nothing counted', async () => {
    const ctx = keyedContext([['New PIN for kid1', '5167'], ['New PIN for kid1 again', '5167']]);
    const before = findAccount(ctx.store.current(), 'kid1')!.pinHash;
    ctx.store.beforeNextUpdate = () => ctx.keys.files.set(KEY_FILE, [testKey(7)]);
    const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }));
    expect([error?.code, error?.exitCode, error?.message, error?.hintFor()]).toEqual(['ACCOUNT_CHANGED', 75, "the store's key file changed while you were typing; try again", 'nothing was changed']);
    expect(findAccount(ctx.store.current(), 'kid1')!.pinHash).toBe(before);
    expect(pinFailures(ctx, 'kid1')).toBe(0);
  });

  test('a right PIN whose hash was to be made again with a key taken away meanwhile: still right (0), the hash left as it was', async () => {
    // alice's PIN made without a key; the key file holds key 1, which the verify makes it again with.
    const h = keyedHousehold();
    const alice = findAccount(h, 'alice')!;
    alice.pinHash = FakeHasher.hashOf(PINS.alice);
    delete alice.pinKeyId;
    const ctx = testContext({ household: h, answers: [['PIN for alice', PINS.alice]] });
    ctx.keys.files.set(KEY_FILE, [testKey(1)]);
    // The write that takes the attempt back comes second (the first records it).
    ctx.store.beforeUpdate = [2, () => ctx.keys.files.set(KEY_FILE, [testKey(2)])];
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }))).toBeUndefined();
    const now = findAccount(ctx.store.current(), 'alice')!;
    expect([now.pinHash, now.pinKeyId, now.failures.pin.count]).toEqual([FakeHasher.hashOf(PINS.alice), undefined, 0]);
  });

  test('the same with the key still there: the hash is made again with it', async () => {
    const h = keyedHousehold();
    const alice = findAccount(h, 'alice')!;
    alice.pinHash = FakeHasher.hashOf(PINS.alice);
    delete alice.pinKeyId;
    const ctx = testContext({ household: h, answers: [['PIN for alice', PINS.alice]] });
    ctx.keys.files.set(KEY_FILE, [testKey(1)]);
    ctx.store.beforeUpdate = [2, () => ctx.keys.files.set(KEY_FILE, [testKey(1), testKey(2)])];
    expect(await attempt(ctx, () => pinVerifyRun(ctx, { name: 'alice', requirePin: false }))).toBeUndefined();
    expect(findAccount(ctx.store.current(), 'alice')!.pinKeyId).toBe('00000001');
  });

  test("a member's password made with a key taken away before the account is added: 75, no account", async () => {
    const ctx = keyedContext([['Password for carol', 'carol-password'], ['Password for carol again', 'carol-password']]);
    ctx.store.beforeNextUpdate = () => ctx.keys.files.set(KEY_FILE, [testKey(2)]);
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    expect([error?.code, error?.message]).toEqual(['ACCOUNT_CHANGED', "the store's key file changed while you were typing; try again"]);
    expect(findAccount(ctx.store.current(), 'carol')).toBeUndefined();
  });

  test('a new set of recovery codes made with a key taken away meanwhile: 75, the old set stays', async () => {
    const ctx = keyedContext([["alice's password", PASSWORDS.admin]]);
    const before = findAccount(ctx.store.current(), 'alice')!.recoveryCodes;
    // The proof's attempt is recorded first; the key goes before the write of the new set.
    ctx.store.beforeUpdate = [2, () => ctx.keys.files.set(KEY_FILE, [testKey(3)])];
    const error = await attempt(ctx, () => recoveryCodesRun(ctx));
    expect(error?.code).toBe('ACCOUNT_CHANGED');
    expect(findAccount(ctx.store.current(), 'alice')!.recoveryCodes).toEqual(before);
  });
});
