import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HouseholdError } from '../../src/domain/errors.js';
import { serializeHousehold } from '../../src/store/schema.js';
import { clearFsHooks, fsError, fsHooks, hookedFs } from '../fakes/fs-hooks.js';
import { household } from '../fakes/households.js';
import { failure, withoutRights } from '../fakes/refusals.js';

/**
 * FileStore.read on real files in a temporary folder: what a person sees for each kind of file that
 * is not a usable store. node:fs is hooked only to play another process that replaces the store
 * between two of our calls, and a disk fault.
 */
/** Reads are counted, and `beforeRead` runs before the next one: another program acting between the fstat and the read. */
const reads: { count: number; beforeRead?: () => void } = { count: 0 };
jest.unstable_mockModule('node:fs', () => ({
  ...hookedFs(),
  readSync: (...args: Parameters<typeof fs.readSync>) => {
    reads.count += 1;
    const before = reads.beforeRead;
    delete reads.beforeRead;
    before?.();
    return fs.readSync(...args);
  },
}));
const { FileStore, MAX_STORE_BYTES } = await import('../../src/store/file-store.js');

const actor = () => ({ user: 'tester', sudoUser: null, from: null });
const RECOVER = 'nothing was changed; fix the file or restore it from a backup';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-read-'));
  path = join(dir, 'household.json');
});
afterEach(() => {
  clearFsHooks();
  reads.count = 0;
  delete reads.beforeRead;
  rmSync(dir, { recursive: true, force: true });
});

function storeAt(at: string) {
  return new FileStore(async () => at, { now: () => Date.parse('2026-01-01T12:00:00Z'), actor });
}

function writeStore(at: string, text: string | Buffer = serializeHousehold(household()), mode = 0o600): void {
  writeFileSync(at, text, { mode });
  chmodSync(at, mode);
}


/** The store refused as unusable (78), for `problem`, with the hint to restore it. */
function unusable(problem: string, hint = RECOVER) {
  return { code: 'STORE_UNUSABLE', exitCode: 78, message: `the store ${path} is unusable: ${problem}`, hint };
}


describe('no store there', () => {
  test('no file at the path: 66, with the command that creates one', async () => {
    expect(await failure(storeAt(path).read())).toMatchObject({
      code: 'NO_STORE',
      exitCode: 66,
      message: `no household store at ${path}`,
      hint: 'create one with: household init --admin NAME (or name another store with --store PATH)',
    });
  });

  test('the hint names the store the way the command line named it: household --store PATH', async () => {
    const error = (await failure(storeAt(path).read())) as HouseholdError;
    expect(error.hintFor(`household --store ${path}`)).toBe(`create one with: household --store ${path} init --admin NAME (or name another store with --store PATH)`);
  });

  test('a path under a plain file is no store either (66)', async () => {
    writeFileSync(join(dir, 'notes'), 'mine');
    const under = join(dir, 'notes', 'household.json');
    expect(await failure(storeAt(under).read())).toMatchObject({ code: 'NO_STORE', exitCode: 66, message: `no household store at ${under}` });
  });

  test('a store in a folder the user may not look into: 78, not "no store"', async () => {
    writeStore(path);
    const shut = () => (chmodSync(dir, 0o000), () => chmodSync(dir, 0o700));
    expect(await withoutRights(shut, () => failure(storeAt(path).read()))).toMatchObject(
      unusable('you are not allowed to look at it or its folder', 'run household as the user the store belongs to'),
    );
  });

  test('a store the user may see but not read: 78', async () => {
    chmodSync(dir, 0o711);
    writeStore(path);
    const shut = () => (chmodSync(path, 0o000), () => chmodSync(path, 0o600));
    expect(await withoutRights(shut, () => failure(storeAt(path).read()))).toMatchObject(
      unusable('you are not allowed to read it', 'run household as the user the store belongs to'),
    );
  });
});

describe('a file that is no store', () => {
  test('a folder', async () => {
    mkdirSync(path, { mode: 0o700 });
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is not a regular file'));
  });

  test('a FIFO is refused at once, not waited on', async () => {
    execFileSync('mkfifo', ['-m', '600', path]);
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is not a regular file'));
  });

  test('an empty file, and one of white space only', async () => {
    writeStore(path, '');
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is empty'));
    writeStore(path, ' \n\t\n');
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is empty'));
  });

  test('a file that is not UTF-8', async () => {
    writeStore(path, Buffer.concat([Buffer.from('{"version": 2, "plan": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]));
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is not UTF-8 text'));
  });

  test('a file that is not JSON: where and what, never its text', async () => {
    writeStore(path, '{\n  "version": 2,\n  "plan": secret\n}\n');
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is not valid JSON: unexpected character where a value should start at line 3, column 11'));
  });

  test('a field of the wrong kind is named', async () => {
    writeStore(path, serializeHousehold({ ...household(), plan: 'gold' as never }));
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('plan: expected one of free, pass (found another string)'));
  });

  test('an unknown field is named by where it is, not by its name', async () => {
    const text = serializeHousehold(household()).replace('"plan": "pass",', '"plan": "pass",\n  "secretNote": 1,');
    writeStore(path, text);
    const line = text.split('\n').findIndex((row) => row.includes('secretNote')) + 1;
    expect(await failure(storeAt(path).read())).toMatchObject(unusable(`(top level): an unknown field at line ${line}, column 3`));
  });

  test('a file over 1 MiB is refused from its size, before it is read', async () => {
    writeStore(path, '');
    truncateSync(path, MAX_STORE_BYTES + 1);
    expect(await failure(storeAt(path).read())).toMatchObject(
      unusable(`it is ${MAX_STORE_BYTES + 1} bytes, over the ${MAX_STORE_BYTES}-byte limit; no household store is that large`),
    );
  });

  test('a store of exactly 1 MiB is still read', async () => {
    const text = serializeHousehold(household());
    writeStore(path, text + ' '.repeat(MAX_STORE_BYTES - Buffer.byteLength(text)));
    expect(await storeAt(path).read()).toEqual(household());
  });

  test('a file that holds more than its size says (as /proc files do) is refused, not read in part', async () => {
    symlinkSync('/proc/self/status', path);
    // Not "no household store is that large": the file is small, it only holds more than its size says.
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it changed while it was read (was it edited by hand?)'));
  });
});

describe('modes: checked after the content', () => {
  test('a store others may read: 78 with the chmod that fixes it', async () => {
    writeStore(path, serializeHousehold(household()), 0o640);
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('its permissions 0640 let other users read or change it', `make it private to you: chmod 600 ${path}`));
  });

  test('a file that is no store gets no chmod advice, whatever its mode', async () => {
    writeStore(path, 'not a store', 0o644);
    expect(await failure(storeAt(path).read())).toMatchObject(unusable('it is not valid JSON: unexpected character where a value should start at line 1, column 1'));
  });
});

describe('a store replaced while it is read', () => {
  const replacement = serializeHousehold({ ...household(), plan: 'free' });
  /** Another process renames a new store in just before our open, `times` times. */
  function replacedBeforeOpen(times: number, move: () => void): void {
    let left = times;
    fsHooks.openSync = (opened: string) => {
      if (opened !== path || left === 0) return;
      left -= 1;
      move();
    };
  }
  const renameIn = () => {
    writeStore(join(dir, 'new.json'), replacement);
    renameSync(join(dir, 'new.json'), path);
  };

  test('a store renamed in between the check and the open is read again: the new one', async () => {
    writeStore(path);
    replacedBeforeOpen(2, renameIn);
    expect(await storeAt(path).read()).toMatchObject({ plan: 'free' });
  });

  test('a store that keeps changing: 75, try again', async () => {
    writeStore(path);
    replacedBeforeOpen(3, renameIn);
    expect(await failure(storeAt(path).read())).toMatchObject({
      code: 'STORE_LOCKED',
      exitCode: 75,
      message: `the store ${path} kept changing while it was read`,
      hint: 'try again',
    });
  });

  test('a symlink put in its place is followed on the next look', async () => {
    writeStore(path);
    const real = join(dir, 'real.json');
    replacedBeforeOpen(2, () => {
      writeStore(real, replacement);
      unlinkSync(path);
      symlinkSync(real, path);
    });
    expect(await storeAt(path).read()).toMatchObject({ plan: 'free' });
  });

  test('a symlink whose target went away is looked at again', async () => {
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    writeStore(first);
    writeStore(second, replacement);
    symlinkSync(first, path);
    let moved = false;
    fsHooks.openSync = (opened: string) => {
      if (opened !== first || moved) return;
      moved = true;
      unlinkSync(path);
      symlinkSync(second, path);
      unlinkSync(first);
    };
    expect(await storeAt(path).read()).toMatchObject({ plan: 'free' });
  });

  test('a symlink put in its place at each of three looks is not followed for ever', async () => {
    writeStore(path);
    const real = join(dir, 'real.json');
    writeStore(real, replacement);
    // A plain file when it is checked, a symlink when it is opened: three times, then it stays put.
    let swaps = 3;
    fsHooks.lstatSync = (looked: string) => {
      if (looked !== path || swaps === 0) return;
      rmSync(path);
      writeStore(path);
    };
    fsHooks.openSync = (opened: string) => {
      if (opened !== path || swaps === 0) return;
      swaps -= 1;
      rmSync(path);
      symlinkSync(real, path);
    };
    expect(await failure(storeAt(path).read())).toMatchObject({ code: 'ELOOP' });
  });
});

test('a disk fault while opening the store: 74, nothing changed', async () => {
  writeStore(path);
  fsHooks.openSync = (opened: string) => {
    if (opened === path) throw fsError('EIO', 'open', path);
  };
  expect(await failure(storeAt(path).read())).toMatchObject({
    code: 'IO_ERROR',
    exitCode: 74,
    message: `could not read ${path}: the device reported an input/output error (EIO); nothing was changed`,
  });
});

test('a good store is read as it is', async () => {
  writeStore(path, serializeHousehold({ ...household({ kid1: '4829' }), sequence: 7 }));
  expect(await storeAt(path).read()).toEqual({ ...household({ kid1: '4829' }), sequence: 7 });
});

test("ownerOf: nobody before a read; after it, the owner of the file read", async () => {
  writeStore(path);
  const store = storeAt(path);
  expect(store.ownerOf()).toBeUndefined();
  await store.read();
  const stats = statSync(path);
  expect(store.ownerOf()).toEqual({ uid: stats.uid, gid: stats.gid });
});

test('a store that grows between its size and its read: refused once one byte more than its size is in, without reading on', async () => {
  writeStore(path);
  reads.beforeRead = () => fs.appendFileSync(path, ' '.repeat(100));
  expect(await failure(storeAt(path).read())).toMatchObject(unusable('it changed while it was read (was it edited by hand?)'));
  expect(reads.count).toBe(1);
});
