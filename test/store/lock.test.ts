import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { clearFsHooks, fsError, fsHooks, hookedFs } from '../fakes/fs-hooks.js';
import { asRoot, NEEDS_CHOWN, refusal } from '../fakes/refusals.js';

jest.unstable_mockModule('node:fs', hookedFs);
const { acquireLock, LOCK_FILE, LOCK_WAIT_MS, lockWaitsLeftBehind } = await import('../../src/store/lock.js');
const { kernelLock } = await import('../../src/io/kernel-lock.js');

/**
 * The lock is the kernel's, on `<store>.lock/lock`. These tests hold it from another process (a small
 * node script), so that what a second process sees is what the kernel says, not what this one assumes.
 */
let dir: string;
let target: string;
let lockPath: string;
let lockFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'household-lock-'));
  target = join(dir, 'household.json');
  lockPath = `${target}.lock`;
  lockFile = join(lockPath, LOCK_FILE);
});
afterEach(() => {
  clearFsHooks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Another process that takes the lock through our own adapter and holds it until it is told to go (stdin closed) or killed. */
function holderProcess(): Promise<{ release: () => Promise<void>; kill: () => Promise<void> }> {
  const script = `
    const { openSync } = require('node:fs');
    const { join, dirname } = require('node:path');
    const pkg = require.resolve('fs-native-extensions', { paths: [${JSON.stringify(process.cwd())}] });
    const native = require(join(dirname(pkg), 'prebuilds', process.platform + '-' + process.arch, 'fs-native-extensions.node'));
    require('node:fs').mkdirSync(${JSON.stringify(lockPath)}, { recursive: true, mode: 0o700 });
    const fd = openSync(${JSON.stringify(lockFile)}, 'a+', 0o600);
    native.tryLock(fd, 0, 0, true);
    process.stdout.write('held\\n');
    process.stdin.on('data', () => {}).on('end', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const gone = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout!.once('data', () =>
      resolve({
        release: () => {
          child.stdin!.end();
          return gone;
        },
        kill: () => {
          child.kill('SIGKILL');
          return gone;
        },
      }),
    );
  });
}

function heldByKernel(): boolean {
  const fd = fs.openSync(lockFile, 'r+');
  try {
    const free = kernelLock().tryLock(fd);
    if (free) kernelLock().unlock(fd);
    return !free;
  } finally {
    fs.closeSync(fd);
  }
}

describe('taking and releasing', () => {
  test('a free store: the lock is a private folder with one private file, held while held and free after', async () => {
    const release = await acquireLock(target);
    expect(fs.statSync(lockPath).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(lockPath)).toEqual([LOCK_FILE]);
    expect(fs.statSync(lockFile).mode & 0o777).toBe(0o600);
    expect(heldByKernel()).toBe(true);
    release();
    expect(heldByKernel()).toBe(false);
    // The folder and its file stay for the next command.
    expect(fs.readdirSync(lockPath)).toEqual([LOCK_FILE]);
  });

  test('a second taker in this process waits until the first releases, then has it', async () => {
    const first = await acquireLock(target);
    let second: (() => void) | undefined;
    const waiting = acquireLock(target).then((release) => (second = release));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second).toBeUndefined();
    first();
    await waiting;
    expect(heldByKernel()).toBe(true);
    second!();
    expect(heldByKernel()).toBe(false);
  });

  test('releasing twice frees nothing the second time: a lock taken by another in between stays held', async () => {
    const release = await acquireLock(target);
    release();
    const other = await holderProcess();
    try {
      release();
      expect(heldByKernel()).toBe(true);
    } finally {
      await other.release();
    }
  });

  test('an empty lock folder (as version 2 left one) is simply used', async () => {
    fs.mkdirSync(lockPath, { mode: 0o700 });
    const release = await acquireLock(target);
    expect(fs.readdirSync(lockPath)).toEqual([LOCK_FILE]);
    release();
  });

  test('stop signals from the terminal are ignored while held, and only then', async () => {
    const before = process.listenerCount('SIGTSTP');
    const release = await acquireLock(target);
    expect(['SIGTSTP', 'SIGTTIN', 'SIGTTOU'].map((signal) => process.listenerCount(signal as NodeJS.Signals))).toEqual([before + 1, 1, 1]);
    release();
    expect(['SIGTSTP', 'SIGTTIN', 'SIGTTOU'].map((signal) => process.listenerCount(signal as NodeJS.Signals))).toEqual([before, 0, 0]);
  });
});

describe('another process holds it', () => {
  test('held by a live process, however long: a waiter gives up after the wait (75), having taken nothing', async () => {
    const other = await holderProcess();
    try {
      const error = await refusal(acquireLock(target, { waitMs: 300 }));
      expect(error).toMatchObject({ code: 'STORE_LOCKED', exitCode: 75 });
      expect(error.message).toBe(`the store ${target} is locked by another household command (waited 0 seconds)`);
      expect(error.hint).toBe('try again; the lock is freed the moment the command holding it ends');
      expect(lockWaitsLeftBehind()).toBe(1);
      expect(heldByKernel()).toBe(true);
    } finally {
      await other.release();
    }
    // The wait given up is granted once the holder goes, and lets go at once by itself.
    for (let i = 0; i < 200 && lockWaitsLeftBehind() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lockWaitsLeftBehind()).toBe(0);
    expect(heldByKernel()).toBe(false);
  });

  test('the default wait is the contract\'s 15 seconds, and the message says so', async () => {
    expect(LOCK_WAIT_MS).toBe(15_000);
    const other = await holderProcess();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const waiting = refusal(acquireLock(target));
      await jest.advanceTimersByTimeAsync(LOCK_WAIT_MS - 1);
      let settled = false;
      void waiting.then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await waiting).message).toContain('(waited 15 seconds)');
    } finally {
      jest.useRealTimers();
      await other.release();
    }
    for (let i = 0; i < 200 && lockWaitsLeftBehind() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lockWaitsLeftBehind()).toBe(0);
  });

  test('a waiter gets the lock the moment the holder releases it', async () => {
    const other = await holderProcess();
    const waiting = acquireLock(target);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.release();
    const release = await waiting;
    expect(heldByKernel()).toBe(true);
    release();
  });

  test('a holder killed with SIGKILL frees it at once: the waiter has it', async () => {
    const other = await holderProcess();
    const waiting = acquireLock(target);
    await other.kill();
    const release = await waiting;
    expect(heldByKernel()).toBe(true);
    release();
  });

  test('a lock folder removed by hand while a waiter waits: the waiter locks the new file, not the old one', async () => {
    const other = await holderProcess();
    const waiting = acquireLock(target);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The old file goes (its holder still has it); someone else makes and holds a new one.
    fs.rmSync(lockPath, { recursive: true });
    const third = await holderProcess();
    await other.release();
    // Granted the old, gone file, the waiter must not count itself the holder: it waits for the new one.
    let taken = false;
    void waiting.then(() => (taken = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(taken).toBe(false);
    await third.release();
    const release = await waiting;
    expect(heldByKernel()).toBe(true);
    release();
  });
});

describe('what is at the lock path is not what household makes', () => {
  test('a plain file: 78 naming it, and left alone', async () => {
    fs.writeFileSync(lockPath, 'x');
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} is not a folder household made (a plain file or a link is there)`);
    expect(error.hint).toBe(`if no household command is running, remove it: rm -r ${lockPath}`);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe('x');
  });

  test('a symlink, even to a folder: refused', async () => {
    fs.mkdirSync(join(dir, 'elsewhere'));
    fs.symlinkSync(join(dir, 'elsewhere'), lockPath);
    expect((await refusal(acquireLock(target))).message).toContain(`its lock ${lockPath} is not a folder household made`);
  });

  test('a folder with other files in it: refused, and nothing in it is removed', async () => {
    fs.mkdirSync(lockPath);
    fs.writeFileSync(join(lockPath, 'keep'), 'x');
    const error = await refusal(acquireLock(target));
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} is a folder with files in it that household never puts there (1)`);
    expect(fs.readdirSync(lockPath)).toEqual(['keep']);
  });

  test('a link where the lock file goes: refused, never followed', async () => {
    fs.mkdirSync(lockPath);
    fs.writeFileSync(join(dir, 'victim'), 'x');
    fs.symlinkSync(join(dir, 'victim'), lockFile);
    const error = await refusal(acquireLock(target));
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} holds a link (lock) where household keeps a plain file`);
    expect(fs.readFileSync(join(dir, 'victim'), 'utf8')).toBe('x');
  });

  test('a folder where the lock file goes: refused', async () => {
    fs.mkdirSync(lockFile, { recursive: true });
    const error = await refusal(acquireLock(target));
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} holds something other than a plain file as lock`);
  });

  test('a FIFO where the lock file goes: refused at once, not waited on', async () => {
    fs.mkdirSync(lockPath);
    const made = spawn('mkfifo', [lockFile]);
    await new Promise((resolve) => made.on('close', resolve));
    const error = await refusal(acquireLock(target));
    expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} holds something other than a plain file as lock`);
  });
});

const OTHER_UID = 12345;

describe('whose lock it is', () => {
  asRoot(`root making the lock of another user's store hands folder and file to that user ${NEEDS_CHOWN}`, async () => {
    const release = await acquireLock(target, { owner: { uid: OTHER_UID, gid: OTHER_UID } });
    release();
    expect([fs.statSync(lockPath).uid, fs.statSync(lockFile).uid, fs.statSync(lockFile).gid]).toEqual([OTHER_UID, OTHER_UID, OTHER_UID]);
  });

  asRoot('root keeps its own lock for its own store (needs root: to be root)', async () => {
    const release = await acquireLock(target, { owner: { uid: 0, gid: 0 } });
    release();
    expect(fs.statSync(lockFile).uid).toBe(0);
  });

  test("a user other than root is refused another user's lock folder or file (78), naming it and the owner", async () => {
    fs.mkdirSync(lockPath);
    // The lock's owner (whoever runs the tests: root in CI) is named as /etc/passwd names them.
    const owner = userInfo().username;
    // A uid with no entry in /etc/passwd: named by its number, as nothing else names it.
    jest.spyOn(process, 'getuid').mockReturnValue(424242);
    try {
      const error = await refusal(acquireLock(target));
      expect(error.message).toBe(`the store ${target} is unusable: its lock ${lockPath} belongs to ${owner}, not to you (user id 424242)`);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe('the disk fails', () => {
  test('the lock folder cannot be made (read-only file system): 74 naming it', async () => {
    fsHooks.mkdirSync = (path: string) => {
      if (path === lockPath) throw fsError('EROFS', 'mkdir', path);
    };
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not make the lock ${lockPath}: the file system is read-only (EROFS); nothing was changed`);
  });

  test('a folder we may not write in: 78 naming the store, with who may run it', async () => {
    fsHooks.mkdirSync = (path: string) => {
      if (path === lockPath) throw fsError('EACCES', 'mkdir', path);
    };
    const error = await refusal(acquireLock(target));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.hint).toBe('run household as the user the store belongs to');
  });

  test('the lock file cannot be opened (disk full): 74 naming it', async () => {
    fsHooks.openSync = (path: string) => {
      if (path === lockFile) throw fsError('ENOSPC', 'open', path);
    };
    const error = await refusal(acquireLock(target));
    expect(error.message).toBe(`could not open the lock ${lockFile}: no space is left on the device (ENOSPC); nothing was changed`);
  });

  test('the lock cannot be looked at (EIO): 74', async () => {
    fsHooks.lstatSync = (path: string) => {
      if (path === lockPath) throw fsError('EIO', 'lstat', path);
    };
    expect(await refusal(acquireLock(target))).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
  });

  test('a folder that is gone: the error is passed on as it is (ENOENT), not waited on', async () => {
    await expect(acquireLock(join(dir, 'gone', 'household.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('between two calls, and what is left open', () => {
  const openFds = () => fs.readdirSync('/proc/self/fd').length;

  test('another process makes the lock folder between our look and our mkdir: its folder is used, nothing refused', async () => {
    fsHooks.mkdirSync = (path: string) => {
      if (path === lockPath) fs.mkdirSync(path, { mode: 0o700 });
    };
    const release = await acquireLock(target);
    release();
    expect(fs.readdirSync(lockPath)).toEqual([LOCK_FILE]);
  });

  test('the lock folder cannot be looked at: the message says what was being done', async () => {
    fsHooks.lstatSync = (path: string) => {
      if (path === lockPath) throw fsError('EIO', 'lstat', path);
    };
    expect((await refusal(acquireLock(target))).message).toBe(`could not look at the lock ${lockPath}: the device reported an input/output error (EIO); nothing was changed`);
  });

  test('the lock file cannot be looked at once locked: 74 naming it; the lock is let go and its file closed', async () => {
    const before = openFds();
    fsHooks.lstatSync = (path: string) => {
      if (path === lockFile) throw fsError('EIO', 'lstat', path);
    };
    const error = await refusal(acquireLock(target));
    expect(error.message).toBe(`could not look at the lock ${lockFile}: the device reported an input/output error (EIO); nothing was changed`);
    expect(openFds()).toBe(before);
    clearFsHooks();
    const release = await acquireLock(target, { waitMs: 0 });
    release();
  });

  test('the lock file gone once locked (the folder removed by hand): taken again on a new file, one file left open while held', async () => {
    const before = openFds();
    let gone = 0;
    fsHooks.lstatSync = (path: string) => {
      if (path === lockFile && gone === 0) {
        gone += 1;
        fs.rmSync(lockPath, { recursive: true });
      }
    };
    const release = await acquireLock(target, { waitMs: 0 });
    expect(gone).toBe(1);
    expect(openFds()).toBe(before + 1);
    release();
    expect(openFds()).toBe(before);
    expect(fs.readdirSync(lockPath)).toEqual([LOCK_FILE]);
  });

  test('no file is left open by a refusal, a wait given up, or a release', async () => {
    const before = openFds();
    fs.mkdirSync(lockPath, { mode: 0o700 });
    fs.mkdirSync(lockFile);
    await refusal(acquireLock(target));
    expect(openFds()).toBe(before);
    fs.rmdirSync(lockFile);
    const first = await acquireLock(target);
    await refusal(acquireLock(target, { waitMs: 0 }));
    first();
    // A wait given up closes its file itself once the kernel answers it; the release above answers it.
    for (let i = 0; i < 100 && openFds() !== before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(openFds()).toBe(before);
  });

  asRoot(`root handing the lock to another user leaves no file open ${NEEDS_CHOWN}`, async () => {
    const before = openFds();
    const release = await acquireLock(target, { owner: { uid: OTHER_UID, gid: OTHER_UID } });
    expect(openFds()).toBe(before + 1);
    release();
    expect(openFds()).toBe(before);
  });
});
