import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquireLock } from '../../src/store/lock.js';
import { parseHousehold } from '../../src/store/schema.js';
import { Sandbox } from './cli.js';

/**
 * Commands at the same time. Parallel commands never lose each other's changes: 14 CLI processes start
 * at once on one store, each making a different change, and every change and every counted failure must
 * be there after. And the lock that orders them: a change waits for it, a read does not.
 */
const KID_PINS = ['3974', '1586', '4072'];
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const stored = () => JSON.parse(readFileSync(box.store, 'utf8'));

test.each([1, 2, 3])('14 writers at once, round %i: every change lands, every failure is counted', async () => {
  await box.init('7391');
  await box.run(['users', 'add', 'bob', '--member', '--stdin'], { input: 'bob-password\nbob-password\n' });
  await box.run(['pin', 'set', 'bob', '--stdin'], { input: 'bob-password\n6142\n6142\n' });
  for (const kid of ['kid1', 'kid2', 'kid3', 'kid4']) await box.run(['users', 'add', kid, '--managed']);
  await box.run(['pin', 'set', 'kid4', '--stdin'], { input: '9263\n9263\n' });

  const writers = [
    ...['new1', 'new2', 'new3', 'new4', 'new5'].map((name) => box.run(['users', 'add', name, '--managed'])),
    // Three different uncommon PINs (a repeated digit is refused as a new PIN).
    ...['kid1', 'kid2', 'kid3'].map((name, i) => box.run(['pin', 'set', name, '--stdin'], { input: `${KID_PINS[i]}\n${KID_PINS[i]}\n` })),
    box.run(['pin', 'remove', 'kid4']),
    // Four wrong PINs for bob, and a wrong password for alice's reset: each must be counted once.
    ...[0, 1, 2, 3].map(() => box.run(['pin', 'remove', 'bob', '--stdin'], { input: '6517\n' })),
    box.run(['pin', 'reset', 'alice', '--stdin'], { input: '2749\n2749\nnot-alice\n' }),
  ];
  const results = await Promise.all(writers);
  expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 77, 77, 77, 77, 77]);

  const after = parseHousehold(JSON.parse(readFileSync(box.store, 'utf8')));
  const byName = new Map(after.accounts.map((a) => [a.name, a]));
  expect([...byName.keys()].sort()).toEqual(['alice', 'bob', 'kid1', 'kid2', 'kid3', 'kid4', 'new1', 'new2', 'new3', 'new4', 'new5']);
  expect(['kid1', 'kid2', 'kid3'].map((name) => byName.get(name)!.pinHash !== null)).toEqual([true, true, true]);
  expect(byName.get('kid4')!.pinHash).toBeNull();
  expect(byName.get('bob')!.failures.pin.count).toBe(4);
  expect(byName.get('alice')!.failures.password.count).toBe(1);

  // Each PIN is the one its own process typed, not another's (checked by the CLI: the hashes are keyed).
  for (const [i, name] of ['kid1', 'kid2', 'kid3'].entries()) {
    expect((await box.run(['pin', 'verify', name, '--stdin'], { input: `${KID_PINS[i]}\n` })).code).toBe(0);
  }
  expect(readdirSync(dirname(box.store)).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
});

describe('the lock, end to end', () => {
  test('a lock held by another command makes a change wait, then exit 75 after 15 seconds', async () => {
    await box.init();
    const before = readFileSync(box.store, 'utf8');
    const release = await acquireLock(box.store);
    try {
      const started = Date.now();
      const result = await box.run(['users', 'add', 'kid', '--managed']);
      expect(result.code).toBe(75);
      expect(result.stderr).toContain('is locked by another household command (waited 15 seconds)');
      expect(Date.now() - started).toBeGreaterThanOrEqual(15_000);
    } finally {
      release();
    }
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });

  test('an empty lock folder nobody holds (as version 2 left one after a kill) is no obstacle', async () => {
    await box.init();
    rmSync(`${box.store}.lock`, { recursive: true });
    mkdirSync(`${box.store}.lock`);
    const result = await box.run(['users', 'add', 'kid', '--managed']);
    expect(result.code).toBe(0);
    expect(stored().accounts.map((a: { name: string }) => a.name)).toEqual(['alice', 'kid']);
  });

  test('users list reads without waiting for the lock', async () => {
    await box.init();
    const release = await acquireLock(box.store);
    try {
      expect((await box.run(['users', 'list'])).code).toBe(0);
    } finally {
      release();
    }
  });
});

describe('the key file under the store\'s lock', () => {
  test('8 key rotates at once: each key reported is in the file, and the PIN made before them still checks', async () => {
    await box.init('7391');
    const rotates = await Promise.all(Array.from({ length: 8 }, () => box.run(['--json', 'key', 'rotate'])));
    expect(rotates.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const reported = rotates.map((r) => JSON.parse(r.stdout).keyId as string);
    const status = JSON.parse((await box.run(['--json', 'key', 'status'])).stdout) as { keys: Array<{ id: string }> };
    expect(status.keys).toHaveLength(9);
    for (const id of reported) expect(status.keys.map((key) => key.id)).toContain(id);
    // Each rotate counted the keys it left: 2 to 9, once each.
    expect(rotates.map((r) => JSON.parse(r.stdout).keys).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '7391\n' })).code).toBe(0);
  });
});
