import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { errno, HouseholdError } from '../domain/errors.js';

/**
 * ssh's StrictModes, for the store: the rules and the lockout protect accounts from people who can run
 * household but not write the store, and a person who can write the store's folder can swap the file for
 * a symlink to another store, plant a store of their own, or plant its lock. So the folder that holds the
 * store (and, through a symlink, the folder that holds its target) must be writable by nobody but the
 * user running the command (or root); folders further up may be writable by others only with the sticky
 * bit, as /tmp is, where nobody can rename what is ours.
 */
export function currentUid(): number | undefined {
  return process.getuid?.();
}

/** `what` names the file: the store, or one beside it (its lock, its audit log). */
export function unusable(path: string, problem: string, hint = 'nothing was changed; fix the file or restore it from a backup', what = 'store'): HouseholdError {
  return new HouseholdError('STORE_UNUSABLE', `the ${what} ${path} is unusable: ${problem}`, hint);
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/** What a path names, for the checks' messages: the store, or the config file that may name it. */
export interface Subject {
  what: string;
  code: 'STORE_UNUSABLE' | 'CONFIG_UNUSABLE';
  /** What another user who may write a folder on the way could do. */
  swap: string;
  /** The hint when a folder on the way belongs to another user. */
  elsewhere: string;
}

const STORE: Subject = {
  what: 'store',
  code: 'STORE_UNUSABLE',
  swap: 'swap the store or plant its lock',
  elsewhere: "keep the store in a folder of your own (or root's): household --store PATH",
};

export const CONFIG_FILE: Subject = {
  what: 'config file',
  code: 'CONFIG_UNUSABLE',
  swap: 'swap the config file and choose your store',
  elsewhere: 'keep it in a folder of your own ($XDG_CONFIG_HOME), or name the store with --store PATH',
};

function refuse(subject: Subject, path: string, problem: string, hint: string): HouseholdError {
  return new HouseholdError(subject.code, `the ${subject.what} ${path} is unusable: ${problem}`, hint);
}

/** Whether someone other than `uid` (or root, who can write anything anyway) may write in this folder. */
function othersMayWrite(stats: Stats, uid: number, stickyProtects: boolean): boolean {
  if (stats.uid !== uid && stats.uid !== 0) return true;
  if ((stats.mode & 0o022) === 0) return false;
  return !(stickyProtects && (stats.mode & 0o1000) !== 0);
}

/** Where in the store's path a folder was met, for the message. */
type Place = { kind: 'store' } | { kind: 'link'; link: string };

function checkChain(subject: Subject, storePath: string, folder: string, uid: number, place: Place = { kind: 'store' }): void {
  for (let dir = folder, first = true; ; first = false) {
    const stats = statSync(dir);
    if (othersMayWrite(stats, uid, !first)) {
      const whose = stats.uid !== uid && stats.uid !== 0 ? `belongs to user id ${stats.uid}` : `has mode ${octal(stats.mode)}`;
      const hint =
        stats.uid !== uid && stats.uid !== 0
          ? subject.elsewhere
          : first
            ? `let nobody else write there: chmod go-w ${dir}`
            : `let nobody else write there (chmod go-w ${dir}), or set the sticky bit as /tmp has (chmod +t ${dir})`;
      const where = place.kind === 'store' ? `its folder ${first ? '' : 'path '}${dir}` : `the folder ${first ? '' : 'path '}${dir} of its symbolic link ${place.link}`;
      throw refuse(subject, storePath, `${where} ${whose}, so other users could ${subject.swap}`, hint);
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** As Linux's MAXSYMLINKS: more links than this in one path is a loop, or as good as one. */
export const MAX_LINKS = 40;

/**
 * `path` resolved as the kernel would, one part at a time, following every symbolic link (of the file
 * or of any folder on the way, and of every link a link leads to) by reading it rather than through
 * the kernel. Each link's own folder is checked like the store's folder before the link is read:
 * whoever may write there chooses where the rest of the path goes. The result names no link (every
 * folder in it is real), so the folders above it are exactly the ones checked afterwards. ENOENT and
 * ENOTDIR are left to the caller.
 */
function resolveChecked(subject: Subject, storePath: string, path: string, uid: number | undefined): string {
  // Without user ids (Windows) there is nothing to check on the way, and drive letters to mind.
  if (uid === undefined) return realpathSync.native(path);
  const pending = path.split(sep);
  let real: string = sep;
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    // Stryker disable next-line all: shortcuts only; join() makes '', '.' and '..' of a real path the same folder
    if (part === '' || part === '.') continue;
    // Stryker disable next-line all: as above (the parent of a path that names no link names none either)
    if (part === '..') {
      real = dirname(real);
      continue;
    }
    const next = join(real, part);
    if (!lstatSync(next).isSymbolicLink()) {
      real = next;
      continue;
    }
    links += 1;
    if (links > MAX_LINKS) {
      throw refuse(subject, storePath, `its path leads through more than ${MAX_LINKS} symbolic links (a loop?)`, `name the ${subject.what} itself, not a link to it`);
    }
    // Checked before it is read: where fs.protected_symlinks is on (most distributions), following
    // another user's link in a sticky shared folder is EACCES, which would hide the real problem.
    checkChain(subject, storePath, real, uid, next === storePath ? { kind: 'store' } : { kind: 'link', link: next });
    const target = readlinkSync(next);
    if (isAbsolute(target)) real = sep;
    pending.unshift(...target.split(sep));
  }
  return real;
}

export interface CheckedPath {
  /** The file itself: the store path with every symlink resolved. Locks and writes go here. */
  target: string;
  /** The target as it was checked; what is opened later must be this same file. */
  stats: Stats;
}

/**
 * Checks the folders of `path`, of every symlink on the way to the file and of the file itself, and
 * returns the file to use. ENOENT and ENOTDIR are left to the caller, which knows whether a missing
 * store is an error.
 */
export function checkStorePath(path: string, subject = STORE): CheckedPath {
  const uid = currentUid();
  const target = resolveChecked(subject, path, path, uid);
  if (uid !== undefined) checkChain(subject, path, dirname(target), uid);
  return { target, stats: lstatSync(target) };
}

/** The folder a new store goes in, before anything is made there (init). */
export function checkNewStoreFolder(path: string, folder: string, subject = STORE): void {
  const uid = currentUid();
  if (uid === undefined) return;
  try {
    checkChain(subject, path, resolveChecked(subject, path, folder, uid), uid);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
    // Not made yet: it will be made 0700; the folders above it are what must be safe.
    const parent = dirname(folder);
    // Stryker disable next-line ConditionalExpression: only / is its own parent, and / always exists
    if (parent !== folder) checkNewStoreFolder(path, parent, subject);
  }
}

/**
 * A file of the store's (the store, its log): a regular file that nobody else may read or write,
 * belonging to the user running the command (root may use another user's).
 */
/** Whether a file or folder belongs to a user other than the one running the command (root owns nothing it may not use). */
export function belongsToSomeoneElse(stats: Pick<Stats, 'uid'>): boolean {
  const uid = currentUid();
  return uid !== undefined && uid !== 0 && stats.uid !== uid;
}

export function checkPrivateFile(path: string, stats: Stats, what = 'store'): void {
  if (!stats.isFile()) throw unusable(path, 'it is not a regular file', undefined, what);
  if ((stats.mode & 0o077) !== 0) {
    throw unusable(path, `its permissions ${octal(stats.mode & 0o777)} let other users read or change it`, `make it private to you: chmod 600 ${path}`, what);
  }
  if (belongsToSomeoneElse(stats)) {
    const uid = currentUid();
    throw unusable(path, `it belongs to user id ${stats.uid}, not to you (${uid})`, `its owner can hand it over: chown ${uid} ${path}`, what);
  }
}

/**
 * The config file names the default store, so whoever may change it chooses the store: it must be a
 * regular file of the user's own (or root's) that nobody else may read or write. Unlike the store, root
 * is not excepted: another user's config file would steer root into the store of that user's choosing.
 * Throws what no command may ever use or replace (not a regular file, another user's); returns the
 * problem that rewriting the file cures (a loose mode on a file of the user's own), for the caller to
 * throw when it only reads.
 */
export function checkConfigFile(path: string, stats: Stats): HouseholdError | undefined {
  if (!stats.isFile()) throw refuse(CONFIG_FILE, path, 'it is not a regular file', `move it away: household config set store PATH then writes a new one`);
  const uid = currentUid();
  if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) {
    throw refuse(CONFIG_FILE, path, `it belongs to user id ${stats.uid}, not to you (${uid}), so that user could choose your store`, `remove it (household never replaces another user's file), or name the store with --store PATH`);
  }
  if ((stats.mode & 0o077) !== 0) {
    return refuse(CONFIG_FILE, path, `its permissions ${octal(stats.mode & 0o777)} let other users read or change it`, `make it private to you: chmod 600 ${path} (or household config set store PATH rewrites it)`);
  }
  return undefined;
}

/** The same file as was checked (a symlink or another file swapped in since is not). */
export function isSameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
