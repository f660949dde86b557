import { mkdirSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { HouseholdError } from '../domain/errors.js';

/** The contract: wait up to 15 s for another process, and treat a lock nobody refreshed for 10 s as stale. */
export const LOCK_WAIT_MS = 15_000;
export const LOCK_STALE_MS = 10_000;
/** A live holder refreshes its lock this often, so only a dead one's lock ever looks stale. */
export const LOCK_REFRESH_MS = LOCK_STALE_MS / 3;

export type Release = () => void;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * An exclusive lock between processes: the directory `<store>.lock`, made with mkdir, which is atomic
 * on every local file system. The holder touches it every few seconds; a lock whose mtime is older
 * than 10 s belongs to a killed process and is removed. This is proper-lockfile's protocol, written
 * out here because loading proper-lockfile (with graceful-fs) cost 10 ms of every command's start,
 * several times a whole read-modify-write. A race between two processes taking over the same stale
 * lock is caught at write time by the store's inode check.
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
        `try again; a lock left by a killed process expires ${LOCK_STALE_MS / 1000} seconds after its last refresh (${lockPath})`,
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
  const refresh = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(lockPath, now, now);
    } catch {
      // Taken from us as stale: the write's inode check will refuse to overwrite.
    }
  }, LOCK_REFRESH_MS);
  refresh.unref();
  return () => {
    clearInterval(refresh);
    try {
      rmdirSync(lockPath);
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
    }
  };
}
