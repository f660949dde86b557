import { jest } from '@jest/globals';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { formatKeyFile, type Key } from '../../src/domain/keys.js';
import { clearFsHooks, fsError, fsHooks, hookedFs } from '../fakes/fs-hooks.js';
import * as fs from 'node:fs';
import { asNobody, asRoot, describeAsRoot, failure, isRoot, NEEDS_CHOWN, refusal } from '../fakes/refusals.js';

/**
 * FileKeys (src/store/key-file.ts), the key file of a store, on real files in a temporary folder: what
 * lands on disk (0600, in a 0700 folder when new), what is read back, and what a person is told when it
 * cannot be. node:fs is hooked only to play another process acting between two of our calls and faults
 * the kernel reports (EACCES as root, ELOOP, EIO, ENOSPC).
 */
/**
 * Reads and writes may also move fewer bytes than asked (as POSIX allows, and network file systems do), or
 * the file may be cut short by another program between its fstat and its read. Like node:fs, a call that
 * would go past the end of the buffer is refused (ERR_OUT_OF_RANGE); a read loop that never stops is
 * stopped after many calls that read nothing.
 */
const io: { readChunk?: number; writeChunk?: number; beforeRead?: () => void; reads: number } = { reads: 0 };
const outOfRange = () => Object.assign(new RangeError('(simulated) past the end of the buffer'), { code: 'ERR_OUT_OF_RANGE' });
jest.unstable_mockModule('node:fs', () => ({
  ...hookedFs(),
  readSync: (fd: number, buffer: Buffer, offset: number, length: number, position: number) => {
    if (offset + length > buffer.length) throw outOfRange();
    if (++io.reads > 10_000) throw new Error('a read loop that does not stop');
    const before = io.beforeRead;
    delete io.beforeRead;
    before?.();
    return fs.readSync(fd, buffer, offset, Math.min(length, io.readChunk ?? Infinity), position);
  },
  writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => {
    if (offset + length > buffer.length) throw outOfRange();
    return fs.writeSync(fd, buffer, offset, Math.min(length, io.writeChunk ?? Infinity));
  },
}));
const { FileKeys } = await import('../../src/store/key-file.js');

const key = (n: number): Key => ({ id: n.toString(16).padStart(8, '0'), bytes: new Uint8Array(32).fill(n) });
const keys = new FileKeys({});

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-keys-'));
  path = join(dir, 'household.json.key');
});
afterEach(() => {
  clearFsHooks();
  io.reads = 0;
  delete io.readChunk;
  delete io.writeChunk;
  delete io.beforeRead;
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A key file as create makes it, written here directly. */
function written(at: string, contents: readonly Key[] = [key(1)], mode = 0o600): void {
  writeFileSync(at, formatKeyFile(contents), { mode });
  chmodSync(at, mode);
}

describe('defaultPath', () => {
  test('$XDG_CONFIG_HOME/household/<store file name>.key; without it, ~/.config', () => {
    expect(new FileKeys({ XDG_CONFIG_HOME: '/cfg' }).defaultPath('/srv/h/home.json')).toBe('/cfg/household/home.json.key');
    expect(new FileKeys({ HOME: '/home/op' }).defaultPath('/srv/h/home.json')).toBe('/home/op/.config/household/home.json.key');
  });
});

describe('create, then read', () => {
  test('a new folder 0700, the file 0600 with the keys in order; read gives them back, oldest first', async () => {
    const at = join(dir, 'new', 'deeper', 'h.key');
    await keys.create(at, [key(1), key(2), key(3)]);
    expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'new', 'deeper')).mode & 0o777).toBe(0o700);
    expect(statSync(at).mode & 0o777).toBe(0o600);
    expect(readFileSync(at, 'utf8')).toBe(formatKeyFile([key(1), key(2), key(3)]));
    expect(await keys.read(at)).toEqual([key(1), key(2), key(3)]);
  });

  test('anything already at the path (a file, a dangling symlink): 73, left as it was', async () => {
    writeFileSync(path, 'theirs');
    const there = await refusal(keys.create(path, [key(1)]));
    expect([there.code, there.exitCode, there.message, there.hint]).toEqual([
      'CANNOT_CREATE',
      73,
      `a file is already at ${path}, where the key file would go; nothing was changed`,
      'move it away (it may be the key of another store), or choose another place: --key PATH',
    ]);
    expect(readFileSync(path, 'utf8')).toBe('theirs');
    const link = join(dir, 'link.key');
    symlinkSync(join(dir, 'nowhere'), link);
    expect((await refusal(keys.create(link, [key(1)]))).code).toBe('CANNOT_CREATE');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  test('a disk that fills while it is written: 74, and no half-written key file is left', async () => {
    fsHooks.fsyncSync = () => {
      throw fsError('ENOSPC', 'fsync', path);
    };
    const full = await refusal(keys.create(path, [key(1)]));
    expect([full.code, full.exitCode]).toEqual(['IO_ERROR', 74]);
    expect(full.message).toContain(path);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a file on the way to the folder: 73 saying so, not that a key file is there; nothing made', async () => {
    writeFileSync(join(dir, 'file'), '');
    const error = await refusal(keys.create(join(dir, 'file', 'h.key'), [key(1)]));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual(['CANNOT_CREATE', 73, `cannot make the folder ${join(dir, 'file')} for the key file: a part of it is not a folder`, 'choose another place: --key PATH']);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});

describe('read', () => {
  test.each([
    ['no file', () => path],
    ['a file on the way to it', () => {
      writeFileSync(join(dir, 'file'), '');
      return join(dir, 'file', 'h.key');
    }],
  ])('%s: 78, it does not exist, and the hint to restore it', async (_what, place) => {
    const at = place();
    const error = await refusal(keys.read(at));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'STORE_UNUSABLE',
      78,
      `the key file ${at} is unusable: it does not exist`,
      'restore the key file from its backup (without it, no PIN or password made with it can be checked)',
    ]);
  });

  test('not allowed to open it: 78, and as whom to run', async () => {
    written(path);
    fsHooks.openSync = (at: string) => {
      if (at === path) throw fsError('EACCES', 'open', path);
    };
    const error = await refusal(keys.read(path));
    expect([error.message, error.hint]).toEqual([`the key file ${path} is unusable: you are not allowed to read it`, 'run household as the user the store belongs to']);
  });

  test('a symlink swapped in just before it is opened: 78, try again', async () => {
    written(path);
    fsHooks.openSync = (at: string) => {
      if (at === path) throw fsError('ELOOP', 'open', path);
    };
    const error = await refusal(keys.read(path));
    expect([error.message, error.hint]).toEqual([`the key file ${path} is unusable: it is a symbolic link that was swapped in while it was read`, 'try again']);
  });

  test('another fault of the disk is not said to be a missing file', async () => {
    written(path);
    fsHooks.openSync = (at: string) => {
      if (at === path) throw fsError('EIO', 'open', path);
    };
    const error = await failure(keys.read(path));
    expect(error).toMatchObject({ code: 'EIO' });
  });

  test('another file moved in between the check and the open: 78, it changed, try again', async () => {
    written(path, [key(1)]);
    const other = join(dir, 'other.key');
    written(other, [key(9)]);
    fsHooks.openSync = (at: string) => {
      if (at === path) renameSync(other, path);
    };
    const error = await refusal(keys.read(path));
    expect([error.code, error.message, error.hint]).toEqual(['STORE_UNUSABLE', `the key file ${path} is unusable: it changed while it was read`, 'try again']);
  });

  test('readable by others: 78, and how to make it private', async () => {
    written(path, [key(1)], 0o644);
    const error = await refusal(keys.read(path));
    expect([error.code, error.message, error.hint]).toEqual(['STORE_UNUSABLE', `the key file ${path} is unusable: its permissions 0644 let other users read or change it`, `make it private to you: chmod 600 ${path}`]);
  });

  test('a folder, not a file: 78', async () => {
    mkdirSync(path, { mode: 0o700 });
    expect((await refusal(keys.read(path))).message).toBe(`the key file ${path} is unusable: it is not a regular file`);
  });

  test('up to 64 KiB is read whole (comments and all); one byte more is refused before it is read', async () => {
    const text = formatKeyFile([key(1), key(2)]);
    const padding = `#${'x'.repeat(64 * 1024 - text.length - 2)}\n`;
    writeFileSync(path, padding + text, { mode: 0o600 });
    expect(statSync(path).size).toBe(64 * 1024);
    expect(await keys.read(path)).toEqual([key(1), key(2)]);
    writeFileSync(path, `#${padding}${text}`, { mode: 0o600 });
    const error = await refusal(keys.read(path));
    expect(error.message).toBe(`the key file ${path} is unusable: it is 65537 bytes, over the 65536-byte limit of a key file`);
  });

  test('not a key file: 78 naming the line', async () => {
    writeFileSync(path, 'DB_PASSWORD=hunter2\n', { mode: 0o600 });
    const error = await refusal(keys.read(path));
    expect(error.message).toBe(`the key file ${path} is unusable: line 1 is not a key (expected 8 hex digits, a space, and 32 bytes in base64)`);
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
  });

  test('through a symlink in a private folder: the file it points to', async () => {
    const real = join(dir, 'real.key');
    written(real, [key(4)]);
    symlinkSync(real, path);
    expect(await keys.read(path)).toEqual([key(4)]);
  });
});

describe('generate', () => {
  test('8 hex digits and 32 random bytes; never an id that is taken', async () => {
    const made = await keys.generate([]);
    expect(made.id).toMatch(/^[0-9a-f]{8}$/);
    expect(made.bytes).toBeInstanceOf(Uint8Array);
    expect(made.bytes).toHaveLength(32);
    expect((await keys.generate([])).bytes).not.toEqual(made.bytes);

    // The first id drawn is taken: another is drawn.
    const crypto = process.getBuiltinModule('node:crypto');
    const ids = ['0000000a', '0000000b'];
    jest.spyOn(process, 'getBuiltinModule').mockReturnValue({
      randomBytes: (size: number) => (size === 4 ? Buffer.from(ids.shift()!, 'hex') : crypto.randomBytes(size)),
    } as never);
    expect((await keys.generate(['0000000a'])).id).toBe('0000000b');
    expect(ids).toEqual([]);
  });
});

describe('ensureAbsent', () => {
  test('nothing there, or a file on the way (nothing could be made there either way): no refusal', async () => {
    await expect(keys.ensureAbsent(path)).resolves.toBeUndefined();
    writeFileSync(join(dir, 'file'), '');
    await expect(keys.ensureAbsent(join(dir, 'file', 'h.key'))).resolves.toBeUndefined();
  });

  test('a file or a dangling symlink there: 73', async () => {
    symlinkSync(join(dir, 'nowhere'), path);
    const error = await refusal(keys.ensureAbsent(path));
    expect([error.code, error.message]).toEqual(['CANNOT_CREATE', `a file is already at ${path}, where the key file would go; nothing was changed`]);
  });

  test('a folder that may not be looked in: 78, not "nothing there"', async () => {
    fsHooks.lstatSync = (at: string) => {
      if (at === path) throw fsError('EACCES', 'lstat', path);
    };
    const error = await refusal(keys.ensureAbsent(path));
    expect([error.exitCode, error.message, error.hint]).toEqual([78, `the key file ${path} is unusable: you are not allowed to look at it`, 'run household as the user the store belongs to']);
  });
});

describe('replace', () => {
  test('the new keys in one rename: still 0600, no temporary file left', async () => {
    written(path, [key(1)]);
    const before = lstatSync(path).ino;
    await keys.replace(path, [key(1), key(2)]);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1), key(2)]));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lstatSync(path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['household.json.key']);
  });

  test('through a symlink: the file it points to is replaced, the link stays', async () => {
    const real = join(dir, 'real.key');
    written(real, [key(1)]);
    symlinkSync(real, path);
    await keys.replace(path, [key(2)]);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(await keys.read(real)).toEqual([key(2)]);
  });

  test('a rename that fails: the old keys stay, the temporary file is taken away, 74 naming the file', async () => {
    written(path, [key(1)]);
    fsHooks.renameSync = () => {
      throw fsError('EIO', 'rename', path);
    };
    const error = await refusal(keys.replace(path, [key(2)]));
    expect([error.code, error.exitCode]).toEqual(['IO_ERROR', 74]);
    expect(error.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1)]));
    expect(readdirSync(dir)).toEqual(['household.json.key']);
  });

  test('a temporary file already there (left by a crash, or planted): 73 naming it; neither removed nor followed', async () => {
    written(path, [key(1)]);
    const planted = `${path}.${process.pid}.tmp`;
    const elsewhere = join(dir, 'elsewhere');
    symlinkSync(elsewhere, planted);
    const error = await refusal(keys.replace(path, [key(2)]));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual(['CANNOT_CREATE', 73, `a file is already at ${planted}, where the new key file is written first; nothing was changed`, 'if no household command is running, remove it and try again']);
    expect(lstatSync(planted).isSymbolicLink()).toBe(true);
    expect(existsSync(elsewhere)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1)]));
  });

  test('a folder where the temporary file may not be made: 78, the old keys stay', async () => {
    written(path, [key(1)]);
    fsHooks.openSync = (at: string) => {
      if (at.endsWith('.tmp')) throw fsError('EACCES', 'open', at);
    };
    const error = await refusal(keys.replace(path, [key(2)]));
    expect([error.exitCode, error.message]).toEqual([78, `the key file ${path} is unusable: you are not allowed to write it`]);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1)]));
  });
});

describe('discard', () => {
  test('removes the file; nothing there is no error', async () => {
    written(path);
    await keys.discard(path);
    expect(existsSync(path)).toBe(false);
    await expect(keys.discard(path)).resolves.toBeUndefined();
  });
});

describe("the key file belongs to the store's owner", () => {
  const me = process.getuid!();
  const OTHER = 12345;
  const ownedBy = (uid: number, gid = uid) => new FileKeys({}, () => ({ uid, gid }));

  test("a key file of another user than the store's: 78 naming both, before a key is read", async () => {
    written(path, [key(1)]);
    const error = await refusal(ownedBy(OTHER).read(path));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'STORE_UNUSABLE',
      78,
      `the key file ${path} is unusable: it belongs to ${userInfo().username}, and the store to user id ${OTHER}`,
      `a store's key file belongs to the store's owner: chown ${OTHER}:${OTHER} ${path}, or restore the store's own key file`,
    ]);
    expect(await ownedBy(me).read(path)).toEqual([key(1)]);
  });

  asRoot(`root's own store with a key file another user owns (and so could rewrite): refused ${NEEDS_CHOWN}`, async () => {
    written(path, [key(1)]);
    chownSync(path, OTHER, OTHER);
    expect((await refusal(ownedBy(0).read(path))).message).toBe(`the key file ${path} is unusable: it belongs to user id ${OTHER}, and the store to root`);
    // A user's store with that user's key file: root reads it.
    expect(await ownedBy(OTHER).read(path)).toEqual([key(1)]);
  });

  asRoot(`root replacing a user's key file (rotate, prune) leaves it that user's ${NEEDS_CHOWN}`, async () => {
    written(path, [key(1)]);
    chownSync(path, OTHER, OTHER + 1);
    await ownedBy(OTHER, OTHER + 1).replace(path, [key(1), key(2)]);
    expect([statSync(path).uid, statSync(path).gid, statSync(path).mode & 0o777]).toEqual([OTHER, OTHER + 1, 0o600]);
    expect(await ownedBy(OTHER).read(path)).toEqual([key(1), key(2)]);
  });

  asRoot(`root making the key file of a user's store: refused (77), the store's owner makes it ${NEEDS_CHOWN}`, async () => {
    const error = await refusal(ownedBy(OTHER).create(path, [key(1)]));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'REFUSED',
      77,
      `the store belongs to user id ${OTHER}: a key file root made would be root's, which user id ${OTHER} could not read`,
      `run it as the store's owner: sudo -u '#${OTHER}' household ... key init`,
    ]);
    expect(existsSync(path)).toBe(false);
    // A user with a name is named.
    expect((await refusal(ownedBy(65534).create(path, [key(1)]))).hint).toBe("run it as the store's owner: sudo -u nobody household ... key init");
    await ownedBy(0).create(path, [key(1)]);
    expect(statSync(path).uid).toBe(0);
  });
});

describe('a path the system will not take', () => {
  test('too long: 73, choose another place (init and key init alike)', async () => {
    const long = join(dir, `${'a'.repeat(300)}.key`);
    for (const error of [await refusal(keys.ensureAbsent(long)), await refusal(keys.create(long, [key(1)]))]) {
      expect([error.code, error.exitCode, error.message, error.hint]).toEqual(['CANNOT_CREATE', 73, `cannot create the key file at ${long}: the path is too long (ENAMETOOLONG); nothing was changed`, 'choose another place: --key PATH']);
    }
  });

  test('on a file system that makes no files (/proc): 73, not a raw error', async () => {
    const error = await refusal(keys.create('/proc/household-test.key', [key(1)]));
    expect([error.code, error.message]).toEqual(['CANNOT_CREATE', 'cannot create the key file at /proc/household-test.key: its folder takes no new files (ENOENT); nothing was changed']);
  });

  test('a folder that may not be written: 78 naming the key file, not "the store"', async () => {
    fsHooks.openSync = (at: string) => {
      if (at === path) throw fsError('EACCES', 'open', at);
    };
    const error = await refusal(keys.create(path, [key(1)]));
    expect([error.code, error.message]).toEqual(['STORE_UNUSABLE', `the key file ${path} is unusable: you are not allowed to create it`]);
  });
});

test('no file is left open: by a read, a refused read, a create or a replace', async () => {
  const open = () => readdirSync('/proc/self/fd').length;
  const before = open();
  await keys.create(path, [key(1)]);
  await keys.read(path);
  await keys.replace(path, [key(1), key(2)]);
  chmodSync(path, 0o644);
  await refusal(keys.read(path));
  expect(open()).toBe(before);
});

describe('reads and writes that move fewer bytes than asked', () => {
  test('a read that returns a few bytes a call goes on until the whole file is read, and asks no more once it is', async () => {
    written(path, [key(1), key(2), key(3)]);
    const size = statSync(path).size;
    io.readChunk = 7;
    expect(await keys.read(path)).toEqual([key(1), key(2), key(3)]);
    expect(io.reads).toBe(Math.ceil(size / 7));
  });

  test('a file cut short by another program between its size and its read: what is there is read, and the read stops', async () => {
    written(path, [key(1)]);
    io.beforeRead = () => fs.truncateSync(path, 0);
    const error = await refusal(keys.read(path));
    expect([error.exitCode, error.message]).toEqual([78, `the key file ${path} is unusable: it holds no key`]);
  });

  test('a write that takes a few bytes a call goes on until all is written (create and replace)', async () => {
    io.writeChunk = 5;
    await keys.create(path, [key(1), key(2)]);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1), key(2)]));
    await keys.replace(path, [key(2), key(3)]);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(2), key(3)]));
  });
});

describe('create: faults on the way to the folder', () => {
  test('a folder that may not be looked in: 78, not allowed to create it; nothing made', async () => {
    const at = join(dir, 'sub', 'h.key');
    fsHooks.lstatSync = (where: string) => {
      if (where === dir) throw fsError('EACCES', 'lstat', where);
    };
    const error = await refusal(keys.create(at, [key(1)]));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual(['STORE_UNUSABLE', 78, `the key file ${at} is unusable: you are not allowed to create it`, 'run household as the user the store belongs to']);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a folder others may write to: refused before anything is made in it', async () => {
    chmodSync(dir, 0o777);
    const error = await refusal(keys.create(path, [key(1)]));
    expect([error.code, error.exitCode, error.message]).toEqual(['STORE_UNUSABLE', 78, `the key file ${path} is unusable: its folder ${dir} has mode 0777, so other users could swap the key file`]);
    expect(readdirSync(dir)).toEqual([]);
  });

  test.each([
    ['EACCES', 'STORE_UNUSABLE', 78, (at: string) => `the key file ${at} is unusable: you are not allowed to create it`],
    ['EPERM', 'STORE_UNUSABLE', 78, (at: string) => `the key file ${at} is unusable: you are not allowed to create it`],
    ['EEXIST', 'CANNOT_CREATE', 73, () => `cannot make the folder ${join(dir, 'sub')} for the key file: a part of it is not a folder`],
    ['ENOTDIR', 'CANNOT_CREATE', 73, () => `cannot make the folder ${join(dir, 'sub')} for the key file: a part of it is not a folder`],
  ])('its folder cannot be made (%s): %s, %s', async (code, name, exitCode, message) => {
    const at = join(dir, 'sub', 'h.key');
    fsHooks.mkdirSync = () => {
      throw fsError(code, 'mkdir', join(dir, 'sub'));
    };
    const error = await refusal(keys.create(at, [key(1)]));
    expect([error.code, error.exitCode, error.message]).toEqual([name, exitCode, message(at)]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('replace: a rename the system refuses', () => {
  test.each(['EACCES', 'EPERM'])('%s: 78, not allowed to write it; the old keys stay', async (code) => {
    written(path, [key(1)]);
    fsHooks.renameSync = () => {
      throw fsError(code, 'rename', path);
    };
    const error = await refusal(keys.replace(path, [key(2)]));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual(['STORE_UNUSABLE', 78, `the key file ${path} is unusable: you are not allowed to write it`, 'run household as the user the store belongs to']);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1)]));
    expect(readdirSync(dir)).toEqual(['household.json.key']);
  });

  test('the file gone (ENOENT) as it is written: the error as it is, not "choose another place" as for a new file', async () => {
    written(path, [key(1)]);
    const gone = fsError('ENOENT', 'rename', path);
    fsHooks.renameSync = () => {
      throw gone;
    };
    expect(await failure(keys.replace(path, [key(2)]))).toBe(gone);
  });
});

describe('a user other than root', () => {
  test("makes the key file of their own store", async () => {
    const user = isRoot ? 1000 : process.getuid!();
    jest.spyOn(process, 'getuid').mockReturnValue(user);
    await new FileKeys({}, () => ({ uid: user, gid: user })).create(path, [key(1)]);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1)]));
  });

  asRoot(`replacing their key file whose group is not theirs does not try to give it back to that group ${NEEDS_CHOWN}`, async () => {
    const NOBODY = 65534;
    written(path, [key(1)]);
    chownSync(path, NOBODY, 12345);
    chownSync(dir, NOBODY, NOBODY);
    jest.spyOn(process, 'getuid').mockReturnValue(NOBODY);
    await asNobody(() => new FileKeys({}, () => ({ uid: NOBODY, gid: NOBODY })).replace(path, [key(1), key(2)]));
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(1), key(2)]));
    expect(statSync(path).uid).toBe(NOBODY);
  });
});

describeAsRoot(`root replacing a key file of root's user or root's group alone: the other half is kept ${NEEDS_CHOWN}`, () => {
  test.each([
    ['owned by another user, group root', 12345, 0],
    ['owned by root, group of another', 0, 12345],
  ])('%s', async (_what, uid, gid) => {
    written(path, [key(1)]);
    chownSync(path, uid, gid);
    await new FileKeys({}, () => ({ uid, gid })).replace(path, [key(2)]);
    expect([statSync(path).uid, statSync(path).gid]).toEqual([uid, gid]);
    expect(readFileSync(path, 'utf8')).toBe(formatKeyFile([key(2)]));
  });
});
