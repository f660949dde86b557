import { errno, fileFault, HouseholdError } from '../domain/errors.js';
import { unusable } from './safety.js';

/**
 * The typed error for a failed file operation on `path` (`doing`: "write", "lock"...), or the error
 * itself when it is not an ordinary fault: a fault of the disk is 74 naming the file (the faults are
 * listed in src/domain/errors.ts), a permission problem 78 naming `store`.
 */
export function fileError(error: unknown, doing: string, path: string, store: string): unknown {
  if (error instanceof HouseholdError) return error;
  const fault = fileFault(error, doing, path);
  if (fault) return fault;
  const code = errno(error);
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
