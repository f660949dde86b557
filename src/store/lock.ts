import { closeSync, constants, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { errno, HouseholdError } from '../domain/errors.js';
import { kernelLock, type KernelLock } from '../io/kernel-lock.js';
import { fileError } from './io-errors.js';
import { userName } from './owners.js';
import { belongsToSomeoneElse, currentUid, isSameFile, unusable } from './safety.js';

/** The contract: wait up to 15 s for another process, then give up (75) having changed nothing. */
export const LOCK_WAIT_MS = 15_000;
/** The one file household keeps in the lock folder: the kernel's lock is taken on it. */
export const LOCK_FILE = 'lock';
export type Release = () => void;

/** The uid and gid a lock made by root for another user's store is handed to, so that user can use it. */
export interface LockOwner {
  uid: number;
  gid: number;
}

/**
 * An exclusive lock between processes: the kernel's lock on the file `<store>.lock/lock`. The kernel
 * frees it the moment its holder exits or is killed, and never while the holder lives (running, stopped
 * with SIGSTOP, swapped out or waiting for a core): nothing here goes stale by age, so nothing can
 * take over a live lock, and releasing frees only the lock this process holds. Waiters sleep in the
 * kernel's queue and are woken when the lock is freed, instead of polling and losing to newcomers.
 *
 * The folder and its file stay between commands (the file must be open for writing to be locked, and
 * a file removed while others wait on it would let two processes hold two files). Anything else at
 * that path is not ours: a plain file, a link, another user's folder or file, or a folder with other
 * files in it is refused (78), naming it.
 */
let waitsLeftBehind = 0;

/**
 * Waits given up at the 15 s mark whose kernel request is still pending in its thread: bin/household.js
 * ends the process once the command is done instead of waiting for them (the kernel drops the request).
 */
export function lockWaitsLeftBehind(): number {
  return waitsLeftBehind;
}

function refuse(store: string, lockPath: string, problem: string): HouseholdError {
  return unusable(store, `its lock ${lockPath} ${problem}`, `if no household command is running, remove it: rm -r ${lockPath}`);
}

/** The lock folder, made if missing (0700; handed to the store's owner when root makes it). */
function lockFolder(lockPath: string, store: string, owner: LockOwner | undefined): void {
  let stats: Stats;
  try {
    stats = lstatSync(lockPath);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw fileError(error, 'look at the lock', lockPath, store);
    try {
      mkdirSync(lockPath, { mode: 0o700 });
      if (owner) handOver(lockPath, owner);
    } catch (made) {
      if (errno(made) !== 'EEXIST') throw fileError(made, 'make the lock', lockPath, store);
    }
    stats = lstatSync(lockPath);
  }
  if (!stats.isDirectory()) throw refuse(store, lockPath, 'is not a folder household made (a plain file or a link is there)');
  if (belongsToSomeoneElse(stats)) throw refuse(store, lockPath, `belongs to ${userName(stats.uid)}, not to you (${userName(currentUid()!)})`);
  const strangers = readdirSync(lockPath).filter((entry) => entry !== LOCK_FILE);
  if (strangers.length > 0) throw refuse(store, lockPath, `is a folder with files in it that household never puts there (${strangers.length})`);
}

function handOver(path: string, owner: LockOwner): void {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    fchownSync(fd, owner.uid, owner.gid);
  } finally {
    closeSync(fd);
  }
}

/** The lock file, opened for writing (a kernel lock needs that), never through a link, never a FIFO's wait. */
function openLockFile(file: string, lockPath: string, store: string, owner: LockOwner | undefined): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  } catch (error) {
    if (errno(error) === 'ELOOP') throw refuse(store, lockPath, `holds a link (${LOCK_FILE}) where household keeps a plain file`);
    if (errno(error) === 'EISDIR') throw refuse(store, lockPath, `holds something other than a plain file as ${LOCK_FILE}`);
    throw fileError(error, 'open the lock', file, store);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refuse(store, lockPath, `holds something other than a plain file as ${LOCK_FILE}`);
    if (belongsToSomeoneElse(stats)) throw refuse(store, lockPath, `holds a ${LOCK_FILE} that belongs to ${userName(stats.uid)}, not to you (${userName(currentUid()!)})`);
    if (owner && stats.uid !== owner.uid) fchownSync(fd, owner.uid, owner.gid);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Resolves true once the lock is ours, false when `ms` passed first (the pending wait then cleans up after itself). */
function waitInQueue(native: KernelLock, fd: number, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let givenUp = false;
    const timer = setTimeout(() => {
      givenUp = true;
      waitsLeftBehind += 1;
      resolve(false);
    }, ms);
    native.waitForLock(fd, (error) => {
      if (givenUp) {
        // Granted (or failed) after we left: let it go at once.
        waitsLeftBehind -= 1;
        closeSync(fd);
        return;
      }
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(true);
    });
  });
}

/** Stop signals from a terminal (Ctrl+Z, a background read or write) are ignored while the lock is held. */
const STOP_SIGNALS = ['SIGTSTP', 'SIGTTIN', 'SIGTTOU'] as const;
const ignore = (): void => {};

function holding(native: KernelLock, fd: number): Release {
  if (process.platform !== 'win32') for (const signal of STOP_SIGNALS) process.on(signal, ignore);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    try {
      native.unlock(fd);
    } finally {
      closeSync(fd);
      if (process.platform !== 'win32') for (const signal of STOP_SIGNALS) process.removeListener(signal, ignore);
    }
  };
}

export async function acquireLock(target: string, options: { lockPath?: string; owner?: LockOwner; waitMs?: number } = {}): Promise<Release> {
  const lockPath = options.lockPath ?? `${target}.lock`;
  const file = join(lockPath, LOCK_FILE);
  // Root making the lock of another user's store makes it theirs, or that user would be refused it.
  const owner = currentUid() === 0 && options.owner && options.owner.uid !== 0 ? options.owner : undefined;
  const native = kernelLock();
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = process.hrtime.bigint() + BigInt(waitMs) * 1_000_000n;
  for (;;) {
    lockFolder(lockPath, target, owner);
    const fd = openLockFile(file, lockPath, target, owner);
    let leftInQueue = false;
    try {
      if (!native.tryLock(fd)) {
        const left = Math.max(0, Number((deadline - process.hrtime.bigint()) / 1_000_000n));
        leftInQueue = !(await waitInQueue(native, fd, left));
        if (leftInQueue) {
          throw new HouseholdError(
            'STORE_LOCKED',
            `the store ${target} is locked by another household command (waited ${Math.round(waitMs / 1000)} seconds)`,
            'try again; the lock is freed the moment the command holding it ends',
          );
        }
      }
      // The file locked must still be the one at the path: a lock folder removed by hand meanwhile
      // would let another process lock a new file beside ours. Then ours is let go and we start again.
      let current: Stats | undefined;
      try {
        current = lstatSync(file);
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw fileError(error, 'look at the lock', file, target);
      }
      if (current && isSameFile(current, fstatSync(fd))) return holding(native, fd);
      native.unlock(fd);
      closeSync(fd);
    } catch (error) {
      // A wait given up is still in the kernel's queue: it closes the file itself when it ends.
      if (!leftInQueue) closeSync(fd);
      throw error;
    }
  }
}
