// Synchronous file calls, as in file-store.ts: one small file, read once per command that checks a secret.
import { closeSync, constants, fchownSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errno, HouseholdError } from '../domain/errors.js';
import { formatKeyFile, KEY_BYTES, keyFileUnusable, parseKeyFile, type Key } from '../domain/keys.js';
import { configFolder } from '../io/preferences.js';
import { fileError } from './io-errors.js';
import type { StoreOwner } from './file-store.js';
import { userName } from './owners.js';
import { checkNewStoreFolder, checkPrivateFile, checkStorePath, currentUid, isSameFile, type Subject } from './safety.js';

/** What command handlers know of key files: this one in production, a memory one in tests. */
export interface KeyFiles {
  /** Where `init` puts the key file of the store at `storePath` unless told: `$XDG_CONFIG_HOME/household/<store file name>.key`. */
  defaultPath(storePath: string): string;
  /** The keys, oldest first; 78 naming the file when it is missing, unsafe (owner, mode, folder) or not a key file. */
  read(path: string): Promise<Key[]>;
  /** A new random key whose id none of `taken` has. */
  generate(taken: readonly string[]): Promise<Key>;
  /** 73 when anything is at `path` (checked again by `create`): before a person types for nothing. */
  ensureAbsent(path: string): Promise<void>;
  /** Makes the file (0600; its folder 0700 when new); 73 when anything is at `path`. */
  create(path: string, keys: readonly Key[]): Promise<void>;
  /** Replaces the keys of the file (rotate, prune) in one rename; the file must be usable (`read`). */
  replace(path: string, keys: readonly Key[]): Promise<void>;
  /** Removes a file `create` just made, when what it was made for failed. */
  discard(path: string): Promise<void>;
}

const KEY_FILE: Subject = {
  what: 'key file',
  code: 'STORE_UNUSABLE',
  swap: 'swap the key file',
  elsewhere: "keep the key file in a folder of your own (or root's)",
};

/** A key file is a few lines; anything larger is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export class FileKeys implements KeyFiles {
  constructor(
    private readonly env: Record<string, string | undefined>,
    /**
     * The owner of the store whose key file this is, once the store was read. Its key file must be
     * theirs: root running a command on a user's store must not read (or prune) a key file of root's or
     * of a third user's that the store names, nor root's own store take a key file another user can write.
     */
    private readonly storeOwner: () => StoreOwner | undefined = () => undefined,
  ) {}

  defaultPath(storePath: string): string {
    return join(configFolder(this.env), `${basename(storePath)}.key`);
  }

  async read(path: string): Promise<Key[]> {
    let checked;
    try {
      checked = checkStorePath(path, KEY_FILE);
    } catch (error) {
      throw this.openError(error, path);
    }
    let fd: number;
    try {
      fd = openSync(checked.target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (error) {
      throw this.openError(error, path);
    }
    try {
      const stats = fstatSync(fd);
      if (!isSameFile(stats, checked.stats)) throw keyFileUnusable(path, 'it changed while it was read', 'try again');
      checkPrivateFile(path, stats, 'key file');
      const owner = this.storeOwner();
      if (owner !== undefined && stats.uid !== owner.uid) {
        throw keyFileUnusable(path, `it belongs to ${userName(stats.uid)}, and the store to ${userName(owner.uid)}`, `a store's key file belongs to the store's owner: chown ${owner.uid}:${owner.gid} ${path}, or restore the store's own key file`);
      }
      if (stats.size > MAX_KEY_FILE_BYTES) throw keyFileUnusable(path, `it is ${stats.size} bytes, over the ${MAX_KEY_FILE_BYTES}-byte limit of a key file`);
      const buffer = Buffer.alloc(stats.size);
      let length = 0;
      // Stryker disable next-line UnaryOperator: n only has to be non-zero before the first read, which sets it; -1 and +1 both are
      for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length);
      return parseKeyFile(path, buffer.subarray(0, length).toString('utf8'));
    } finally {
      closeSync(fd);
    }
  }

  private openError(error: unknown, path: string): unknown {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return keyFileUnusable(path, 'it does not exist');
    if (errno(error) === 'EACCES') return keyFileUnusable(path, 'you are not allowed to read it', 'run household as the user the store belongs to');
    if (errno(error) === 'ELOOP') return keyFileUnusable(path, 'it is a symbolic link that was swapped in while it was read', 'try again');
    return error;
  }

  async generate(taken: readonly string[]): Promise<Key> {
    // node:crypto only here, where a key is made: not worth its load time at every start.
    const { randomBytes } = process.getBuiltinModule('node:crypto');
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!taken.includes(id)) return { id, bytes: new Uint8Array(randomBytes(KEY_BYTES)) };
    }
  }

  async ensureAbsent(path: string): Promise<void> {
    try {
      lstatSync(path);
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return;
      throw keyFileError(error, 'look at', path);
    }
    throw keyFileThere(path);
  }

  async create(path: string, keys: readonly Key[]): Promise<void> {
    const owner = this.storeOwner();
    if (owner !== undefined && currentUid() === 0 && owner.uid !== 0) {
      const name = userName(owner.uid);
      // sudo takes a user without a name as #uid.
      const asOwner = name === `user id ${owner.uid}` ? `'#${owner.uid}'` : name;
      throw new HouseholdError('REFUSED', `the store belongs to ${name}: a key file root made would be root's, which ${name} could not read`, `run it as the store's owner: sudo -u ${asOwner} household ... key init`);
    }
    const folder = dirname(path);
    try {
      checkNewStoreFolder(path, folder, KEY_FILE);
    } catch (error) {
      throw keyFileError(error, 'create', path);
    }
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      // Something on the way is a file: the key file is not there, so not "a file is already at PATH".
      if (errno(error) === 'EEXIST' || errno(error) === 'ENOTDIR') throw new HouseholdError('CANNOT_CREATE', `cannot make the folder ${folder} for the key file: a part of it is not a folder`, 'choose another place: --key PATH');
      throw keyFileError(error, 'create', path);
    }
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeAll(fd, formatKeyFile(keys));
      } catch (error) {
        closeSync(fd);
        unlinkSync(path);
        throw error;
      }
      closeSync(fd);
    } catch (error) {
      if (errno(error) === 'EEXIST') throw keyFileThere(path);
      throw keyFileError(error, 'create', path);
    }
  }

  async replace(path: string, keys: readonly Key[]): Promise<void> {
    const { target, stats } = checkStorePath(path, KEY_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    let fd: number;
    try {
      fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      // Left by a command that crashed with this process id: not ours to remove, and never followed.
      if (errno(error) === 'EEXIST') throw new HouseholdError('CANNOT_CREATE', `a file is already at ${temporary}, where the new key file is written first; nothing was changed`, 'if no household command is running, remove it and try again');
      throw keyFileError(error, 'write', path);
    }
    try {
      try {
        // Root rotating a user's key file leaves it that user's, or the user could no longer read it.
        if (currentUid() === 0 && (stats.uid !== 0 || stats.gid !== 0)) fchownSync(fd, stats.uid, stats.gid);
        writeAll(fd, formatKeyFile(keys));
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
    } catch (error) {
      try {
        unlinkSync(temporary);
      } catch {
        // renamed already
      }
      throw keyFileError(error, 'write', path);
    }
  }

  async discard(path: string): Promise<void> {
    try {
      unlinkSync(path);
    } catch {
      // nothing to take back
    }
  }
}

/**
 * An error of the file system about the key file at `path`, as a person reads it: named as the key file
 * (not "the store"), a path the system will not take (too long, on a file system that makes no files
 * such as /proc) as 73 with another place to choose, a disk fault as 74 (fileError).
 */
function keyFileError(error: unknown, doing: string, path: string): unknown {
  const code = errno(error);
  if (code === 'EACCES' || code === 'EPERM') return keyFileUnusable(path, `you are not allowed to ${doing} it`, 'run household as the user the store belongs to');
  if (doing !== 'write' && (code === 'ENAMETOOLONG' || code === 'ENOENT')) {
    const why = code === 'ENAMETOOLONG' ? 'the path is too long' : 'its folder takes no new files';
    return new HouseholdError('CANNOT_CREATE', `cannot create the key file at ${path}: ${why} (${code}); nothing was changed`, 'choose another place: --key PATH');
  }
  return fileError(error, doing, path, path);
}

function keyFileThere(path: string): HouseholdError {
  return new HouseholdError('CANNOT_CREATE', `a file is already at ${path}, where the key file would go; nothing was changed`, 'move it away (it may be the key of another store), or choose another place: --key PATH');
}

function writeAll(fd: number, text: string): void {
  // Stryker disable next-line StringLiteral: Buffer.from with an empty encoding name takes utf8, the same bytes
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
  fsyncSync(fd);
}
