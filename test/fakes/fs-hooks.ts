import * as fs from 'node:fs';

/**
 * node:fs with a hook before some of its calls, for what a real file system does only now and then:
 * another process moving a file between two of our calls, or a fault the kernel reports (EIO, ENOSPC).
 * A test file installs it before importing the store:
 *
 *   jest.unstable_mockModule('node:fs', hookedFs);
 *   const { FileStore } = await import('../../src/store/file-store.js');
 *
 * and sets `fsHooks.openSync = (path, flags) => ...` for one test (clearFsHooks() in afterEach). A hook
 * runs before the real call; it may change the file system (with the real node:fs it imports) or throw.
 */

const HOOKED = ['openSync', 'mkdirSync', 'linkSync', 'renameSync', 'unlinkSync', 'fsyncSync', 'lstatSync'] as const;
type Hooked = (typeof HOOKED)[number];

export const fsHooks: Partial<Record<Hooked, (...args: any[]) => void>> = {};

export function clearFsHooks(): void {
  for (const name of HOOKED) delete fsHooks[name];
}

export function hookedFs(): typeof fs {
  const wrapped: Record<string, unknown> = { ...fs };
  for (const name of HOOKED) {
    const real = fs[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      fsHooks[name]?.(...args);
      return real(...args);
    };
  }
  return wrapped as unknown as typeof fs;
}

/** The error node:fs throws for `code` (what fileError and the store's own checks look at). */
export function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: (simulated) ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}
