// Synchronous file calls, as in file-store.ts: one small file, read once per command that checks a secret.
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errno, HouseholdError } from '../domain/errors.js';
import { formatKeyFile, KEY_BYTES, keyFileUnusable, parseKeyFile, type Key } from '../domain/keys.js';
import { configFolder } from '../io/preferences.js';
import { fileError } from './io-errors.js';
import { checkNewStoreFolder, checkPrivateFile, checkStorePath, isSameFile, type Subject } from './safety.js';

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
  constructor(private readonly env: Record<string, string | undefined>) {}

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
      if (stats.size > MAX_KEY_FILE_BYTES) throw keyFileUnusable(path, `it is ${stats.size} bytes, over the ${MAX_KEY_FILE_BYTES}-byte limit of a key file`);
      const buffer = Buffer.alloc(stats.size);
      let length = 0;
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
      throw fileError(error, 'look at', path, path);
    }
    throw keyFileThere(path);
  }

  async create(path: string, keys: readonly Key[]): Promise<void> {
    const folder = dirname(path);
    checkNewStoreFolder(path, folder, KEY_FILE);
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      // Something on the way is a file: the key file is not there, so not "a file is already at PATH".
      if (errno(error) === 'EEXIST' || errno(error) === 'ENOTDIR') throw new HouseholdError('CANNOT_CREATE', `cannot make the folder ${folder} for the key file: a part of it is not a folder`, 'choose another place: --key PATH');
      throw fileError(error, 'create', folder, path);
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
      throw fileError(error, 'create', path, path);
    }
  }

  async replace(path: string, keys: readonly Key[]): Promise<void> {
    const { target } = checkStorePath(path, KEY_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    let fd: number;
    try {
      fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      // Left by a command that crashed with this process id: not ours to remove, and never followed.
      if (errno(error) === 'EEXIST') throw new HouseholdError('CANNOT_CREATE', `a file is already at ${temporary}, where the new key file is written first; nothing was changed`, 'if no household command is running, remove it and try again');
      throw fileError(error, 'write', path, path);
    }
    try {
      try {
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
      throw fileError(error, 'write', path, path);
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

function keyFileThere(path: string): HouseholdError {
  return new HouseholdError('CANNOT_CREATE', `a file is already at ${path}, where the key file would go; nothing was changed`, 'move it away (it may be the key of another store), or choose another place: --key PATH');
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
  fsyncSync(fd);
}
