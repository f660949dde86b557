import { jest } from '@jest/globals';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outcomeOf } from '../../src/cli/errors.js';
import { HouseholdError } from '../../src/domain/errors.js';
import type { LockWatch } from '../../src/store/lock.js';
import { failure as rejectionOf, refusal } from '../fakes/refusals.js';

/**
 * What other processes and the disk do to a lock at the worst moment, which a real race does only now and
 * then: `node:fs` is wrapped so that, for the lock path only, the next mkdir, lstat or rmdir fails as a
 * full, read-only or failing disk (or a folder we may not write) makes it fail, or another process
 * releases the lock just before we look. `looks` counts how often the waiter looked at the lock.
 */
const world: {
  lockPath?: string;
  mkdir: string[];
  lstat: string[];
  rmdir: string[];
  beforeLstat?: () => void;
  beforeRmdir?: () => void;
  looks: number;
} = { mkdir: [], lstat: [], rmdir: [], looks: 0 };
const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const isLock = (path: fs.PathLike) => world.lockPath !== undefined && String(path) === world.lockPath;
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  mkdirSync: (path: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
    if (isLock(path) && world.mkdir.length > 0) throw failure(world.mkdir.shift()!);
    return fs.mkdirSync(path, options);
  },
  lstatSync: (path: fs.PathLike) => {
    if (isLock(path)) {
      world.looks += 1;
      const before = world.beforeLstat;
      world.beforeLstat = undefined;
      before?.();
      if (world.lstat.length > 0) throw failure(world.lstat.shift()!);
    }
    return fs.lstatSync(path);
  },
  rmdirSync: (path: fs.PathLike) => {
    if (isLock(path)) {
      const before = world.beforeRmdir;
      world.beforeRmdir = undefined;
      before?.();
      if (world.rmdir.length > 0) throw failure(world.rmdir.shift()!);
    }
    return fs.rmdirSync(path);
  },
}));
const { acquireLock, isStale, LOCK_STALE_MS, LOCK_WAIT_MS } = await import('../../src/store/lock.js');

const OTHER_UID = 12345;

let dir: string;
let target: string;
let lockPath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'household-lock-more-'));
  target = join(dir, 'household.json');
  lockPath = `${target}.lock`;
  world.lockPath = lockPath;
});
afterEach(() => {
  Object.assign(world, { lockPath: undefined, mkdir: [], lstat: [], rmdir: [], beforeLstat: undefined, beforeRmdir: undefined, looks: 0 });
  jest.useRealTimers();
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A lock another process holds: made just now, or `age` milliseconds ago (stale past 10 s). */
function heldLock(age = 0, uid?: number): void {
  fs.mkdirSync(lockPath, { mode: 0o700 });
  if (uid !== undefined) fs.chownSync(lockPath, uid, uid);
  if (age > 0) {
    const then = new Date(Date.now() - age);
    fs.utimesSync(lockPath, then, then);
  }
}


/** Ours: the lock is there while held, and release leaves nothing behind. */
async function takeAndRelease(): Promise<void> {
  const release = await acquireLock(target);
  expect(fs.lstatSync(lockPath).isDirectory()).toBe(true);
  expect(fs.readdirSync(lockPath)).toEqual([]);
  release();
  expect(fs.readdirSync(dir)).toEqual([]);
}

describe('making the lock fails', () => {
  test('on a read-only file system: 74 naming the lock, nothing left behind', async () => {
    world.mkdir = ['EROFS'];
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not make the lock ${lockPath}: the file system is read-only (EROFS); nothing was changed`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('in a folder we may not write: 78 naming the store, with who may run it', async () => {
    world.mkdir = ['EACCES'];
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the store ${target} is unusable: you are not allowed to make the lock ${lockPath}`);
    expect(error.hint).toBe('run household as the user the store belongs to');
  });

  test('in a folder that is gone: the error is passed on as it is (ENOENT), not waited on', async () => {
    fs.rmSync(dir, { recursive: true });
    await expect(acquireLock(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the lock changes while it is looked at', () => {
  test('released between our mkdir and our look at it: simply taken', async () => {
    heldLock();
    world.beforeLstat = () => fs.rmdirSync(lockPath);
    const started = performance.now();
    await takeAndRelease();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a lock that cannot be looked at (the disk fails: EIO) is 74, not taken over', async () => {
    heldLock(LOCK_STALE_MS + 5_000);
    world.lstat = ['EIO'];
    const thrown = await rejectionOf(acquireLock(target));
    expect(thrown).toMatchObject({ code: 'EIO' });
    expect(outcomeOf(thrown).exitCode).toBe(74);
    expect(fs.lstatSync(lockPath).isDirectory()).toBe(true);
  });

  test('a stale lock that another waiter removed first: ours is made in its place', async () => {
    heldLock(LOCK_STALE_MS + 5_000);
    world.beforeRmdir = () => fs.rmdirSync(lockPath);
    await takeAndRelease();
  });

  test('a stale lock that cannot be removed (read-only file system): 74 naming it, and it stays', async () => {
    heldLock(LOCK_STALE_MS + 5_000);
    world.rmdir = ['EROFS'];
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not remove the stale lock ${lockPath}: the file system is read-only (EROFS); nothing was changed`);
    expect(fs.lstatSync(lockPath).isDirectory()).toBe(true);
  });

  test('a stale lock we may not remove: 78 naming the store', async () => {
    heldLock(LOCK_STALE_MS + 5_000);
    world.rmdir = ['EPERM'];
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the store ${target} is unusable: you are not allowed to remove the stale lock ${lockPath}`);
  });
});

describe("whose lock it is", () => {
  test("root takes over another user's stale lock", async () => {
    heldLock(LOCK_STALE_MS + 5_000, OTHER_UID);
    await takeAndRelease();
  });

  test("root waits for another user's fresh lock, and takes it when it is released", async () => {
    heldLock(0, OTHER_UID);
    setTimeout(() => fs.rmdirSync(lockPath), 200);
    await takeAndRelease();
  });

  test("a user other than root is refused another user's lock (78), naming it and its owner", async () => {
    // A uid with no entry in /etc/passwd: named by its number, as nothing else names it.
    jest.spyOn(process, 'getuid').mockReturnValue(424242);
    heldLock(LOCK_STALE_MS + 5_000);
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    // The owner by name (root's is root everywhere), not by a number the person must look up.
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} belongs to root, not to you (user id 424242)`);
    expect(error.hint).toBe(`if no household command is running, remove it: rm -r ${lockPath}`);
    expect(fs.lstatSync(lockPath).isDirectory()).toBe(true);
  });

  test("a user other than root takes over a stale lock of the user's own", async () => {
    jest.spyOn(process, 'getuid').mockReturnValue(1000);
    heldLock(LOCK_STALE_MS + 5_000, 1000);
    const release = await acquireLock(target);
    release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('where there are no user ids (as on Windows) the owner is not checked', async () => {
    const real = process.getuid;
    Object.defineProperty(process, 'getuid', { value: undefined, configurable: true, writable: true });
    try {
      heldLock(LOCK_STALE_MS + 5_000, OTHER_UID);
      await takeAndRelease();
    } finally {
      Object.defineProperty(process, 'getuid', { value: real, configurable: true, writable: true });
    }
  });
});

describe('waiting for a lock that is held', () => {
  test('a waiter does not spin: it looks at the lock at most every 10 ms', async () => {
    heldLock();
    const waiting = acquireLock(target);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const looks = world.looks;
    fs.rmdirSync(lockPath);
    (await waiting)();
    expect(looks).toBeGreaterThan(0);
    expect(looks).toBeLessThanOrEqual(300 / 10 + 1);
  });

  test('given up after exactly 15 seconds: 75, saying how long it waited and when a lock goes stale', async () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'nextTick', 'queueMicrotask', 'setImmediate'] });
    jest.spyOn(Math, 'random').mockReturnValue(0);
    heldLock();
    // Its holders keep it busy (each touch is a change, so it is never the same lock for 10 s).
    const busy = setInterval(() => {
      const now = new Date();
      fs.utimesSync(lockPath, now, now);
    }, 3_000);
    let outcome: unknown;
    const waiting = acquireLock(target).then(
      () => (outcome = 'taken'),
      (error: unknown) => (outcome = error),
    );
    await jest.advanceTimersByTimeAsync(LOCK_WAIT_MS - 10);
    expect(outcome).toBeUndefined();
    await jest.advanceTimersByTimeAsync(10);
    clearInterval(busy);
    expect(outcome).toBeInstanceOf(HouseholdError);
    const error = outcome as HouseholdError;
    expect(error).toMatchObject({ code: 'STORE_LOCKED', exitCode: 75 });
    expect(error.message).toBe(`the store ${target} is locked by another household command (waited 15 seconds)`);
    expect(error.hint).toBe(`try again; a lock left by a killed process (the folder ${lockPath}) is stale 10 seconds after it was taken`);
    await waiting;
    expect(fs.lstatSync(lockPath).isDirectory()).toBe(true);
  });
});

describe('isStale: what counts as a change to a lock that is watched', () => {
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  const FUTURE = NOW + 3_600_000;

  test('its mtime alone changing (a file system whose ctime has whole seconds) starts the watch again', () => {
    const watch: LockWatch = {};
    expect(isStale({ ino: 7, mtimeMs: FUTURE, ctimeMs: FUTURE }, watch, NOW, 0)).toBe(false);
    expect(isStale({ ino: 7, mtimeMs: FUTURE + 500, ctimeMs: FUTURE }, watch, NOW + 8_000, 8_000)).toBe(false);
    expect(isStale({ ino: 7, mtimeMs: FUTURE + 500, ctimeMs: FUTURE }, watch, NOW + 12_000, 12_000)).toBe(false);
    expect(isStale({ ino: 7, mtimeMs: FUTURE + 500, ctimeMs: FUTURE }, watch, NOW + 18_001, 18_001)).toBe(true);
  });

  test('its ctime alone changing (chmod, chown) starts the watch again', () => {
    const watch: LockWatch = {};
    expect(isStale({ ino: 7, mtimeMs: FUTURE, ctimeMs: FUTURE }, watch, NOW, 0)).toBe(false);
    expect(isStale({ ino: 7, mtimeMs: FUTURE, ctimeMs: FUTURE + 1 }, watch, NOW + 8_000, 8_000)).toBe(false);
    expect(isStale({ ino: 7, mtimeMs: FUTURE, ctimeMs: FUTURE + 1 }, watch, NOW + 12_000, 12_000)).toBe(false);
    expect(isStale({ ino: 7, mtimeMs: FUTURE, ctimeMs: FUTURE + 1 }, watch, NOW + 18_001, 18_001)).toBe(true);
  });
});
