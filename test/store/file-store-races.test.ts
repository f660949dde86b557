import { jest } from '@jest/globals';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditDraft } from '../../src/domain/audit.js';
import type { Household } from '../../src/domain/accounts.js';
import type { HouseholdError } from '../../src/domain/errors.js';
import { clearFsHooks, fsError, fsHooks, hookedFs } from '../fakes/fs-hooks.js';
import { household } from '../fakes/households.js';
import { asRoot, failure, NEEDS_CHOWN } from '../fakes/refusals.js';

/**
 * FileStore against what another process (or the disk) does between two of its calls: the store
 * removed, swapped or grown while this one holds the lock, a fault on a look that is not "no store",
 * and which writes flush their folder (a change) and which do not (bookkeeping). node:fs is hooked to
 * act at the exact call; the files are real.
 */
jest.unstable_mockModule('node:fs', hookedFs);
const { FileStore } = await import('../../src/store/file-store.js');

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ACTOR = { user: 'tester', sudoUser: null, from: null };
const INIT: AuditDraft = { command: 'init', account: 'alice', outcome: 'ok', exit: 0, details: {} };
const CHANGE: AuditDraft = { command: 'plan set', account: null, outcome: 'ok', exit: 0, details: { plan: 'free' } };

let dir: string;
let path: string;
let store: InstanceType<typeof FileStore>;
beforeEach(async () => {
  dir = fs.mkdtempSync(join(tmpdir(), 'household-races-'));
  path = join(dir, 'household.json');
  store = new FileStore(async () => path, { now: () => NOW, actor: () => ACTOR });
  await store.create(household(), INIT);
});
afterEach(() => {
  clearFsHooks();
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const toFree = (h: Household, audit: { change(line: AuditDraft): void }) => {
  h.plan = 'free';
  audit.change(CHANGE);
};
const listing = () => fs.readdirSync(dir).sort();
const storeText = () => fs.readFileSync(path, 'utf8');

/** Runs `act` at the `nth` open of the store file (1: the read before the lock, 2: the read under it, 3: the check before the rename). */
function atOpen(nth: number, act: () => void): void {
  let opens = 0;
  fsHooks.openSync = (at: string) => {
    if (at !== path) return;
    opens += 1;
    if (opens === nth) act();
  };
}

describe('the store changes while this command holds the lock (a writer that ignores it)', () => {
  test('removed just before the check before the rename: 75, nothing written, no temporary file left', async () => {
    atOpen(3, () => fs.unlinkSync(path));
    const error = await failure(store.update(toFree));
    expect(error).toMatchObject({ code: 'STORE_LOCKED', exitCode: 75, message: `another process changed ${path} while this command held the lock; nothing was changed`, hint: 'try again' });
    expect(listing()).toEqual(['household.json.lock', 'household.json.log']);
  });

  test('swapped for a symlink just before the check: 75, and the link is not followed', async () => {
    const copy = join(dir, 'copy.json');
    atOpen(3, () => {
      fs.copyFileSync(path, copy);
      fs.unlinkSync(path);
      fs.symlinkSync(copy, path);
    });
    expect(await failure(store.update(toFree))).toMatchObject({ code: 'STORE_LOCKED' });
    expect(fs.lstatSync(path).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(copy, 'utf8')).plan).toBe('pass');
  });

  test('grown by a byte at its end (the same bytes first): 75, the other writer\'s bytes kept', async () => {
    const before = storeText();
    atOpen(3, () => fs.appendFileSync(path, ' '));
    expect(await failure(store.update(toFree))).toMatchObject({ code: 'STORE_LOCKED' });
    expect(storeText()).toBe(`${before} `);
  });

  test('a fault of the disk at that check is said as one (74), not as another writer', async () => {
    atOpen(3, () => {
      throw fsError('EIO', 'open', path);
    });
    expect(await failure(store.update(toFree))).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(JSON.parse(storeText()).plan).toBe('pass');
  });

  test('removed while this command waited for the lock: 66, no store, nothing made', async () => {
    fsHooks.mkdirSync = (at: string) => {
      if (at === `${path}.lock` && fs.existsSync(path)) fs.unlinkSync(path);
    };
    fs.rmSync(`${path}.lock`, { recursive: true });
    const error = await failure(store.update(toFree));
    expect(error).toMatchObject({ code: 'NO_STORE', exitCode: 66, message: `no household store at ${path}` });
    expect(listing()).toEqual(['household.json.lock', 'household.json.log']);
  });
});

describe('a fault where no store is not the answer', () => {
  test('the store cannot be looked at (EIO): that error, not "no household store"', async () => {
    fsHooks.lstatSync = (at: string) => {
      if (at === path) throw fsError('EIO', 'lstat', path);
    };
    expect(await failure(store.read())).toMatchObject({ code: 'EIO' });
  });

  test('the store may not be opened (EACCES): 78 at once, not tried again', async () => {
    let opens = 0;
    fsHooks.openSync = (at: string) => {
      if (at !== path) return;
      opens += 1;
      throw fsError('EACCES', 'open', path);
    };
    expect(await failure(store.read())).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78, message: `the store ${path} is unusable: you are not allowed to read it` });
    expect(opens).toBe(1);
  });

  test('init: what is at the path cannot be looked at (EIO): that error, not "a part of the path is a file"', async () => {
    const other = new FileStore(async () => join(dir, 'other.json'), { now: () => NOW, actor: () => ACTOR });
    fsHooks.lstatSync = (at: string) => {
      if (at === join(dir, 'other.json')) throw fsError('EIO', 'lstat', at);
    };
    expect(await failure(other.ensureAbsent())).toMatchObject({ code: 'EIO' });
  });
});

describe('what is flushed to disk', () => {
  /** The kinds of what was fsynced during `run`: 'folder' or 'file'. */
  async function flushed(run: () => Promise<unknown>): Promise<string[]> {
    const kinds: string[] = [];
    fsHooks.fsyncSync = (fd: number) => {
      kinds.push(fs.fstatSync(fd).isDirectory() ? 'folder' : 'file');
    };
    await run();
    clearFsHooks();
    return kinds;
  }

  test('a change: the new file, then its folder (so that the rename survives a power cut)', async () => {
    expect(await flushed(() => store.update(toFree))).toEqual(['file', 'folder']);
  });

  test('bookkeeping alone (a change of the store with no line): the new file only', async () => {
    expect(await flushed(() => store.update((h) => {
      h.accounts[0].failures.pin.count += 1;
    }))).toEqual(['file']);
  });

  test('an event line with a change of bookkeeping: the file only, the event is no change', async () => {
    const kinds = await flushed(() => store.update((h, audit) => {
      h.accounts[0].failures.pin.count += 1;
      audit.event({ command: 'pin verify', account: 'alice', outcome: 'WRONG_PIN', exit: 77, details: {} });
    }));
    expect(kinds).toEqual(['file']);
  });

  test('init: the new store\'s folder too', async () => {
    const other = new FileStore(async () => join(dir, 'new', 'h.json'), { now: () => NOW, actor: () => ACTOR });
    expect((await flushed(() => other.create(household(), INIT))).at(-1)).toBe('folder');
  });
});

describe('whose lock it is', () => {
  asRoot(`root changing another user's store makes the lock that user's ${NEEDS_CHOWN}`, async () => {
    fs.chownSync(path, 12345, 12345);
    fs.rmSync(`${path}.lock`, { recursive: true, force: true });
    await store.update(toFree);
    expect(fs.statSync(`${path}.lock`).uid).toBe(12345);
    expect(fs.statSync(path).uid).toBe(12345);
  });
});

describe('the second look under the lock', () => {
  /** Runs `act` as the lock folder is made (so after the read before the lock, before the read under it). */
  function atLock(at: string, act: () => void): void {
    fs.rmSync(`${at}.lock`, { recursive: true, force: true });
    fsHooks.mkdirSync = (where: string) => {
      if (where === `${at}.lock`) act();
    };
  }

  test('a fault of the disk looking at the store again (EIO): that error, not "no household store"; nothing written', async () => {
    const before = storeText();
    const fault = fsError('EIO', 'lstat', path);
    atLock(path, () => {
      fsHooks.lstatSync = (at: string) => {
        if (at === path) throw fault;
      };
    });
    expect(await failure(store.update(toFree))).toBe(fault);
    expect(storeText()).toBe(before);
  });

  test('a symlinked store pointed at another store meanwhile: the file whose lock is held is read again and changed', async () => {
    const other = join(dir, 'other.json');
    const link = join(dir, 'link.json');
    await new FileStore(async () => other, { now: () => NOW, actor: () => ACTOR }).create(household({}, 'free'), INIT);
    const otherBefore = fs.readFileSync(other, 'utf8');
    fs.symlinkSync(path, link);
    atLock(path, () => {
      fs.unlinkSync(link);
      fs.symlinkSync(other, link);
    });
    await new FileStore(async () => link, { now: () => NOW, actor: () => ACTOR }).update((h, audit) => {
      h.accounts[0].name = 'renamed';
      audit.change(CHANGE);
    });
    const changed = JSON.parse(storeText()) as Household;
    expect([changed.accounts[0].name, changed.plan]).toEqual(['renamed', household().plan]);
    expect(fs.readFileSync(other, 'utf8')).toBe(otherBefore);
  });
});

describe('a fault flushing the folder once the new file is in place: 74 saying what was done', () => {
  test('init: the store is made (and its log), only a power cut could still undo it', async () => {
    const other = join(dir, 'new', 'h.json');
    fsHooks.openSync = (at: string) => {
      if (at === join(dir, 'new')) throw fsError('EIO', 'open', at);
    };
    const error = (await failure(new FileStore(async () => other, { now: () => NOW, actor: () => ACTOR }).create(household(), INIT))) as HouseholdError;
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['IO_ERROR', 74, `made the store at ${other}, but its folder could not be flushed to disk (EIO): a power cut could still undo it`]);
    expect(JSON.parse(fs.readFileSync(other, 'utf8'))).toMatchObject({ plan: household().plan });
    expect(fs.existsSync(`${other}.log`)).toBe(true);
  });

  test('a change: it is in the store, not "nothing was changed"', async () => {
    fsHooks.fsyncSync = (fd: number) => {
      if (fs.fstatSync(fd).isDirectory()) throw fsError('ENOSPC', 'fsync', dir);
    };
    const error = (await failure(store.update(toFree))) as HouseholdError;
    clearFsHooks();
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['IO_ERROR', 74, `changed ${path}, but its folder could not be flushed to disk (ENOSPC): a power cut could still undo it`]);
    expect(error.hintFor('household')).toBe('make room or fix the file system');
    expect((JSON.parse(storeText()) as Household).plan).toBe('free');
  });

  test('a fault with no error code is named as unknown, not "undefined"', async () => {
    fsHooks.fsyncSync = (fd: number) => {
      if (fs.fstatSync(fd).isDirectory()) throw new Error('the file system gave up');
    };
    const error = (await failure(store.update(toFree))) as HouseholdError;
    clearFsHooks();
    expect(error.message).toBe(`changed ${path}, but its folder could not be flushed to disk (unknown error): a power cut could still undo it`);
  });
});
