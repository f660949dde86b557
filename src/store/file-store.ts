// Synchronous file calls on purpose: a command does one thing at a time, and node:fs/promises would
// add its own load time (it pulls in streams and readline) to every start.
import {
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import type { Household } from '../domain/accounts.js';
import { AuditRecorder, planLines, visibleEntries, type Actor, type AuditDraft, type AuditEntry, type LogLine } from '../domain/audit.js';
import { errno, HouseholdError } from '../domain/errors.js';
import { appendEntries, parseLog } from './audit-log.js';
import { fileError, guarded } from './io-errors.js';
import { describePosition, keyPosition, syntaxErrorIn } from './json-position.js';
import { acquireLock } from './lock.js';
import { checkNewStoreFolder, checkPrivateFile, checkStorePath, isSameFile, unusable, type CheckedPath } from './safety.js';
import { parseHousehold, SchemaError, serializeHousehold } from './schema.js';
import type { HouseholdStore } from './store.js';

/** No household of 15 accounts comes near this; a larger file is refused before it is read. */
export const MAX_STORE_BYTES = 1024 * 1024;
/** Two generations of the audit log, each rotated past 1 MiB; anything far larger is not ours. */
const MAX_LOG_READ_BYTES = 8 * 1024 * 1024;

export interface FileStoreOptions {
  /** Milliseconds since the epoch, for the audit log's times. */
  now: () => number;
  /** Who is running the command, for the audit log; asked only when a line is written. */
  actor: () => Actor;
}

function noStore(path: string): HouseholdError {
  return new HouseholdError('NO_STORE', `no household store at ${path}`, (household) => `create one with: ${household} init --admin NAME (or name another store with --store PATH)`);
}

/** The store's path checked (its folders, a symlink's target), or 66 when there is nothing there. */
function inspect(path: string): CheckedPath {
  try {
    return checkStorePath(path);
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') throw noStore(path);
    if (errno(error) === 'EACCES') throw unusable(path, 'you are not allowed to look at it or its folder', 'run household as the user the store belongs to');
    throw error;
  }
}

function lstatOrNoStore(target: string, path: string): Stats {
  try {
    return lstatSync(target);
  } catch (error) {
    if (errno(error) === 'ENOENT') throw noStore(path);
    throw error;
  }
}

interface Snapshot {
  household: Household;
  stats: Stats;
  target: string;
  /** The file's bytes as read, so that a second read finding the same bytes need not parse them again. */
  bytes: Buffer;
}

function describeSchemaError(error: SchemaError, text: string): string {
  if (error.unknownKey === undefined) return error.message;
  const position = keyPosition(text, error.path, error.unknownKey);
  return position ? `${error.message} at ${describePosition(position)}` : error.message;
}

/**
 * Reads the bytes of an open file, refusing one over `limit` bytes (from fstat) before reading it, with
 * `tooLarge` added to say why, and one that holds more than fstat said (it grew while it was read).
 */
function readOpen(fd: number, stats: Stats, limit: number, refuse: (problem: string) => HouseholdError, tooLarge = ''): Buffer {
  if (stats.size > limit) throw refuse(`it is ${stats.size} bytes, over the ${limit}-byte limit${tooLarge}`);
  const bytes = readUpTo(fd, stats.size);
  if (bytes.length > stats.size) throw refuse('it changed while it was read (was it edited by hand?)');
  return bytes;
}

/** Up to `size` + 1 bytes of an open file: one byte more than fstat said shows a file that grew since. */
function readUpTo(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  // Stryker disable next-line UnaryOperator: n only has to be non-zero before the first read, which sets it; -1 and +1 both are
  for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length);
  return buffer.subarray(0, length);
}

function parseStore(path: string, bytes: Buffer): Household {
  if (!isUtf8(bytes)) throw unusable(path, 'it is not UTF-8 text');
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw unusable(path, 'it is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the file: say where and what instead.
    const syntax = syntaxErrorIn(text);
    throw unusable(path, syntax ? `it is not valid JSON: ${syntax.problem} at ${describePosition(syntax.position)}` : 'it is not valid JSON');
  }
  try {
    return parseHousehold(json);
  } catch (error) {
    if (error instanceof SchemaError) throw unusable(path, describeSchemaError(error, text));
    throw error;
  }
}

/**
 * The store as it is now. The file opened must be the one whose path was checked (O_NOFOLLOW refuses a
 * symlink swapped in since; another inode means the file was replaced): a replacement by a writer that
 * renamed in a new version is read again.
 */
function readStore(path: string, earlier?: Snapshot): Snapshot {
  for (let attempt = 0; ; attempt += 1) {
    // Read again after an `earlier` read (under the lock), the folders checked a moment before are taken
    // as they were: only the file is looked at again.
    const checked = earlier === undefined ? inspect(path) : { target: earlier.target, stats: lstatOrNoStore(earlier.target, path) };
    let fd: number;
    try {
      // O_NONBLOCK: a FIFO must be refused, not waited on.
      fd = openSync(checked.target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (error) {
      if (attempt < 2 && (errno(error) === 'ELOOP' || errno(error) === 'ENOENT')) continue;
      if (errno(error) === 'EACCES') throw unusable(path, 'you are not allowed to read it', 'run household as the user the store belongs to');
      throw fileError(error, 'read', path, path);
    }
    try {
      const stats = fstatSync(fd);
      if (!isSameFile(stats, checked.stats)) {
        if (attempt < 2) continue;
        throw new HouseholdError('STORE_LOCKED', `the store ${path} kept changing while it was read`, 'try again');
      }
      if (!stats.isFile()) throw unusable(path, 'it is not a regular file');
      const bytes = readOpen(fd, stats, MAX_STORE_BYTES, (problem) => unusable(path, problem), '; no household store is that large');
      // The same bytes as the earlier read hold the same household: parsing them again would change
      // nothing but the time taken.
      const household = earlier !== undefined && earlier.bytes.equals(bytes) ? earlier.household : parseStore(path, bytes);
      // Modes and owner after the content: a file that is no store at all gets no chmod advice.
      checkPrivateFile(path, stats);
      return { household, stats, target: checked.target, bytes };
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Temporary files are named so that the next writer, holding the lock, can recognise a dead one's. The
 * pid and clock make the name unique enough; 'wx' refuses a clash rather than share a file. (Not
 * node:crypto: loading it costs more start-up than the whole write.)
 */
function tempName(path: string): string {
  const stamp = (process.hrtime.bigint() & 0xffffffffn).toString(16).padStart(8, '0');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${stamp}.tmp`);
}

export function isTempOf(path: string, entry: string): boolean {
  const prefix = `.${basename(path)}.`;
  return entry.startsWith(prefix) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(entry.slice(prefix.length));
}

/**
 * Flushes the folder of `path` once a new file is in place there. A fault then cannot say "nothing was
 * changed": `done` has happened, and only a power cut before the disk catches up could undo it.
 */
function syncPlaced(path: string, done: string): void {
  try {
    syncFolder(dirname(path));
  } catch (error) {
    throw new HouseholdError('IO_ERROR', `${done}, but its folder could not be flushed to disk (${errno(error) ?? 'unknown error'}): a power cut could still undo it`, 'make room or fix the file system');
  }
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a complete, flushed, 0600 copy beside `path`; returns its name. */
function writeTemp(path: string, text: string, owner?: Stats): string {
  const temp = tempName(path);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    // Root may change another user's store; the file must stay theirs, or they would be refused.
    if (owner && process.getuid?.() === 0 && owner.uid !== 0) fchownSync(fd, owner.uid, owner.gid);
    // Stryker disable next-line StringLiteral: Buffer.from with an empty encoding name takes utf8, the same bytes
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    removeQuietly(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** Under the lock no other writer is running, so any temporary file left is a killed writer's. */
function removeDeadTemps(target: string): void {
  for (const entry of readdirSync(dirname(target))) {
    if (isTempOf(target, entry)) removeQuietly(join(dirname(target), entry));
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    if (errno(error) === 'ENOENT') return false;
    throw error;
  }
}

export interface StoreOwner {
  uid: number;
  gid: number;
}

export class FileStore implements HouseholdStore {
  private resolved?: Promise<string>;
  /** Who owns the store, as its last read found: its key file must be theirs too (FileKeys). */
  private owner?: StoreOwner;

  constructor(
    private readonly resolvePath: () => Promise<string>,
    private readonly options: FileStoreOptions,
  ) {}

  location(): Promise<string> {
    this.resolved ??= this.resolvePath();
    return this.resolved;
  }

  /** Nothing at the store's path and no audit log of an earlier store beside it: checked before init asks anything. */
  async ensureAbsent(): Promise<void> {
    const path = await this.location();
    try {
      lstatSync(path);
    } catch (error) {
      if (errno(error) === 'ENOENT') {
        const log = `${path}.log`;
        if (exists(log)) {
          throw new HouseholdError('STORE_EXISTS', `an audit log of an earlier store is at ${log}; init never adds to it`, 'move it away (it is that store\'s history), then run init again');
        }
        return;
      }
      if (errno(error) === 'ENOTDIR') {
        throw new HouseholdError('CANNOT_CREATE', `cannot create the store at ${path}: a part of that path is a file, not a folder`, 'choose another place with --store PATH');
      }
      throw error;
    }
    throw new HouseholdError('STORE_EXISTS', `something already exists at ${path}; init never replaces it`, 'to start over, move it away first; to use another store, pass --store PATH');
  }

  async create(household: Household, line: AuditDraft): Promise<string> {
    const path = await this.location();
    const folder = dirname(path);
    const log = `${path}.log`;
    checkNewStoreFolder(path, folder);
    try {
      // Only folders made here get 0700; an existing folder is the operator's business.
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      const code = errno(error);
      if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST') {
        throw new HouseholdError('CANNOT_CREATE', `cannot create the store at ${path}: ${code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of that path is a file, not a folder' : 'you may not make its folder'}`, 'choose another place with --store PATH');
      }
      throw fileError(error, 'make the folder of', path, path);
    }
    // Looked at before the lock too (init asks it before any prompt), so that a refused init leaves no
    // lock folder behind.
    await this.ensureAbsent();
    const release = await acquireLock(path);
    try {
      // Again under the lock: another init may have made either since the first look.
      await this.ensureAbsent();
      const first = structuredClone(household);
      const recorder = new AuditRecorder();
      recorder.change(line);
      const entries = planLines({ ...household, sequence: 0 }, first, true, recorder, this.options.now(), this.options.actor);
      const temp = guarded('write', path, path, () => writeTemp(path, serializeHousehold(first)));
      try {
        // Stryker disable next-line LogicalOperator: the owner is used only by root (uid 0 with ?? and && alike) to hand over an empty log of another user, and init under its lock refuses any log there
        appendEntries(log, path, { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }, entries);
        // link() refuses an existing target, so nothing can be replaced even by a writer without our lock.
        guarded('create', path, path, () => linkSync(temp, path));
      } catch (error) {
        // The log was made here, under the lock: a store that was never made leaves no history behind.
        if (!exists(path)) removeQuietly(log);
        throw error;
      } finally {
        removeQuietly(temp);
      }
      syncPlaced(path, `made the store at ${path}`);
      return path;
    } finally {
      release();
    }
  }

  async read(): Promise<Household> {
    return this.seen(readStore(await this.location())).household;
  }

  /** The owner of the store as last read; undefined before any read (init: the store is not there yet). */
  ownerOf(): StoreOwner | undefined {
    return this.owner;
  }

  private seen(snapshot: Snapshot): Snapshot {
    this.owner = { uid: snapshot.stats.uid, gid: snapshot.stats.gid };
    return snapshot;
  }

  async update<T>(change: (household: Household, audit: AuditRecorder) => T | Promise<T>): Promise<T> {
    const path = await this.location();
    // The store is read and checked before anything is made beside it: a command on a file that is
    // no store (or not a safe one) leaves no lock behind.
    const first = this.seen(readStore(path));
    const { target } = first;
    const release = await acquireLock(target, { owner: first.stats });
    try {
      removeDeadTemps(target);
      // Read again under the lock: another writer may have changed the store while this one waited.
      const before = readStore(path, first);
      const household = structuredClone(before.household);
      const recorder = new AuditRecorder();
      const result = await change(household, recorder);
      const changed = serializeHousehold(household) !== serializeHousehold(before.household);
      const entries = planLines(before.household, household, changed, recorder, this.options.now(), this.options.actor);
      // The lines first: a store is never ahead of its log. If they cannot be written, nothing is.
      if (entries.length > 0) appendEntries(`${target}.log`, path, before.stats, entries);
      const durable = entries.some((entry) => entry.change);
      if (changed) guarded('write', path, path, () => this.replace(path, target, serializeHousehold(household), before, durable));
      return result;
    } finally {
      release();
    }
  }

  /**
   * `durable`: the write is a change with its line in the log, and the folder is flushed too, so the
   * rename survives a power cut. A write of bookkeeping alone (an attempt recorded or taken back) skips
   * that: lost to a power cut, the old store (whole, as the temporary file was flushed) is still there.
   */
  private replace(path: string, target: string, text: string, before: Snapshot, durable: boolean): void {
    const temp = writeTemp(target, text, before.stats);
    try {
      // A second line of defence behind the lock: the file about to be replaced must hold exactly the
      // bytes this change was made from. Bytes, not an inode number: ext4 hands a freed inode number
      // out again, so a file replaced twice can carry the number it had.
      if (!holdsBytes(target, before.bytes)) {
        throw new HouseholdError('STORE_LOCKED', `another process changed ${path} while this command held the lock; nothing was changed`, 'try again');
      }
      renameSync(temp, target);
    } catch (error) {
      removeQuietly(temp);
      throw error;
    }
    if (durable) syncPlaced(target, `changed ${path}`);
  }

  async readLog(): Promise<{ entries: AuditEntry[]; warnings: string[] }> {
    const path = await this.location();
    const snapshot = readStore(path);
    const lines: LogLine[] = [];
    const warnings: string[] = [];
    for (const file of [`${snapshot.target}.log.1`, `${snapshot.target}.log`]) {
      const text = readLogFile(file, path);
      if (text === undefined) continue;
      const parsed = parseLog(text, file);
      warnings.push(...parsed.warnings);
      lines.push(...parsed.lines);
    }
    const entries = visibleEntries(lines, snapshot.household.sequence, (warning) => warnings.push(warning));
    return { entries, warnings };
  }
}

/** Whether the file at `target` holds exactly `bytes` (a file gone or of another size does not). */
function holdsBytes(target: string, bytes: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ELOOP') return false;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    return stats.isFile() && stats.size === bytes.length && readUpTo(fd, bytes.length).equals(bytes);
  } finally {
    closeSync(fd);
  }
}

function readLogFile(file: string, store: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    if (errno(error) === 'ELOOP') throw unusable(file, 'it is a symbolic link; the log is a regular file beside the store', undefined, 'audit log');
    throw fileError(error, 'read the audit log', file, store);
  }
  try {
    const stats = fstatSync(fd);
    checkPrivateFile(file, stats, 'audit log');
    const bytes = readOpen(fd, stats, MAX_LOG_READ_BYTES, (problem) => unusable(file, problem, undefined, 'audit log'));
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
