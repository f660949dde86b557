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
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Household } from '../domain/accounts.js';
import { HouseholdError } from '../domain/errors.js';
import { parseHousehold, SchemaError, serializeHousehold } from './schema.js';
import { acquireLock } from './lock.js';
import type { HouseholdStore } from './store.js';

/** No household of 15 accounts comes near this; a larger file is refused before it is read. */
export const MAX_STORE_BYTES = 1024 * 1024;

const INIT_HINT = 'create one with: household init --admin NAME (or name another with --store PATH)';

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function noStore(path: string): HouseholdError {
  return new HouseholdError('NO_STORE', `no household store at ${path}`, INIT_HINT);
}

function unusable(path: string, problem: string, hint = 'nothing was changed; fix the file or restore it from a backup'): HouseholdError {
  return new HouseholdError('STORE_UNUSABLE', `the store ${path} is unusable: ${problem}`, hint);
}

/** Refuses a store others may read or write, or that belongs to someone else, as ssh does with keys. */
function checkOwnership(path: string, stats: Stats): void {
  if (!stats.isFile()) throw unusable(path, 'it is not a regular file');
  const loose = stats.mode & 0o077;
  if (loose !== 0) {
    throw unusable(
      path,
      `its permissions ${(stats.mode & 0o777).toString(8).padStart(4, '0')} let other users read or change it`,
      `make it private to you: chmod 600 ${path}`,
    );
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && stats.uid !== uid) {
    throw unusable(path, `it belongs to user id ${stats.uid}, not to you (${uid})`, `its owner can hand it over: chown ${uid} ${path}`);
  }
}

interface Snapshot {
  household: Household;
  stats: Stats;
}

function readStore(path: string): Snapshot {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO at the store's path must be refused, not waited on.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') throw noStore(path);
    if (errno(error) === 'EACCES') throw unusable(path, 'you are not allowed to read it');
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    checkOwnership(path, stats);
    if (stats.size > MAX_STORE_BYTES) {
      throw unusable(path, `it is ${stats.size} bytes, over the ${MAX_STORE_BYTES}-byte limit; no household store is that large`);
    }
    // Room for one byte past the stat's size, to see a file that grew since; never past the limit.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, MAX_STORE_BYTES) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length);
    if (length === buffer.length) throw unusable(path, 'it changed while it was read (was it edited by hand?)', 'try again');
    const text = buffer.toString('utf8', 0, length);
    if (text.trim() === '') throw unusable(path, 'it is empty');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw unusable(path, `it is not valid JSON (${(error as Error).message})`);
    }
    try {
      return { household: parseHousehold(json), stats };
    } catch (error) {
      if (error instanceof SchemaError) throw unusable(path, error.message);
      throw error;
    }
  } finally {
    closeSync(fd);
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

function isTempOf(path: string, entry: string): boolean {
  const prefix = `.${basename(path)}.`;
  return entry.startsWith(prefix) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(entry.slice(prefix.length));
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

export class FileStore implements HouseholdStore {
  private resolved?: Promise<string>;

  constructor(private readonly resolvePath: () => Promise<string>) {}

  location(): Promise<string> {
    this.resolved ??= this.resolvePath();
    return this.resolved;
  }

  async ensureAbsent(): Promise<void> {
    const path = await this.location();
    try {
      lstatSync(path);
    } catch (error) {
      if (errno(error) === 'ENOENT') return;
      if (errno(error) === 'ENOTDIR') {
        throw new HouseholdError('CANNOT_CREATE', `cannot create the store at ${path}: a part of that path is a file, not a folder`, 'choose another place with --store PATH');
      }
      throw error;
    }
    throw new HouseholdError('STORE_EXISTS', `something already exists at ${path}; init never replaces it`, 'to start over, move it away first; to use another store, pass --store PATH');
  }

  async create(household: Household): Promise<string> {
    const path = await this.location();
    const folder = dirname(path);
    let temp: string;
    try {
      // Only folders made here get 0700; an existing folder is the operator's business.
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      temp = writeTemp(path, serializeHousehold(household));
    } catch (error) {
      const code = errno(error);
      if (code && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC'].includes(code)) {
        throw new HouseholdError('CANNOT_CREATE', `cannot create the store at ${path}: ${(error as Error).message}`, 'choose another place with --store PATH');
      }
      throw error;
    }
    try {
      // link() refuses an existing target, so two inits racing cannot both win.
      linkSync(temp, path);
    } catch (error) {
      if (errno(error) === 'EEXIST') await this.ensureAbsent();
      throw error;
    } finally {
      removeQuietly(temp);
    }
    syncFolder(folder);
    return path;
  }

  async read(): Promise<Household> {
    return readStore(await this.location()).household;
  }

  async update<T>(change: (household: Household) => T | Promise<T>): Promise<T> {
    const path = await this.location();
    let target: string;
    try {
      // The lock and the write go to the file a symlink points to, so the link stays a link.
      target = realpathSync(path);
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') throw noStore(path);
      throw error;
    }
    const release = await acquireLock(target);
    try {
      removeDeadTemps(target);
      const before = readStore(target);
      const household = structuredClone(before.household);
      const result = await change(household);
      const text = serializeHousehold(household);
      if (text !== serializeHousehold(before.household)) {
        const temp = writeTemp(target, text, before.stats);
        try {
          // Every write renames a new file in, so another inode means another writer got in (a lock
          // lost to a stale-lock takeover race): stop rather than overwrite its change.
          if (statSync(target).ino !== before.stats.ino) {
            throw new HouseholdError('STORE_LOCKED', `another process changed ${path} while this command held the lock; nothing was changed`, 'try again');
          }
          renameSync(temp, target);
        } catch (error) {
          removeQuietly(temp);
          throw error;
        }
        syncFolder(dirname(target));
      }
      return result;
    } finally {
      release();
    }
  }
}
