import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { HouseholdError } from '../domain/errors.js';

/** The contract: wait up to 15 s for another process, and treat a lock older than 10 s as a killed process's. */
export const LOCK_WAIT_MS = 15_000;
export const LOCK_STALE_MS = 10_000;
export type Release = () => void;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * An exclusive lock between processes: the directory `<store>.lock`, made with mkdir, which is atomic
 * on every local file system. A lock whose mtime is older than 10 s belongs to a killed process and is
 * removed. This is proper-lockfile's protocol, written out here because loading proper-lockfile (with
 * graceful-fs) cost 10 ms of every command's start, several times a whole read-modify-write.
 *
 * proper-lockfile also refreshes the mtime from a timer while the lock is held. Here the holder's work
 * is a millisecond of synchronous reads and writes, during which no timer could fire anyway, so there
 * is none. A holder that somehow took over 10 s and lost its lock to another process, or two processes
 * taking over the same stale lock at once, are caught at write time by the store's inode check.
 */
export async function acquireLock(target: string, lockPath = `${target}.lock`): Promise<Release> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockPath, { mode: 0o700 });
      return holding(lockPath);
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
    if (isStale(lockPath)) {
      try {
        rmdirSync(lockPath);
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw error;
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new HouseholdError(
        'STORE_LOCKED',
        `the store ${target} is locked by another household command (waited ${LOCK_WAIT_MS / 1000} seconds)`,
        `try again; a lock left by a killed process (${lockPath}) expires ${LOCK_STALE_MS / 1000} seconds after it was taken`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
}

function isStale(lockPath: string): boolean {
  try {
    return Date.now() - statSync(lockPath).mtimeMs > LOCK_STALE_MS;
  } catch (error) {
    // Released between our mkdir and this stat: not stale, just free; the next mkdir will tell.
    if (errno(error) === 'ENOENT') return false;
    throw error;
  }
}

function holding(lockPath: string): Release {
  return () => {
    try {
      rmdirSync(lockPath);
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
    }
  };
}
