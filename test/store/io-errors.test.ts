import { HouseholdError } from '../../src/domain/errors.js';
import { fileError, guarded } from '../../src/store/io-errors.js';
import { thrownBy } from '../fakes/refusals.js';

/** A failed file operation as the user reads it: a full disk is 74 saying what happened, a permission problem 78. */

const STORE = '/home/alice/.local/share/household/household.json';
const LOG = `${STORE}.log`;

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: the kernel said no, write '${STORE}'`), { code });
}

describe('ordinary faults of a disk: 74, what happened, nothing changed', () => {
  test.each([
    ['ENOSPC', 'no space is left on the device'],
    ['EDQUOT', 'the disk quota is used up'],
    ['EROFS', 'the file system is read-only'],
    ['EFBIG', 'the file size limit does not allow it (ulimit -f)'],
    ['EIO', 'the device reported an input/output error'],
    ['ENXIO', 'the device or terminal is not there (any more)'],
  ])('%s', (code, what) => {
    const error = thrownBy(() =>
      guarded('write', STORE, STORE, () => {
        throw systemError(code);
      }),
    );
    expect(error).toBeInstanceOf(HouseholdError);
    expect(error).toMatchObject({
      code: 'IO_ERROR',
      exitCode: 74,
      message: `could not write ${STORE}: ${what} (${code}); nothing was changed`,
      hint: 'make room or fix the file system, then try again',
    });
  });

  test('the message names the file and what was being done to it', () => {
    expect(fileError(systemError('ENOSPC'), 'write the audit log', LOG, STORE)).toMatchObject({
      message: `could not write the audit log ${LOG}: no space is left on the device (ENOSPC); nothing was changed`,
    });
  });
});

describe('permission problems: 78, naming the store, with who should run it', () => {
  test.each(['EACCES', 'EPERM'])('%s', (code) => {
    const error = fileError(systemError(code), 'open the audit log', LOG, STORE);
    expect(error).toBeInstanceOf(HouseholdError);
    expect(error).toMatchObject({
      code: 'STORE_UNUSABLE',
      exitCode: 78,
      message: `the store ${STORE} is unusable: you are not allowed to open the audit log ${LOG}`,
      hint: 'run household as the user the store belongs to',
    });
  });
});

describe('anything else is left as it is', () => {
  test.each(['ENOENT', 'EEXIST', 'EISDIR', 'ENOTDIR'])('%s is not a disk fault: the caller (or the bug report) decides', (code) => {
    const original = systemError(code);
    expect(fileError(original, 'write', STORE, STORE)).toBe(original);
    expect(thrownBy(() => guarded('write', STORE, STORE, () => { throw original; }))).toBe(original);
  });

  test('an error without a code', () => {
    const original = new TypeError('a bug');
    expect(thrownBy(() => guarded('write', STORE, STORE, () => { throw original; }))).toBe(original);
  });

  test('a typed error passes through unchanged', () => {
    const original = new HouseholdError('STORE_LOCKED', `the store ${STORE} is locked`, 'try again');
    expect(thrownBy(() => guarded('lock', STORE, STORE, () => { throw original; }))).toBe(original);
  });
});

test('guarded returns what the operation returns', () => {
  expect(guarded('read', STORE, STORE, () => 42)).toBe(42);
});
