import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/domain/audit.js';
import { describeAsRoot, isRoot, NEEDS_CHOWN, refusalOf } from '../fakes/refusals.js';

/**
 * The disk's faults, which root cannot meet on demand in a test: `node:fs` is wrapped so that the next
 * open of the log fails as a full or read-only disk makes it fail, a write stops partway with ENOSPC,
 * or a read returns fewer bytes than asked (as POSIX allows, and network file systems do).
 */
const faults: {
  open: Array<string | null>;
  writeRoom?: number;
  writeChunk?: number;
  sync?: string;
  readChunk?: number;
  beforeRead?: () => void;
  /** Every read asked for, as [position, length]. */
  reads: Array<[number, number]>;
  rename?: string;
  truncate?: string;
} = { open: [], reads: [] };
const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  openSync: (...args: Parameters<typeof fs.openSync>) => {
    if (String(args[0]).endsWith('.log') && faults.open.length > 0) {
      const code = faults.open.shift();
      if (code) throw failure(code);
    }
    return fs.openSync(...args);
  },
  writeSync: (fd: number, buffer: Buffer, offset: number) => {
    if (faults.writeRoom === 0) throw failure('ENOSPC');
    const length = Math.min(buffer.length - offset, faults.writeRoom ?? Infinity, faults.writeChunk ?? Infinity);
    const written = fs.writeSync(fd, buffer, offset, length);
    if (faults.writeRoom !== undefined) faults.writeRoom -= written;
    return written;
  },
  renameSync: (...args: Parameters<typeof fs.renameSync>) => {
    if (faults.rename) throw failure(faults.rename);
    fs.renameSync(...args);
  },
  ftruncateSync: (...args: Parameters<typeof fs.ftruncateSync>) => {
    if (faults.truncate) throw failure(faults.truncate);
    fs.ftruncateSync(...args);
  },
  fdatasyncSync: (fd: number) => {
    if (faults.sync) throw failure(faults.sync);
    fs.fdatasyncSync(fd);
  },
  readSync: (fd: number, buffer: Buffer, offset: number, length: number, position: number) => {
    const before = faults.beforeRead;
    delete faults.beforeRead;
    before?.();
    faults.reads.push([position, length]);
    return fs.readSync(fd, buffer, offset, faults.readChunk === undefined ? length : Math.min(length, faults.readChunk), position);
  },
}));
const { appendEntries, MAX_LOG_BYTES, parseLog } = await import('../../src/store/audit-log.js');

const OTHER_UID = 12345;
const ROOT = { uid: 0, gid: 0 };

function entry(seq: number, account = 'kid1'): AuditEntry {
  return {
    time: '2026-11-27T12:00:00.000Z',
    seq,
    change: true,
    command: 'pin set',
    account,
    outcome: 'ok',
    exit: 0,
    actor: { user: 'root', sudoUser: null, from: null },
    details: { note: 'ümlaut' },
  };
}
const line = (seq: number) => `${JSON.stringify(entry(seq))}\n`;

let dir: string;
let store: string;
let log: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'household-log-'));
  store = join(dir, 'household.json');
  log = `${store}.log`;
});
afterEach(() => {
  faults.open = [];
  faults.reads = [];
  delete faults.rename;
  delete faults.truncate;
  delete faults.writeRoom;
  delete faults.writeChunk;
  delete faults.sync;
  delete faults.readChunk;
  delete faults.beforeRead;
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function logHolding(text: string | Buffer, mode = 0o600): void {
  fs.writeFileSync(log, text);
  fs.chmodSync(log, mode);
}

const read = (path = log) => fs.readFileSync(path, 'utf8');


/** Whole lines, `count` of them, `size` bytes each: what a log of that many bytes would hold. */
function wholeLines(count: number, size: number): string {
  return `${'x'.repeat(size - 1)}\n`.repeat(count);
}

/** The descriptors this process has open: appendEntries is synchronous, so nothing else opens one meanwhile. */
const openDescriptors = () => fs.readdirSync('/proc/self/fd').length;

describe('appendEntries: one JSON line per entry', () => {
  test('a new log is made private (0600) with the lines, in order', () => {
    appendEntries(log, store, ROOT, [entry(1), entry(2)]);
    expect(read()).toBe(line(1) + line(2));
    const stats = fs.statSync(log);
    expect(stats.isFile()).toBe(true);
    expect(stats.mode & 0o777).toBe(0o600);
  });

  test('lines go after those already there, whatever they say', () => {
    logHolding(`${line(1)}not an entry\n\n`);
    appendEntries(log, store, ROOT, [entry(2)]);
    appendEntries(log, store, ROOT, [entry(3)]);
    expect(read()).toBe(`${line(1)}not an entry\n\n${line(2)}${line(3)}`);
  });

  test('a line with characters a terminal would act on is written escaped, on one line', () => {
    const sneaky = { ...entry(1), account: 'kid\u001b[2J\u2028' };
    appendEntries(log, store, ROOT, [sneaky]);
    const text = read();
    expect(text.split('\n')).toHaveLength(2);
    expect(text).not.toContain('\u001b');
    expect(JSON.parse(text)).toEqual(sneaky);
  });
});

describe('appendEntries after a writer that was stopped mid-line', () => {
  test('the torn last line is cut off and the new lines start on a line of their own', () => {
    logHolding(`${line(1)}{"time":"2026-11-27T1`);
    appendEntries(log, store, ROOT, [entry(2)]);
    expect(read()).toBe(line(1) + line(2));
  });

  test('a log that is one torn line and nothing else is emptied first', () => {
    logHolding('{"time":"2026');
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read()).toBe(line(1));
  });

  test('a torn tail longer than the 64 KiB looked at in one go is cut off whole', () => {
    for (const torn of [64 * 1024 + 10, 150 * 1024]) {
      logHolding(line(1) + 'x'.repeat(torn));
      appendEntries(log, store, ROOT, [entry(2)]);
      expect(read()).toBe(line(1) + line(2));
    }
  });

  test('the cut is found at the right byte far into a large log', () => {
    const whole = wholeLines(300, 1000);
    logHolding(`${whole}{"half": `);
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read()).toBe(whole + line(1));
  });

  test('reads that return less than asked (as from a network file system) find the same cut', () => {
    faults.readChunk = 1000;
    const whole = wholeLines(300, 1000);
    logHolding(`${whole}${'y'.repeat(70 * 1024)}`);
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read()).toBe(whole + line(1));
  });

  test('a log emptied by another program just as it is read (logrotate with copytruncate): the new lines go in on their own', () => {
    logHolding(`${line(1)}{"torn`);
    faults.beforeRead = () => fs.truncateSync(log, 0);
    appendEntries(log, store, ROOT, [entry(2)]);
    expect(read()).toBe(line(2));
  });

  test('whole lines are never cut', () => {
    const text = `${line(1)}garbage that is a whole line\n`;
    logHolding(text);
    appendEntries(log, store, ROOT, [entry(2)]);
    expect(read()).toBe(text + line(2));
  });
});

describe('appendEntries: rotation past 1 MiB', () => {
  test('a log of exactly 1 MiB is added to, not rotated', () => {
    const full = wholeLines(1024, 1024);
    expect(full.length).toBe(MAX_LOG_BYTES);
    logHolding(full);
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read()).toBe(full + line(1));
    expect(fs.existsSync(`${log}.1`)).toBe(false);
  });

  test('a log past 1 MiB moves to .log.1 whole, replacing an older one, and a new private log starts', () => {
    const over = wholeLines(1023, 1024) + wholeLines(1, 1025);
    expect(over.length).toBe(MAX_LOG_BYTES + 1);
    logHolding(over);
    fs.writeFileSync(`${log}.1`, 'the generation before\n', { mode: 0o600 });
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read(`${log}.1`)).toBe(over);
    expect(read()).toBe(line(1));
    expect(fs.statSync(log).mode & 0o777).toBe(0o600);
  });

  test('a torn line is cut before the size is weighed: 1 MiB of whole lines and a torn one is not rotated', () => {
    const full = wholeLines(1024, 1024);
    logHolding(`${full}{"torn`);
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read()).toBe(full + line(1));
    expect(fs.existsSync(`${log}.1`)).toBe(false);
  });

  test('a folder where .log.1 goes: refused (78) naming it, and the log is left where it was', () => {
    const over = wholeLines(1025, 1024);
    logHolding(over);
    fs.mkdirSync(`${log}.1`);
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the audit log ${log}.1 is unusable: it is not a regular file`);
    expect(error.hint).toBe('nothing was changed; fix the file or restore it from a backup');
    expect(read()).toBe(over);
    expect(fs.readdirSync(`${log}.1`)).toEqual([]);
  });

  test('no room for the new log after the move: 74, and the earlier lines are all in .log.1', () => {
    const over = wholeLines(1025, 1024);
    logHolding(over);
    faults.open = [null, 'ENOSPC'];
    const before = openDescriptors();
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(openDescriptors()).toBe(before);
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not open the audit log ${log}: no space is left on the device (ENOSPC); nothing was changed`);
    expect(read(`${log}.1`)).toBe(over);
    expect(fs.existsSync(log)).toBe(false);
  });
});

describe('appendEntries refuses a log that is not a private regular file (78), naming it', () => {
  test('a symbolic link, even to a private file: refused, and its target is not written', () => {
    const victim = join(dir, 'victim');
    fs.writeFileSync(victim, 'precious\n', { mode: 0o600 });
    fs.symlinkSync(victim, log);
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the audit log ${log} is unusable: it is a symbolic link; the log is a regular file beside the store`);
    expect(error.hint).toBe('nothing was changed; fix the file or restore it from a backup');
    expect(read(victim)).toBe('precious\n');
  });

  test('a folder', () => {
    fs.mkdirSync(log);
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the audit log ${log} is unusable: it is not a regular file`);
    expect(error.hint).toBe('nothing was changed; fix the file or restore it from a backup');
  });

  test('a FIFO: refused at once (never waited on), and left as it was, its owner too', () => {
    expect(spawnSync('mkfifo', ['-m', '600', log]).status).toBe(0);
    const before = openDescriptors();
    const error = refusalOf(() => appendEntries(log, store, { uid: OTHER_UID, gid: OTHER_UID }, [entry(1)]));
    expect(openDescriptors()).toBe(before);
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the audit log ${log} is unusable: it is not a regular file`);
    const stats = fs.lstatSync(log);
    expect(stats.isFIFO()).toBe(true);
    expect(stats.uid).toBe(process.getuid!());
  });

  test('a log others may read (0644): refused with the chmod that fixes it, and not written', () => {
    logHolding(line(1), 0o644);
    const before = openDescriptors();
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(2)]));
    expect(openDescriptors()).toBe(before);
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the audit log ${log} is unusable: its permissions 0644 let other users read or change it`);
    expect(error.hint).toBe(`make it private to you: chmod 600 ${log}`);
    expect(read()).toBe(line(1));
  });
});

describeAsRoot(`appendEntries by root for another user's store: the log is that user's ${NEEDS_CHOWN}`, () => {
  const owner = { uid: OTHER_UID, gid: OTHER_UID + 1 };

  test('a new log is given to the store\'s owner', () => {
    appendEntries(log, store, owner, [entry(1)]);
    const stats = fs.statSync(log);
    expect([stats.uid, stats.gid, stats.mode & 0o777]).toEqual([OTHER_UID, OTHER_UID + 1, 0o600]);
    expect(read()).toBe(line(1));
  });

  test('an empty log (made by an earlier version, say) is given over too', () => {
    logHolding('');
    appendEntries(log, store, owner, [entry(1)]);
    expect(fs.statSync(log).uid).toBe(OTHER_UID);
  });

  test('a log that already has lines keeps its owner', () => {
    logHolding(line(1));
    appendEntries(log, store, owner, [entry(2)]);
    expect(fs.statSync(log).uid).toBe(0);
    expect(read()).toBe(line(1) + line(2));
  });

  test('the new log after a rotation is given to the owner as well', () => {
    logHolding(wholeLines(1025, 1024));
    fs.chownSync(log, OTHER_UID, OTHER_UID + 1);
    appendEntries(log, store, owner, [entry(1)]);
    expect(fs.statSync(log).uid).toBe(OTHER_UID);
    expect(fs.statSync(`${log}.1`).uid).toBe(OTHER_UID);
    expect(read()).toBe(line(1));
  });

});

describe('appendEntries by a user other than root', () => {
  test("does not hand over, and is refused an empty log of someone else's (78)", () => {
    // Someone else: a user the log is chowned to as root (CI); the tester, pretending to be another, otherwise.
    const theirs = isRoot ? OTHER_UID : process.getuid!();
    const mine = theirs === 1000 ? 1001 : 1000;
    jest.spyOn(process, 'getuid').mockReturnValue(mine);
    logHolding('');
    if (isRoot) fs.chownSync(log, OTHER_UID, OTHER_UID);
    const error = refusalOf(() => appendEntries(log, store, { uid: mine, gid: mine }, [entry(1)]));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the audit log ${log} is unusable: it belongs to user id ${theirs}, not to you (${mine})`);
    expect(fs.statSync(log).uid).toBe(theirs);
    expect(read()).toBe('');
  });
});

describe('appendEntries on a disk that fails: 74, and no half line stays behind', () => {
  test('a write cut short by a full disk is taken back', () => {
    logHolding(`${line(1)}{"torn`);
    faults.writeRoom = 10;
    const before = openDescriptors();
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(2), entry(3)]));
    expect(openDescriptors()).toBe(before);
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not write the audit log ${log}: no space is left on the device (ENOSPC); nothing was changed`);
    expect(error.hint).toBe('make room or fix the file system, then try again');
    expect(read()).toBe(line(1));
  });

  test('a write that takes a few bytes a call (as a signal can cut one short) goes on until all is written', () => {
    logHolding(line(1));
    faults.writeChunk = 7;
    appendEntries(log, store, ROOT, [entry(2), entry(3)]);
    expect(read()).toBe(line(1) + line(2) + line(3));
  });

  test('lines the device could not flush (EIO) are taken back too', () => {
    logHolding(line(1));
    faults.sync = 'EIO';
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(2)]));
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not write the audit log ${log}: the device reported an input/output error (EIO); nothing was changed`);
    expect(read()).toBe(line(1));
  });

  test('a read-only file system: 74 naming the log, nothing made', () => {
    faults.open = ['EROFS'];
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not open the audit log ${log}: the file system is read-only (EROFS); nothing was changed`);
    expect(fs.existsSync(log)).toBe(false);
  });

  test('not allowed to open the log: 78 naming the store, with who may run it', () => {
    faults.open = ['EACCES'];
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(error).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
    expect(error.message).toBe(`the store ${store} is unusable: you are not allowed to open the audit log ${log}`);
    expect(error.hint).toBe('run household as the user the store belongs to');
  });

  test('an append leaves no file open, also after a rotation', () => {
    const before = openDescriptors();
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(openDescriptors()).toBe(before);
    logHolding(wholeLines(1025, 1024));
    appendEntries(log, store, ROOT, [entry(2)]);
    expect(openDescriptors()).toBe(before);
  });
});

describe('parseLog: the lines of one log file', () => {
  const path = '/var/lib/household/household.json.log';
  const unreadable = (which: string) => `${which} of ${path} cannot be read as audit entries (not JSON, or a field missing or of the wrong type); skipped`;
  const skipped = (line: number, known: { seq?: number; change?: boolean } = {}) => ({ skipped: true, file: path, line, ...known });

  test('an empty file has no lines and no warnings', () => {
    expect(parseLog('', path)).toEqual({ lines: [], warnings: [] });
  });

  test('every line is an entry, in order', () => {
    expect(parseLog(line(1) + line(2), path)).toEqual({ lines: [entry(1), entry(2)], warnings: [] });
  });

  test('a torn last line is skipped with a warning naming the file', () => {
    expect(parseLog(`${line(1)}{"time":"2026`, path)).toEqual({
      lines: [entry(1)],
      warnings: [`the last line of ${path} is incomplete (a writer was stopped mid-line); skipped`],
    });
  });

  test('empty lines are skipped without a word', () => {
    expect(parseLog(`\n${line(1)}\n\n${line(2)}`, path)).toEqual({ lines: [entry(1), entry(2)], warnings: [] });
  });

  test('lines that cannot be read are kept in their place as what could be read of them, with ONE warning naming them all', () => {
    const noActor = JSON.stringify({ ...entry(3), actor: null });
    const text = `${line(1)}not json\n${line(2)}\n${noActor}\n{"seq":4,"change":false}\n`;
    expect(parseLog(text, path)).toEqual({
      lines: [entry(1), skipped(2), entry(2), skipped(5, { seq: 3, change: true }), skipped(6, { seq: 4, change: false })],
      warnings: [unreadable('lines 2, 5 and 6')],
    });
  });

  test('one such line, and a torn last line after it: a warning for each', () => {
    expect(parseLog(`${line(1)}[]\n${line(2)}{"time`, path)).toEqual({
      lines: [entry(1), skipped(2), entry(2)],
      warnings: [`the last line of ${path} is incomplete (a writer was stopped mid-line); skipped`, unreadable('line 2')],
    });
  });

  test('past 20 unreadable lines the warning names the first 20 and counts the rest', () => {
    const parsed = parseLog(`${line(1)}${'x\n'.repeat(25)}`, path);
    expect(parsed.warnings).toEqual([unreadable('lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 and 5 more')]);
    expect(parsed.lines).toHaveLength(26);
  });

  const good = entry(7);
  test.each([
    ['null', 'null', {}],
    ['a number', '42', {}],
    ['a string', '"2026-11-27"', {}],
    ['a list', '[1, "2026-11-27"]', {}],
    ['an object without seq', JSON.stringify({ ...good, seq: undefined }), { change: true }],
    ['seq that is no number', JSON.stringify({ ...good, seq: '7' }), { change: true }],
    ['seq below 0', JSON.stringify({ ...good, seq: -1 }), { change: true }],
    ['seq that is no whole number', JSON.stringify({ ...good, seq: 1.5 }), { change: true }],
    ['change that is no boolean', JSON.stringify({ ...good, change: 'yes' }), { seq: 7 }],
    ['no time', JSON.stringify({ ...good, time: undefined }), { seq: 7, change: true }],
    ['time that is no string', JSON.stringify({ ...good, time: 1764244800000 }), { seq: 7, change: true }],
    ['time that is no ISO UTC time', JSON.stringify({ ...good, time: 'yesterday' }), { seq: 7, change: true }],
    ['command that is no string', JSON.stringify({ ...good, command: null }), { seq: 7, change: true }],
    ['account that is neither a name nor null', JSON.stringify({ ...good, account: 3 }), { seq: 7, change: true }],
    ['outcome that is no string', JSON.stringify({ ...good, outcome: false }), { seq: 7, change: true }],
    ['exit that is no whole number', JSON.stringify({ ...good, exit: '0' }), { seq: 7, change: true }],
    ['actor null', JSON.stringify({ ...good, actor: null }), { seq: 7, change: true }],
    ['actor a string', JSON.stringify({ ...good, actor: 'root' }), { seq: 7, change: true }],
    ['actor without a user', JSON.stringify({ ...good, actor: { sudoUser: null, from: null } }), { seq: 7, change: true }],
    ['sudoUser that is neither a name nor null', JSON.stringify({ ...good, actor: { user: 'root', sudoUser: 1, from: null } }), { seq: 7, change: true }],
    ['from that is neither an address nor null', JSON.stringify({ ...good, actor: { user: 'root', sudoUser: null, from: {} } }), { seq: 7, change: true }],
    ['details null', JSON.stringify({ ...good, details: null }), { seq: 7, change: true }],
    ['details a list', JSON.stringify({ ...good, details: [] }), { seq: 7, change: true }],
  ])('%s is no entry', (_what, text, known) => {
    expect(parseLog(`${text}\n${line(2)}`, path)).toEqual({ lines: [skipped(1, known), entry(2)], warnings: [unreadable('line 1')] });
  });

  test('an entry may hold null where a name may be missing, and fields this version does not know', () => {
    const full = { ...entry(3), account: null, actor: { user: 'op', sudoUser: null, from: null }, details: {}, extra: 'from a later version' };
    const fuller = { ...entry(4), actor: { user: 'op', sudoUser: 'carol', from: '198.51.100.4' }, time: '2026-11-27T12:00:00Z' };
    expect(parseLog(`${JSON.stringify(full)}\n${JSON.stringify(fuller)}\n`, path)).toEqual({ lines: [full, fuller], warnings: [] });
  });
});

describe('appendEntries: a torn line after a line end at the very start', () => {
  test('a log that is a line end and then a torn line keeps the line end, and nothing after it', () => {
    logHolding('\n{"time":"2026');
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(read()).toBe(`\n${line(1)}`);
  });
});

describe('appendEntries reads no more of the log than it must', () => {
  test('a log that ends with a line end: its last byte alone, in one read', () => {
    logHolding(line(1) + line(2));
    const size = fs.statSync(log).size;
    appendEntries(log, store, ROOT, [entry(3)]);
    expect(faults.reads).toEqual([[size - 1, 1]]);
    expect(read()).toBe(line(1) + line(2) + line(3));
  });

  test('an empty log: nothing', () => {
    logHolding('');
    appendEntries(log, store, ROOT, [entry(1)]);
    expect(faults.reads).toEqual([]);
    expect(read()).toBe(line(1));
  });

  test('a torn tail longer than 64 KiB: no read asks for bytes past the end of the log', () => {
    logHolding(line(1) + 'x'.repeat(150 * 1024));
    const size = fs.statSync(log).size;
    appendEntries(log, store, ROOT, [entry(2)]);
    expect(faults.reads.filter(([position, length]) => position + length > size)).toEqual([]);
    expect(read()).toBe(line(1) + line(2));
  });
});

describe('appendEntries: faults that are no torn line and no folder', () => {
  test('a log that may only be added to (chattr +a refuses a truncate): a log of whole lines is added to', () => {
    logHolding(line(1));
    faults.truncate = 'EPERM';
    appendEntries(log, store, ROOT, [entry(2)]);
    expect(read()).toBe(line(1) + line(2));
  });

  test('a disk fault moving the log to .log.1: 74 naming the log, not "not a regular file"; the log is left where it was', () => {
    const over = wholeLines(1025, 1024);
    logHolding(over);
    faults.rename = 'EIO';
    const error = refusalOf(() => appendEntries(log, store, ROOT, [entry(1)]));
    expect(error).toMatchObject({ code: 'IO_ERROR', exitCode: 74 });
    expect(error.message).toBe(`could not write the audit log ${log}: the device reported an input/output error (EIO); nothing was changed`);
    expect(read()).toBe(over);
    expect(fs.existsSync(`${log}.1`)).toBe(false);
  });
});

describeAsRoot(`appendEntries by root: an empty log that already belongs to the store's owner is left as it is ${NEEDS_CHOWN}`, () => {
  test('its group too', () => {
    logHolding('');
    fs.chownSync(log, OTHER_UID, OTHER_UID + 7);
    appendEntries(log, store, { uid: OTHER_UID, gid: OTHER_UID + 1 }, [entry(1)]);
    const stats = fs.statSync(log);
    expect([stats.uid, stats.gid]).toEqual([OTHER_UID, OTHER_UID + 7]);
    expect(read()).toBe(line(1));
  });
});
