import { lstatSync, mkdirSync, readdirSync, rmdirSync, type Stats } from 'node:fs';
import { HouseholdError } from '../domain/errors.js';
import { errno, fileError } from './io-errors.js';
import { currentUid, unusable } from './safety.js';
import { userName } from './owners.js';

/** The contract: wait up to 15 s for another process, and treat a lock older than 10 s as a killed process's. */
export const LOCK_WAIT_MS = 15_000;
export const LOCK_STALE_MS = 10_000;
export type Release = () => void;

/**
 * Milliseconds by a clock that never goes back, for waiting. Not `performance.now()`: the first touch of
 * the `performance` global loads perf_hooks, a cost every writing command would pay.
 */
const monotonicMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;

/**
 * An exclusive lock between processes: the empty folder `<store>.lock`, made with mkdir, which is atomic
 * on every local file system. It is proper-lockfile's protocol, written out because loading that library
 * cost 10 ms of every start. A holder's critical section is a few milliseconds of synchronous reads and
 * writes (never typing, never argon2), so nothing refreshes the lock: a lock older than 10 s belongs to a
 * killed process and is taken over. A holder that lost its lock anyway is caught by the store's inode check.
 */
export interface LockWatch {
  /** The lock as first seen, and when (by the monotonic clock): a lock that never changes goes stale. */
  seen?: { ino: number; mtimeMs: number; ctimeMs: number; at: number };
}

/**
 * A lock is stale 10 s after it was made or last touched. Its age is taken from the earlier of its
 * mtime and ctime: anyone may set mtime (to 2099, say), but ctime is set by the kernel to the time of
 * that very change. A lock whose times are both in the future (this machine's clock was set back) goes
 * stale once this process has watched it unchanged for 10 s.
 */
export function isStale(stats: Pick<Stats, 'ino' | 'mtimeMs' | 'ctimeMs'>, watch: LockWatch, now: number, monotonic: number): boolean {
  const made = Math.min(stats.mtimeMs, stats.ctimeMs);
  if (now - made > LOCK_STALE_MS) return true;
  const seen = watch.seen;
  if (!seen || seen.ino !== stats.ino || seen.mtimeMs !== stats.mtimeMs || seen.ctimeMs !== stats.ctimeMs) {
    watch.seen = { ino: stats.ino, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, at: monotonic };
    return false;
  }
  return monotonic - seen.at > LOCK_STALE_MS;
}

/**
 * A lock path holding something household never makes there is refused (78), naming it. Returns false
 * when the lock was released while we looked (the caller tries mkdir again), true when it is still held.
 */
function checkLock(lockPath: string, store: string, stats: Stats): boolean {
  const hint = `if no household command is running, remove it: rm -r ${lockPath}`;
  if (!stats.isDirectory()) {
    throw unusable(store, `its lock ${lockPath} is not a folder household made (a plain file or a link is there)`, hint);
  }
  const uid = currentUid();
  if (uid !== undefined && uid !== 0 && stats.uid !== uid) {
    throw unusable(store, `its lock ${lockPath} belongs to ${userName(stats.uid)}, not to you (${userName(uid)})`, hint);
  }
  let entries: string[];
  try {
    entries = readdirSync(lockPath);
  } catch (error) {
    // Released between the lstat and this look: free now; the next mkdir will tell.
    if (errno(error) === 'ENOENT') return false;
    throw error;
  }
  if (entries.length > 0) {
    throw unusable(store, `its lock ${lockPath} is a folder with files in it; household's locks are always empty`, hint);
  }
  return true;
}

export async function acquireLock(target: string, lockPath = `${target}.lock`): Promise<Release> {
  const deadline = monotonicMs() + LOCK_WAIT_MS;
  const watch: LockWatch = {};
  for (;;) {
    try {
      mkdirSync(lockPath, { mode: 0o700 });
      return holding(lockPath);
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw fileError(error, 'make the lock', lockPath, target);
    }
    let stats: Stats;
    try {
      stats = lstatSync(lockPath);
    } catch (error) {
      // Released between our mkdir and this look: free now; the next mkdir will tell.
      if (errno(error) === 'ENOENT') continue;
      throw error;
    }
    if (!checkLock(lockPath, target, stats)) continue;
    if (isStale(stats, watch, Date.now(), monotonicMs())) {
      try {
        rmdirSync(lockPath);
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw fileError(error, 'remove the stale lock', lockPath, target);
      }
      continue;
    }
    if (monotonicMs() >= deadline) {
      throw new HouseholdError(
        'STORE_LOCKED',
        `the store ${target} is locked by another household command (waited ${LOCK_WAIT_MS / 1000} seconds)`,
        `try again; a lock left by a killed process (the folder ${lockPath}) is stale ${LOCK_STALE_MS / 1000} seconds after it was taken`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
}

function holding(lockPath: string): Release {
  return () => {
    try {
      rmdirSync(lockPath);
    } catch {
      // Gone already (taken over as stale), or filled by someone: the next command sees and says so.
    }
  };
}
