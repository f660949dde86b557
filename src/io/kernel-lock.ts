import { join } from 'node:path';
import { errno } from '../domain/errors.js';
import { nativePackage } from './native-packages.js';

/**
 * The kernel's file lock, from fs-native-extensions' prebuilt binary (on Linux an OFD `fcntl` lock:
 * it belongs to the open file, the kernel frees it when the holder exits or is killed, and closing
 * another descriptor of the same file does not drop it). Its `.node` file is loaded directly: the
 * package's index.js goes through a module resolver that costs about 25 ms of start-up.
 */
export interface KernelLock {
  /** Takes the lock on the whole file, or returns false at once when another open file holds it. */
  tryLock(fd: number): boolean;
  /** Waits in a thread of its own, in the kernel's queue, until the lock is ours (or an error). */
  waitForLock(fd: number, done: (error: Error | null) => void): void;
  unlock(fd: number): void;
}

interface Binding {
  tryLock(fd: number, offset: number, length: number, exclusive: boolean): void;
  waitForLock(fd: number, offset: number, length: number, exclusive: boolean, request: object, done: (error: Error | null) => void): unknown;
  unlock(fd: number, offset: number, length: number): void;
}

const PACKAGE = 'fs-native-extensions';

function loadBinding(): Binding {
  const { load, folder } = nativePackage(PACKAGE);
  return load(join(folder, 'prebuilds', `${process.platform}-${process.arch}`, `${PACKAGE}.node`)) as Binding;
}

let binding: Binding | undefined;

export function kernelLock(): KernelLock {
  binding ??= loadBinding();
  const native = binding;
  return {
    tryLock(fd) {
      try {
        native.tryLock(fd, 0, 0, true);
        return true;
      } catch (error) {
        if (errno(error) === 'EAGAIN') return false;
        throw error;
      }
    },
    waitForLock(fd, done) {
      // The binding keeps `request` alive until it calls back; the handle it returns is the memory the
      // waiting thread and the event loop use, so it must live as long (left to the garbage collector,
      // it was freed under them: a segmentation fault).
      const request: { handle?: unknown } = {};
      request.handle = native.waitForLock(fd, 0, 0, true, request, (error) => done(error));
    },
    unlock(fd) {
      native.unlock(fd, 0, 0);
    },
  };
}
