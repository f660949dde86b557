import { HouseholdError } from '../domain/errors.js';

/** The contract: wait up to 15 s for another process, and treat a lock nobody refreshed for 10 s as stale. */
export const LOCK_WAIT_MS = 15_000;
export const LOCK_STALE_MS = 10_000;

export type Release = () => Promise<void>;

/**
 * An exclusive lock between processes, `<store>.lock` beside the store, by proper-lockfile: mkdir is
 * atomic on every local file system, and the holder refreshes the lock's mtime (every stale/2), so a
 * lock left by a killed process goes stale after at most 10 s while a slow live holder keeps it.
 * Loaded only by commands that change the store.
 */
export async function acquireLock(realPath: string, isCompromised: { value: boolean }): Promise<Release> {
  const { lock } = await import('proper-lockfile');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await lock(realPath, {
        stale: LOCK_STALE_MS,
        realpath: false,
        retries: 0,
        onCompromised: () => {
          isCompromised.value = true;
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new HouseholdError(
          'STORE_LOCKED',
          `the store ${realPath} is locked by another household command (waited ${LOCK_WAIT_MS / 1000} seconds)`,
          `try again; a lock left by a killed process expires ${LOCK_STALE_MS / 1000} seconds after its last refresh`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
  }
}
