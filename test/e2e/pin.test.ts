import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { acquireLock } from '../../src/store/lock.js';
import { Sandbox } from './cli.js';
import { pinHouseholdOf } from './households.js';

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { stored } = pinHouseholdOf(() => box);

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
