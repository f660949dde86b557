import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { kernelLock } from '../../src/io/kernel-lock.js';
import { LOCK_FILE } from '../../src/store/lock.js';

/**
 * "Another command" holding the store's lock, as the kernel sees it: its own open file of
 * `<store>.lock/lock` with the kernel's lock on it, so that the store's own code, in this process or
 * in a CLI process, has to wait. Returns the release (idempotent).
 */
export function holdLock(store: string): () => void {
  mkdirSync(`${store}.lock`, { recursive: true, mode: 0o700 });
  const fd = openSync(join(`${store}.lock`, LOCK_FILE), 'a+', 0o600);
  if (!kernelLock().tryLock(fd)) {
    closeSync(fd);
    throw new Error(`the lock of ${store} is held already`);
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    kernelLock().unlock(fd);
    closeSync(fd);
  };
}
