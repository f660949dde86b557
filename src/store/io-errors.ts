import { HouseholdError } from '../domain/errors.js';
import { unusable } from './safety.js';

/** Ordinary faults of a disk: exit 74 with what happened, never "this is a bug". */
const IO_FAULTS: Record<string, string> = {
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EFBIG: 'the file size limit does not allow it (ulimit -f)',
  EIO: 'the device reported an input/output error',
};

export function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * The typed error for a failed file operation on `path` (`doing`: "write", "lock"...), or the error
 * itself when it is not an ordinary fault. `store` names the store for permission problems.
 */
export function fileError(error: unknown, doing: string, path: string, store: string): unknown {
  if (error instanceof HouseholdError) return error;
  const code = errno(error);
  if (code && code in IO_FAULTS) {
    return new HouseholdError('IO_ERROR', `could not ${doing} ${path}: ${IO_FAULTS[code]} (${code}); nothing was changed`, 'make room or fix the file system, then try again');
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return unusable(store, `you are not allowed to ${doing} ${path}`, 'run household as the user the store belongs to');
  }
  return error;
}

/** Runs `operation`, turning its file errors into typed ones. */
export function guarded<T>(doing: string, path: string, store: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw fileError(error, doing, path, store);
  }
}
