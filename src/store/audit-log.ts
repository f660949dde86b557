import {
  closeSync,
  constants,
  fchownSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { isAuditEntry, skippedLine, type AuditEntry, type LogLine } from '../domain/audit.js';
import { safeJson } from '../domain/text.js';
import { errno } from '../domain/errors.js';
import { fileError } from './io-errors.js';
import { checkPrivateFile, currentUid, unusable } from './safety.js';

/**
 * The audit log: `<store>.log`, one JSON line per entry, appended under the store's lock before the
 * store is written. So a change is never in the store without its line; a line whose change did not
 * land (the writer was killed before its rename) carries a sequence number past the store's and is
 * never shown (src/domain/audit.ts visibleEntries); the next change takes that number again.
 */
export const MAX_LOG_BYTES = 1024 * 1024;
/** Far more than any one line: the tail that is read to find a torn last line. */
const TAIL_BYTES = 64 * 1024;

function readAt(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  // Stryker disable next-line UnaryOperator: n only has to be non-zero before the first read, which sets it; -1 and +1 both are
  for (let n = -1; n !== 0 && read < length; read += n) n = readSync(fd, buffer, read, length - read, start + read);
  return buffer.subarray(0, read);
}

/**
 * The length of the log without a torn last line (a writer killed mid-append, or a line cut short by a
 * full disk): appends always start on a fresh line. Whole lines are never cut, whatever they say.
 */
export function wholeLinesLength(fd: number, size: number): number {
  // Nearly always the log ends with a line end: one byte says so, without reading the tail.
  if (size === 0 || readAt(fd, size - 1, 1)[0] === 0x0a) return size;
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - TAIL_BYTES);
    const tail = readAt(fd, start, end - start);
    const cut = tail.lastIndexOf(0x0a);
    if (cut >= 0) return start + cut + 1;
    end = start;
  }
  return 0;
}

export interface LogOwner {
  /** The store's own stats: root writing another user's store gives its log to the same user. */
  uid: number;
  gid: number;
}

/** Opens the log for appending, checked like the store; a symlink or a FIFO at its path is refused. */
function openLog(path: string, store: string, owner: LogOwner): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  } catch (error) {
    if (errno(error) === 'ELOOP') throw unusable(path, 'it is a symbolic link; the log is a regular file beside the store', undefined, 'audit log');
    // Opening a folder for writing fails before it can be looked at: it is no log, like any other non-file.
    if (errno(error) === 'EISDIR') throw unusable(path, 'it is not a regular file', undefined, 'audit log');
    throw fileError(error, 'open the audit log', path, store);
  }
  try {
    let stats = fstatSync(fd);
    if (stats.isFile() && stats.size === 0 && currentUid() === 0 && stats.uid !== owner.uid) {
      fchownSync(fd, owner.uid, owner.gid);
      stats = fstatSync(fd);
    }
    checkPrivateFile(path, stats, 'audit log');
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Appends `entries` (under the store's lock). Cuts off a torn last line first, and moves a log
 * past 1 MiB to `<log>.1` (one older generation is kept). The lines are flushed to disk before this
 * returns, so the store written next can never be ahead of its log. Throws 74 (disk full, read-only,
 * file size limit) or 78 (not a private regular file), leaving the log as it was.
 */
export function appendEntries(path: string, store: string, owner: LogOwner, entries: AuditEntry[]): void {
  let { fd, size } = openLog(path, store, owner);
  try {
    const whole = wholeLinesLength(fd, size);
    if (whole !== size) {
      ftruncateSync(fd, whole);
      size = whole;
    }
    if (size > MAX_LOG_BYTES) {
      try {
        renameSync(path, `${path}.1`);
      } catch (error) {
        if (errno(error) === 'EISDIR') throw unusable(`${path}.1`, 'it is not a regular file', undefined, 'audit log');
        throw error;
      }
      closeSync(fd);
      fd = -1;
      ({ fd, size } = openLog(path, store, owner));
    }
    const bytes = Buffer.from(entries.map((entry) => `${safeJson(entry)}\n`).join(''), 'utf8');
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fdatasyncSync(fd);
    } catch (error) {
      // A line cut short by a full disk must not stay behind.
      try {
        ftruncateSync(fd, size);
      } catch {
        // the next writer cuts it off
      }
      throw error;
    }
  } catch (error) {
    throw fileError(error, 'write the audit log', path, store);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

export interface LogText {
  /** Every line in order, a line that cannot be read as what could be read of it (for visibleEntries). */
  lines: LogLine[];
  warnings: string[];
}

/** At most this many line numbers are named in the warning; the rest are counted. */
const NAMED_LINES = 20;

function lineList(numbers: number[]): string {
  const named = numbers.slice(0, NAMED_LINES);
  const rest = numbers.length - named.length;
  if (rest > 0) return `${named.join(', ')} and ${rest} more`;
  return named.length === 1 ? `${named[0]}` : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/**
 * Reads one log file's lines (a missing file has none). A line that cannot be read (not JSON, or a
 * field missing or of the wrong type) is skipped, and one warning names every such line; a torn last
 * line is skipped with a warning of its own. The rest are all there.
 */
export function parseLog(text: string, path: string): LogText {
  const lines: LogLine[] = [];
  const warnings: string[] = [];
  const texts = text.split('\n');
  const last = texts.pop();
  if (last !== undefined && last !== '') warnings.push(`the last line of ${path} is incomplete (a writer was stopped mid-line); skipped`);
  const unreadable: number[] = [];
  texts.forEach((line, index) => {
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    // Stryker disable next-line BlockStatement: value is still undefined when JSON.parse throws; setting it again changes nothing
    } catch {
      value = undefined;
    }
    if (isAuditEntry(value)) lines.push(value);
    else {
      unreadable.push(index + 1);
      lines.push(skippedLine(path, index + 1, value));
    }
  });
  if (unreadable.length > 0) {
    const which = unreadable.length === 1 ? 'line' : 'lines';
    warnings.push(`${which} ${lineList(unreadable)} of ${path} cannot be read as audit entries (not JSON, or a field missing or of the wrong type); skipped`);
  }
  return { lines, warnings };
}
