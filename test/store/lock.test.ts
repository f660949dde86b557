import { jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The window between a waiter's look at the lock (lstat) and its check that the lock folder is empty
 * (readdir) is microseconds wide, but 30 commands guessing at once hit it: the holder releases the lock
 * in between. `readdirSync` is replaced here so that the release happens exactly there, every time.
 */
let releaseDuringCheck = false;
jest.unstable_mockModule('node:fs', () => ({
  ...realFs,
  readdirSync: (path: realFs.PathLike, ...rest: unknown[]) => {
    if (releaseDuringCheck && String(path).endsWith('.lock')) {
      releaseDuringCheck = false;
      realFs.rmdirSync(path);
    }
    return (realFs.readdirSync as (...args: unknown[]) => unknown)(path, ...rest);
  },
}));
const { acquireLock } = await import('../../src/store/lock.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a lock released between the look at it and the check of its contents is free, not an error', async () => {
  const target = join(dir, 'household.json');
  mkdirSync(`${target}.lock`, { mode: 0o700 });
  releaseDuringCheck = true;
  const started = Date.now();
  // It was exit 1 ("unexpected error: ENOENT ... scandir household.json.lock") for one command in ten.
  const release = await acquireLock(target);
  expect(releaseDuringCheck).toBe(false);
  expect(realFs.statSync(`${target}.lock`).isDirectory()).toBe(true);
  release();
  expect(Date.now() - started).toBeLessThan(5_000);
});
