import { jest } from '@jest/globals';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AuditDraft } from '../../src/domain/audit.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { serializeHousehold } from '../../src/store/schema.js';
import { clearFsHooks, fsError, fsHooks, hookedFs } from '../fakes/fs-hooks.js';
import { household } from '../fakes/households.js';
import { holdLock } from '../fakes/lock-holder.js';
import { asNobody, asRoot, failure, NEEDS_CHOWN, withoutRights } from '../fakes/refusals.js';

/**
 * FileStore.create and FileStore.update on real files in a temporary folder: what lands on disk, and
 * what a person is told when it cannot. node:fs is hooked only to play another process acting between
 * two of our calls, and disk faults (EIO, ENOSPC).
 */
jest.unstable_mockModule('node:fs', hookedFs);
const { FileStore } = await import('../../src/store/file-store.js');

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ACTOR = { user: 'tester', sudoUser: null, from: null };
const INIT: AuditDraft = { command: 'init', account: 'alice', outcome: 'ok', exit: 0, details: { plan: 'pass' } };
const CHANGE: AuditDraft = { command: 'users set', account: 'kid1', outcome: 'ok', exit: 0, details: {} };

let dir: string;
let path: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-write-'));
  path = join(dir, 'household.json');
  log = `${path}.log`;
});
afterEach(() => {
  clearFsHooks();
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function storeAt(at: string) {
  return new FileStore(async () => at, { now: () => NOW, actor: () => ACTOR });
}


const stored = (at = path) => JSON.parse(readFileSync(at, 'utf8')) as ReturnType<typeof household>;
const logLines = (at = log) => readFileSync(at, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const mode = (at: string) => statSync(at).mode & 0o7777;
const listing = (at = dir) => readdirSync(at).sort();


describe('init: create', () => {
  test('the store (0600, sequence 1) and its log (0600, the init line), and nothing else', async () => {
    expect(await storeAt(path).create(household(), INIT)).toBe(path);
    expect(stored()).toEqual({ ...household(), sequence: 1 });
    expect(logLines()).toEqual([{ time: '2026-01-01T12:00:00.000Z', seq: 1, change: true, ...INIT, actor: ACTOR }]);
    expect([mode(path), mode(log)]).toEqual([0o600, 0o600]);
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });

  test('folders it makes are 0700', async () => {
    const deep = join(dir, 'a', 'b', 'household.json');
    await storeAt(deep).create(household(), INIT);
    expect([mode(join(dir, 'a')), mode(join(dir, 'a', 'b'))]).toEqual([0o700, 0o700]);
    expect(stored(deep)).toMatchObject({ sequence: 1 });
  });

  test('an existing folder is left as it is', async () => {
    chmodSync(dir, 0o750);
    await storeAt(path).create(household(), INIT);
    expect(mode(dir)).toBe(0o750);
  });

  test('a store already there: 73, it is left alone, and no lock is made beside it', async () => {
    writeFileSync(path, 'theirs', { mode: 0o600 });
    expect(await failure(storeAt(path).create(household(), INIT))).toMatchObject({
      code: 'STORE_EXISTS',
      exitCode: 73,
      message: `something already exists at ${path}; init never replaces it`,
      hint: 'to start over, move it away first; to use another store, pass --store PATH',
    });
    expect(readFileSync(path, 'utf8')).toBe('theirs');
    expect(listing()).toEqual(['household.json']);
  });

  test('a store that appeared while init waited for the lock (another init): 73, and it is left alone', async () => {
    const release = holdLock(path);
    const pending = failure(storeAt(path).create(household(), INIT));
    await new Promise((resolve) => setTimeout(resolve, 150));
    writeFileSync(path, 'theirs', { mode: 0o600 });
    release();
    expect(await pending).toMatchObject({ code: 'STORE_EXISTS', exitCode: 73, message: `something already exists at ${path}; init never replaces it` });
    expect(readFileSync(path, 'utf8')).toBe('theirs');
  });

  test('an audit log of an earlier store: 73 naming it, and it is left alone', async () => {
    writeFileSync(log, 'history\n', { mode: 0o600 });
    expect(await failure(storeAt(path).create(household(), INIT))).toMatchObject({
      code: 'STORE_EXISTS',
      exitCode: 73,
      message: `an audit log of an earlier store is at ${log}; init never adds to it`,
      hint: "move it away (it is that store's history), then run init again",
    });
    expect(readFileSync(log, 'utf8')).toBe('history\n');
    expect(listing()).toEqual(['household.json.log']);
  });

  test('a disk fault looking for an earlier log stops init before anything is made', async () => {
    fsHooks.lstatSync = (looked: string) => {
      if (looked === log) throw fsError('EIO', 'lstat', log);
    };
    await expect(storeAt(path).create(household(), INIT)).rejects.toThrow('EIO');
    expect(listing()).toEqual([]);
  });

  const underAFile = { code: 'CANNOT_CREATE', exitCode: 73, hint: 'choose another place with --store PATH' };

  test('a store path under a plain file: 73', async () => {
    writeFileSync(join(dir, 'notes'), 'mine');
    const under = join(dir, 'notes', 'household.json');
    expect(await failure(storeAt(under).create(household(), INIT))).toMatchObject({
      ...underAFile,
      message: `cannot create the store at ${under}: a part of that path is a file, not a folder`,
    });
    expect(readFileSync(join(dir, 'notes'), 'utf8')).toBe('mine');
  });

  test('a folder on the way replaced by a file while the folders are made: 73', async () => {
    const deep = join(dir, 'a', 'b', 'household.json');
    fsHooks.mkdirSync = () => writeFileSync(join(dir, 'a'), 'planted');
    expect(await failure(storeAt(deep).create(household(), INIT))).toMatchObject({
      ...underAFile,
      message: `cannot create the store at ${deep}: a part of that path is a file, not a folder`,
    });
  });

  test('a folder the user may not make: 73', async () => {
    chmodSync(dir, 0o711);
    const deep = join(dir, 'sub', 'household.json');
    const shut = () => (chmodSync(dir, 0o500), () => chmodSync(dir, 0o700));
    expect(await withoutRights(shut, () => failure(storeAt(deep).create(household(), INIT)))).toMatchObject({
      ...underAFile,
      message: `cannot create the store at ${deep}: you may not make its folder`,
    });
    expect(listing()).toEqual([]);
  });

  test('a folder the system will not let anyone make (EPERM): 73', async () => {
    const deep = join(dir, 'sub', 'household.json');
    fsHooks.mkdirSync = () => {
      throw fsError('EPERM', 'mkdir', join(dir, 'sub'));
    };
    expect(await failure(storeAt(deep).create(household(), INIT))).toMatchObject({
      ...underAFile,
      message: `cannot create the store at ${deep}: you may not make its folder`,
    });
  });

  test('a disk fault making the folder: 74', async () => {
    const deep = join(dir, 'sub', 'household.json');
    fsHooks.mkdirSync = () => {
      throw fsError('EIO', 'mkdir', join(dir, 'sub'));
    };
    expect(await failure(storeAt(deep).create(household(), INIT))).toMatchObject({
      code: 'IO_ERROR',
      exitCode: 74,
      message: `could not make the folder of ${deep}: the device reported an input/output error (EIO); nothing was changed`,
    });
  });

  test('a full disk writing the store: 74, and no log is left behind', async () => {
    fsHooks.openSync = (opened: string, flags: unknown) => {
      if (flags === 'wx') throw fsError('ENOSPC', 'open', opened);
    };
    expect(await failure(storeAt(path).create(household(), INIT))).toMatchObject({
      code: 'IO_ERROR',
      exitCode: 74,
      message: `could not write ${path}: no space is left on the device (ENOSPC); nothing was changed`,
    });
    expect(listing()).toEqual(['household.json.lock']);
  });

  test('a disk fault putting the store in place: 74, and its log is removed again', async () => {
    fsHooks.linkSync = () => {
      throw fsError('EIO', 'link', path);
    };
    expect(await failure(storeAt(path).create(household(), INIT))).toMatchObject({
      code: 'IO_ERROR',
      exitCode: 74,
      message: `could not create ${path}: the device reported an input/output error (EIO); nothing was changed`,
    });
    expect(listing()).toEqual(['household.json.lock']);
  });

  test('a store made meanwhile by a writer that ignores the lock is not replaced, nor the log beside it removed', async () => {
    fsHooks.linkSync = () => writeFileSync(path, 'theirs', { mode: 0o600 });
    expect(await failure(storeAt(path).create(household(), INIT))).toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('theirs');
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });
});

describe('init: ensureAbsent, before anything is asked', () => {
  test('nothing there: fine', async () => {
    await expect(storeAt(path).ensureAbsent()).resolves.toBeUndefined();
  });

  test('anything there, even a file that is no store: 73', async () => {
    writeFileSync(path, 'garbage');
    expect(await failure(storeAt(path).ensureAbsent())).toMatchObject({ code: 'STORE_EXISTS', exitCode: 73, message: `something already exists at ${path}; init never replaces it` });
  });

  test('only the audit log of an earlier store there: 73 naming it, before anything is asked; the log left alone', async () => {
    writeFileSync(`${path}.log`, 'history\n');
    expect(await failure(storeAt(path).ensureAbsent())).toMatchObject({
      code: 'STORE_EXISTS',
      exitCode: 73,
      message: `an audit log of an earlier store is at ${path}.log; init never adds to it`,
    });
    expect(readFileSync(`${path}.log`, 'utf8')).toBe('history\n');
  });

  test('a path under a plain file: 73', async () => {
    writeFileSync(join(dir, 'notes'), 'mine');
    const under = join(dir, 'notes', 'household.json');
    expect(await failure(storeAt(under).ensureAbsent())).toMatchObject({
      code: 'CANNOT_CREATE',
      exitCode: 73,
      message: `cannot create the store at ${under}: a part of that path is a file, not a folder`,
      hint: 'choose another place with --store PATH',
    });
  });
});

describe('update', () => {
  beforeEach(async () => {
    await storeAt(path).create(household(), INIT);
  });

  const renameKid = (h: ReturnType<typeof household>, audit: { change(draft: AuditDraft): void }) => {
    h.accounts[2].name = 'kid3';
    audit.change(CHANGE);
  };

  test('a file that is no store is refused before anything is made beside it', async () => {
    writeFileSync(path, 'not a store', { mode: 0o600 });
    expect(await failure(storeAt(path).update(renameKid))).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });

  test('the change lands with its line, and the change\'s result is returned', async () => {
    expect(await storeAt(path).update((h, audit) => (renameKid(h, audit), 'done'))).toBe('done');
    expect(stored().accounts[2].name).toBe('kid3');
    expect(mode(path)).toBe(0o600);
    expect(logLines().map((line) => line.command)).toEqual(['init', 'users set']);
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });

  test('a change another writer made while this one waited for the lock is kept: this change goes on top of it', async () => {
    const release = holdLock(path);
    const pending = storeAt(path).update(renameKid);
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The other writer, holding the lock: a new version renamed in, as every writer does.
    const theirs = stored();
    theirs.plan = 'free';
    writeFileSync(`${path}.theirs`, serializeHousehold(theirs), { mode: 0o600 });
    renameSync(`${path}.theirs`, path);
    release();
    await pending;
    expect(stored()).toMatchObject({ plan: 'free', accounts: expect.arrayContaining([expect.objectContaining({ name: 'kid3' })]) });
  });

  test('temporary files of a killed writer are removed; files that only look like them are kept', async () => {
    const kept = [
      '.household.json.backup',
      '.household.json.12345.0a1b2c3d.tmp.keep',
      '.household.json.x12345.0a1b2c3d.tmp',
      '.household.json.12345.0A1B2C3D.tmp',
      '.household.json.12345.0a1b2c3.tmp',
      '.other.json.12345.0a1b2c3d.tmp',
      'household.json.12345.0a1b2c3d.tmp',
    ];
    for (const name of [...kept, '.household.json.12345.0a1b2c3d.tmp', '.household.json.7.ffffffff.tmp']) writeFileSync(join(dir, name), '{"half": ', { mode: 0o600 });
    await storeAt(path).update(renameKid);
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log', ...kept].sort());
  });

  test('a writer\'s own temporary file, had it been killed, is one the next writer removes', async () => {
    // A clock whose low bits are small: the name must still be one a later writer recognises.
    jest.spyOn(process.hrtime, 'bigint').mockReturnValue(0x1_0000_0001n);
    let temp = '';
    fsHooks.renameSync = (from: string) => {
      temp = basename(from);
    };
    await storeAt(path).update(renameKid);
    jest.restoreAllMocks();
    expect(temp).not.toBe('');
    writeFileSync(join(dir, temp), '{"half": ', { mode: 0o600 });
    await storeAt(path).update((h, audit) => {
      h.accounts[3].name = 'kid4';
      audit.change(CHANGE);
    });
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });

  test('a full disk while the store is written: 74; the store is as it was', async () => {
    const before = readFileSync(path, 'utf8');
    fsHooks.openSync = (opened: string, flags: unknown) => {
      if (flags === 'wx') throw fsError('ENOSPC', 'open', opened);
    };
    expect(await failure(storeAt(path).update(renameKid))).toMatchObject({
      code: 'IO_ERROR',
      exitCode: 74,
      message: `could not write ${path}: no space is left on the device (ENOSPC); nothing was changed`,
    });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  test('a log that cannot be written (a folder at its path): 78 naming it, and the store is unchanged', async () => {
    const before = readFileSync(path, 'utf8');
    rmSync(log);
    mkdirSync(log, { mode: 0o700 });
    expect(await failure(storeAt(path).update(renameKid))).toMatchObject({
      code: 'STORE_UNUSABLE',
      exitCode: 78,
      message: `the audit log ${log} is unusable: it is not a regular file`,
    });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  test('a log others may read: 78 with the chmod, and the store is unchanged', async () => {
    const before = readFileSync(path, 'utf8');
    chmodSync(log, 0o644);
    expect(await failure(storeAt(path).update(renameKid))).toMatchObject({
      code: 'STORE_UNUSABLE',
      exitCode: 78,
      message: `the audit log ${log} is unusable: its permissions 0644 let other users read or change it`,
      hint: `make it private to you: chmod 600 ${log}`,
    });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  test('a change without a line (bookkeeping) is written without touching the log', async () => {
    rmSync(log);
    await storeAt(path).update((h) => {
      h.accounts[2].failures.pin.count = 1;
    });
    expect(stored()).toMatchObject({ sequence: 1 });
    expect(stored().accounts[2].failures.pin.count).toBe(1);
    expect(existsSync(log)).toBe(false);
  });

  test('a symlinked store: the new version and the log go beside its target, the link stays', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    await storeAt(real).create(household(), INIT);
    symlinkSync(real, link);
    await storeAt(link).update(renameKid);
    expect(stored(real).accounts[2].name).toBe('kid3');
    expect(logLines(`${real}.log`).map((line) => line.command)).toEqual(['init', 'users set']);
    expect(listing()).toEqual(['household.json', 'household.json.lock', 'household.json.log', 'link.json', 'real.json', 'real.json.lock', 'real.json.log']);
  });

  asRoot(`root changing another user's store leaves it theirs ${NEEDS_CHOWN}`, async () => {
    chownSync(path, 4321, 4321);
    chownSync(log, 4321, 4321);
    await storeAt(path).update(renameKid);
    expect(stored().accounts[2].name).toBe('kid3');
    expect([statSync(path).uid, statSync(path).gid]).toEqual([4321, 4321]);
  });

  test('another writer renamed a store in while the lock was held: 75, and its store is kept', async () => {
    const intruder = serializeHousehold({ ...household(), plan: 'free' });
    const error = await failure(
      storeAt(path).update((h, audit) => {
        renameKid(h, audit);
        writeFileSync(join(dir, 'other.json'), intruder, { mode: 0o600 });
        renameSync(join(dir, 'other.json'), path);
      }),
    );
    expect(error).toMatchObject({
      code: 'STORE_LOCKED',
      exitCode: 75,
      message: `another process changed ${path} while this command held the lock; nothing was changed`,
      hint: 'try again',
    });
    expect(readFileSync(path, 'utf8')).toBe(intruder);
  });

  test('a symlinked store pointed elsewhere while this command waited for the lock: the change goes to the file whose lock it held', async () => {
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    const link = join(dir, 'link.json');
    await storeAt(first).create(household(), INIT);
    await storeAt(second).create(household(), INIT);
    symlinkSync(first, link);
    const secondBefore = readFileSync(second, 'utf8');
    // Another command holds the lock of the first file, and points the link at the second before it lets go.
    // The folders of the first file were checked, and its lock is the one held: the change lands there, whole,
    // and the second file (never checked, never locked) is not touched.
    const release = holdLock(first);
    const pending = storeAt(link).update(renameKid);
    await new Promise((resolve) => setTimeout(resolve, 150));
    unlinkSync(link);
    symlinkSync(second, link);
    release();
    await pending;
    expect((JSON.parse(readFileSync(first, 'utf8')) as ReturnType<typeof household>).accounts[2].name).toBe('kid3');
    expect(readFileSync(second, 'utf8')).toBe(secondBefore);
    expect(readdirSync(dir).filter((name) => name.endsWith('.lock'))).toEqual(['first.json.lock', 'household.json.lock', 'second.json.lock']);
  });
});

describe('update, on a store init just made', () => {
  let store: InstanceType<typeof FileStore>;
  beforeEach(async () => {
    store = new FileStore(async () => path, { now: () => Date.now(), actor: () => ({ user: 'tester', sudoUser: null, from: null }) });
    await store.create(household(), { command: 'init', account: 'alice', outcome: 'ok', exit: 0, details: {} });
  });

  test('a write is skipped when the change changes nothing', async () => {
    const before = statSync(path);
    await store.update(() => undefined);
    // A write would rename a new file in: same inode and mtime means the file was left alone.
    expect([statSync(path).ino, statSync(path).mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  test('a change that throws writes nothing', async () => {
    const before = readFileSync(path, 'utf8');
    await expect(
      store.update((h) => {
        h.plan = 'free';
        throw new HouseholdError('REFUSED', 'no');
      }),
    ).rejects.toThrow('no');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  test('temporary files left by a killed writer are removed by the next change', async () => {
    writeFileSync(join(dir, '.household.json.12345.0a1b2c3d.tmp'), '{"half": ', { mode: 0o600 });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await store.update((h) => {
      h.plan = 'free';
    });
    expect(readdirSync(dir).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log', 'notes.txt']);
  });

  test('a store rewritten in place while the lock was held (the same inode, as a reused inode number would look) is caught too: 75, nothing overwritten', async () => {
    const intruder = serializeHousehold({ ...household(), plan: 'free' });
    const error = await store
      .update((h) => {
        h.accounts.pop();
        // Same file, other bytes: no inode number tells this apart; the bytes do.
        writeFileSync(path, intruder);
      })
      .catch((e: unknown) => e);
    expect((error as HouseholdError).exitCode).toBe(75);
    expect((error as HouseholdError).message).toBe(`another process changed ${path} while this command held the lock; nothing was changed`);
    expect(readFileSync(path, 'utf8')).toBe(intruder);
  });

  test('if another writer got in while the lock was held, nothing is overwritten (75)', async () => {
    const intruder = serializeHousehold({ ...household(), plan: 'free' });
    const error = await store
      .update((h) => {
        h.accounts.pop();
        // Another process renames its own complete store in, as a writer that wrongly took the lock would.
        writeFileSync(join(dir, 'other.json'), intruder, { mode: 0o600 });
        renameSync(join(dir, 'other.json'), path);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HouseholdError);
    expect((error as HouseholdError).exitCode).toBe(75);
    expect(readFileSync(path, 'utf8')).toBe(intruder);
    expect(readdirSync(dir).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
  });
});

describe('a system without user ids (as Windows has none)', () => {
  test('init and a change work; nothing is handed over to anyone', async () => {
    const saved = (['getuid', 'getgid'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(process, name)!] as const);
    for (const [name] of saved) Object.defineProperty(process, name, { value: undefined, configurable: true, writable: true });
    try {
      await storeAt(path).create(household(), INIT);
      await storeAt(path).update((h, audit) => {
        h.accounts[2].name = 'kid3';
        audit.change(CHANGE);
      });
    } finally {
      for (const [name, descriptor] of saved) Object.defineProperty(process, name, descriptor);
    }
    expect(stored().accounts[2].name).toBe('kid3');
    expect(logLines().map((line) => line.command)).toEqual([INIT.command, CHANGE.command]);
  });
});

asRoot(`a user other than root changing their store whose group is not theirs: the change lands, nothing handed over ${NEEDS_CHOWN}`, async () => {
  const NOBODY = 65534;
  await storeAt(path).create(household(), INIT);
  const lock = `${path}.lock`;
  for (const at of [dir, path, log, lock, ...readdirSync(lock).map((name) => join(lock, name))]) chownSync(at, NOBODY, 12345);
  jest.spyOn(process, 'getuid').mockReturnValue(NOBODY);
  await asNobody(() => storeAt(path).update((h, audit) => {
    h.accounts[2].name = 'kid3';
    audit.change(CHANGE);
  }));
  expect(stored().accounts[2].name).toBe('kid3');
  expect(statSync(path).uid).toBe(NOBODY);
});
