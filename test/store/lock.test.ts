import { jest } from '@jest/globals';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LockWatch } from '../../src/store/lock.js';
import { refusal } from '../fakes/refusals.js';

/**
 * The lock's holder may release it at any moment, also between our lstat and our look inside the
 * folder. `node:fs` is wrapped so that the holder releases exactly then, which a real race does only
 * now and then (it showed as exit 1 in test/e2e/parallel.test.ts, about once in 8 rounds).
 */
let releaseBeforeTheLookInside = false;
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  readdirSync: (path: fs.PathLike) => {
    if (releaseBeforeTheLookInside) {
      releaseBeforeTheLookInside = false;
      fs.rmdirSync(path);
    }
    return fs.readdirSync(path);
  },
}));
const { acquireLock, isStale, LOCK_STALE_MS } = await import('../../src/store/lock.js');

describe('a lock that changes while it is looked at', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'household-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a lock released between the look at it and the look inside it is simply taken', async () => {
    const store = join(dir, 'household.json');
    const lockPath = `${store}.lock`;
    fs.mkdirSync(lockPath, { mode: 0o700 });
    releaseBeforeTheLookInside = true;
    const release = await acquireLock(store, lockPath);
    expect(releaseBeforeTheLookInside).toBe(false);
    expect(fs.statSync(lockPath).isDirectory()).toBe(true);
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  test('a lock folder with files in it is still refused (78), naming it', async () => {
    const store = join(dir, 'household.json');
    const lockPath = `${store}.lock`;
    fs.mkdirSync(lockPath, { mode: 0o700 });
    fs.writeFileSync(join(lockPath, 'planted'), '');
    await expect(acquireLock(store, lockPath)).rejects.toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78, message: expect.stringContaining(lockPath) });
  });
});

describe('isStale: a lock is stale 10 s after it was made, by this machine\'s clock', () => {
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  const lock = (mtimeMs: number, ctimeMs = mtimeMs, ino = 7) => ({ ino, mtimeMs, ctimeMs });

  test('a lock made over 10 s ago is stale at first sight', () => {
    expect(isStale(lock(NOW - LOCK_STALE_MS - 1), {}, NOW, 0)).toBe(true);
    expect(isStale(lock(NOW - 3_600_000), {}, NOW, 0)).toBe(true);
  });

  test('a fresh lock is not, and exactly 10 s is not yet', () => {
    expect(isStale(lock(NOW - 1_000), {}, NOW, 0)).toBe(false);
    expect(isStale(lock(NOW - LOCK_STALE_MS), {}, NOW, 0)).toBe(false);
  });

  test('a fresh lock goes stale as the clock passes its 10 s', () => {
    const watch: LockWatch = {};
    const made = lock(NOW);
    expect(isStale(made, watch, NOW + 5_000, 5_000)).toBe(false);
    expect(isStale(made, watch, NOW + LOCK_STALE_MS, LOCK_STALE_MS)).toBe(false);
    expect(isStale(made, watch, NOW + LOCK_STALE_MS + 1, LOCK_STALE_MS + 1)).toBe(true);
  });

  test('an mtime set into the future (2099) does not make it fresh: its ctime, set by the kernel, is now', () => {
    const planted = lock(Date.parse('2099-01-01T00:00:00Z'), NOW);
    const watch: LockWatch = {};
    expect(isStale(planted, watch, NOW + 1_000, 1_000)).toBe(false);
    expect(isStale(planted, watch, NOW + LOCK_STALE_MS + 1, LOCK_STALE_MS + 1)).toBe(true);
    // The same with the times the other way round.
    expect(isStale(lock(NOW, Date.parse('2099-01-01T00:00:00Z')), {}, NOW + LOCK_STALE_MS + 1, 0)).toBe(true);
  });

  test('both times in the future (the clock was set back): stale once watched unchanged for over 10 s', () => {
    const future = NOW + 3_600_000;
    const watch: LockWatch = {};
    expect(isStale(lock(future), watch, NOW, 50_000)).toBe(false);
    expect(isStale(lock(future), watch, NOW + 9_000, 59_000)).toBe(false);
    expect(isStale(lock(future), watch, NOW + 10_000, 60_000)).toBe(false);
    expect(isStale(lock(future), watch, NOW + 10_001, 60_001)).toBe(true);
  });

  test('watching starts again when the lock changes (another inode, or touched)', () => {
    const future = NOW + 3_600_000;
    const watch: LockWatch = {};
    expect(isStale(lock(future), watch, NOW, 0)).toBe(false);
    // Taken over and made again by someone else: a new inode, watched from now.
    expect(isStale(lock(future, future, 8), watch, NOW + 8_000, 8_000)).toBe(false);
    expect(isStale(lock(future, future, 8), watch, NOW + 12_000, 12_000)).toBe(false);
    // Touched by its holder: new times, watched from now.
    expect(isStale(lock(future + 1, future + 1, 8), watch, NOW + 17_000, 17_000)).toBe(false);
    expect(isStale(lock(future + 1, future + 2, 8), watch, NOW + 27_000, 27_000)).toBe(false);
    expect(isStale(lock(future + 1, future + 2, 8), watch, NOW + 37_001, 37_001)).toBe(true);
  });
});

describe('acquireLock on a real folder', () => {
  let dir: string;
  let target: string;
  let lockPath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'household-lock-'));
    target = join(dir, 'household.json');
    lockPath = `${target}.lock`;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));


  test('a free store: the lock is an empty private folder, gone after release', async () => {
    const release = await acquireLock(target);
    expect(fs.statSync(lockPath).isDirectory()).toBe(true);
    expect(fs.statSync(lockPath).mode & 0o777).toBe(0o700);
    release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a stale empty lock is taken over at once', async () => {
    fs.mkdirSync(lockPath);
    const old = new Date(Date.now() - LOCK_STALE_MS - 5_000);
    fs.utimesSync(lockPath, old, old);
    const started = performance.now();
    const release = await acquireLock(target);
    expect(performance.now() - started).toBeLessThan(2_000);
    release();
  });

  test('a lock released while waiting is taken', async () => {
    fs.mkdirSync(lockPath);
    setTimeout(() => fs.rmdirSync(lockPath), 300);
    const started = performance.now();
    const release = await acquireLock(target);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(fs.statSync(lockPath).isDirectory()).toBe(true);
    release();
  });

  test('a plain file at the lock path is refused (78), naming it, and left alone', async () => {
    fs.writeFileSync(lockPath, 'x');
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} is not a folder household made (a plain file or a link is there)`);
    expect(error.hint).toBe(`if no household command is running, remove it: rm -r ${lockPath}`);
    expect(fs.statSync(lockPath).isFile()).toBe(true);
  });

  test('a symlink at the lock path, even to an empty folder, is refused', async () => {
    fs.mkdirSync(join(dir, 'elsewhere'));
    fs.symlinkSync(join(dir, 'elsewhere'), lockPath);
    const error = await refusal(acquireLock(target));
    expect(error.message).toContain(`its lock ${lockPath} is not a folder household made`);
  });

  test('a lock folder with something in it is refused, however old, and nothing in it is removed', async () => {
    fs.mkdirSync(lockPath);
    fs.writeFileSync(join(lockPath, 'keep'), 'x');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(lockPath, old, old);
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} is a folder with files in it; household's locks are always empty`);
    expect(fs.readdirSync(lockPath)).toEqual(['keep']);
  });
});
