import { jest } from '@jest/globals';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HouseholdError } from '../../src/domain/errors.js';
import { checkConfigFile, checkNewStoreFolder, checkPrivateFile, checkStorePath, isSameFile, MAX_LINKS } from '../../src/store/safety.js';
import { asRoot, isRoot, NEEDS_CHOWN, refusalOf } from '../fakes/refusals.js';

/**
 * The folder and file checks, on real folders under a private temporary one (the tests run as root, so
 * "another user" is a folder chowned to user id 12345; a user other than root is played by reporting
 * another user id from process.getuid, which is all that household asks the system about who it is).
 */
const OTHER_UID = 12345;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-safety-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function folder(path: string, mode = 0o700, uid?: number): string {
  mkdirSync(path);
  chmodSync(path, mode);
  if (uid !== undefined) chownSync(path, uid, uid);
  return path;
}

function storeIn(folderPath: string, mode = 0o600): string {
  const path = join(folderPath, 'household.json');
  writeFileSync(path, '{}\n');
  chmodSync(path, mode);
  return path;
}

function runningAs(uid: number | undefined): void {
  if (uid === undefined) {
    // As on a system without user ids (Windows): process.getuid does not exist there.
    const real = process.getuid;
    Object.defineProperty(process, 'getuid', { value: undefined, configurable: true, writable: true });
    afterCleanup.push(() => Object.defineProperty(process, 'getuid', { value: real, configurable: true, writable: true }));
    return;
  }
  jest.spyOn(process, 'getuid').mockReturnValue(uid);
}
const afterCleanup: Array<() => void> = [];
afterEach(() => afterCleanup.splice(0).forEach((undo) => undo()));

function refusal(check: () => unknown): HouseholdError {
  const thrown = refusalOf(check);
  expect(thrown).toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78 });
  return thrown;
}

const SWAP = 'so other users could swap the store or plant its lock';

describe("checkStorePath: the store's own folder", () => {
  test('a store in a private folder of ours is the file to use, as it was checked', () => {
    const store = storeIn(folder(join(dir, 'home')));
    const checked = checkStorePath(store);
    expect(checked.target).toBe(store);
    expect(checked.stats.ino).toBe(statSync(store).ino);
    expect(checked.stats.isFile()).toBe(true);
  });

  test('a folder others may read but not write (0755) is fine', () => {
    const store = storeIn(folder(join(dir, 'home'), 0o755));
    expect(checkStorePath(store).target).toBe(store);
  });

  test.each([
    ['0777', 0o777],
    ['0770', 0o770],
    ['0720', 0o720],
    ['0702', 0o702],
    ['1777', 0o1777],
  ])('its folder with mode %s is refused (78), sticky bit or not, with the chmod that fixes it', (shown, mode) => {
    const home = folder(join(dir, 'home'), mode);
    const store = storeIn(home);
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: its folder ${home} has mode ${shown}, ${SWAP}`);
    expect(error.hint).toBe(`let nobody else write there: chmod go-w ${home}`);
  });

  asRoot(`a folder of another user is refused (78), however private its mode ${NEEDS_CHOWN}`, () => {
    const home = folder(join(dir, 'home'), 0o700, OTHER_UID);
    const store = storeIn(home);
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: its folder ${home} belongs to user id ${OTHER_UID}, ${SWAP}`);
    expect(error.hint).toBe("keep the store in a folder of your own (or root's): household --store PATH");
  });

  test('a store that is missing is left to the caller (ENOENT), which knows whether that is an error', () => {
    expect(() => checkStorePath(join(folder(join(dir, 'home')), 'household.json'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('checkStorePath: folders further up', () => {
  test('a folder further up that others may write without the sticky bit is refused, with both fixes', () => {
    const up = folder(join(dir, 'shared'), 0o777);
    const store = storeIn(folder(join(up, 'home')));
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: its folder path ${up} has mode 0777, ${SWAP}`);
    expect(error.hint).toBe(`let nobody else write there (chmod go-w ${up}), or set the sticky bit as /tmp has (chmod +t ${up})`);
  });

  test('a group-writable folder further up is refused too', () => {
    const up = folder(join(dir, 'shared'), 0o770);
    const store = storeIn(folder(join(up, 'home')));
    expect(refusal(() => checkStorePath(store)).message).toBe(`the store ${store} is unusable: its folder path ${up} has mode 0770, ${SWAP}`);
  });

  test('with the sticky bit (as /tmp) a folder further up may be writable by everyone', () => {
    const up = folder(join(dir, 'shared'), 0o1777);
    const store = storeIn(folder(join(up, 'home')));
    expect(checkStorePath(store).target).toBe(store);
  });

  asRoot(`a folder further up that belongs to another user is refused, sticky bit or not ${NEEDS_CHOWN}`, () => {
    for (const [name, mode] of [
      ['theirs', 0o755],
      ['sticky', 0o1777],
    ] as const) {
      const up = folder(join(dir, name), mode, OTHER_UID);
      const store = storeIn(folder(join(up, 'home')));
      const error = refusal(() => checkStorePath(store));
      expect(error.message).toBe(`the store ${store} is unusable: its folder path ${up} belongs to user id ${OTHER_UID}, ${SWAP}`);
      expect(error.hint).toBe("keep the store in a folder of your own (or root's): household --store PATH");
    }
  });

  test('every folder up to / is looked at, not only the first two', () => {
    const up = folder(join(dir, 'shared'), 0o777);
    const store = storeIn(folder(join(folder(join(folder(join(up, 'a')), 'b')), 'c')));
    expect(refusal(() => checkStorePath(store)).message).toBe(`the store ${store} is unusable: its folder path ${up} has mode 0777, ${SWAP}`);
  });
});

describe('checkStorePath run by a user other than root', () => {
  asRoot(`the user's own folders and root's are fine; the first one of anybody else's is refused ${NEEDS_CHOWN}`, () => {
    runningAs(OTHER_UID);
    const mine = folder(join(dir, 'mine'), 0o700, OTHER_UID);
    expect(checkStorePath(storeIn(mine)).target).toBe(join(mine, 'household.json'));
    const roots = folder(join(dir, 'roots'), 0o755);
    expect(checkStorePath(storeIn(roots)).target).toBe(join(roots, 'household.json'));
    const theirs = folder(join(dir, 'theirs'), 0o700, OTHER_UID + 1);
    const store = storeIn(theirs);
    expect(refusal(() => checkStorePath(store)).message).toBe(`the store ${store} is unusable: its folder ${theirs} belongs to user id ${OTHER_UID + 1}, ${SWAP}`);
  });

  asRoot("a folder of root's or of the user's own that others may write is refused for its mode, not its owner (needs root: a folder of root's, chown to another user)", () => {
    runningAs(OTHER_UID);
    const roots = folder(join(dir, 'roots'), 0o777);
    const store = storeIn(roots);
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: its folder ${roots} has mode 0777, ${SWAP}`);
    expect(error.hint).toBe(`let nobody else write there: chmod go-w ${roots}`);
    const mine = folder(join(dir, 'mine'), 0o777, OTHER_UID);
    expect(refusal(() => checkStorePath(storeIn(mine))).message).toContain(`its folder ${mine} has mode 0777`);
  });

  test('where there are no user ids (no process.getuid, as on Windows) no folder is checked', () => {
    runningAs(undefined);
    const open = folder(join(dir, 'open'), 0o777);
    const store = storeIn(open);
    expect(checkStorePath(store).target).toBe(store);
    // Nor the folder of a link's target.
    const link = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(store, link);
    expect(checkStorePath(link).target).toBe(store);
    expect(() => checkNewStoreFolder(join(open, 'new', 'household.json'), join(open, 'new'))).not.toThrow();
  });
});

describe('checkStorePath through symbolic links', () => {
  test("a link to a store in a private folder: the target is the file to use, with the target's own stats", () => {
    const target = storeIn(folder(join(dir, 'real')));
    const link = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(target, link);
    const checked = checkStorePath(link);
    expect(checked.target).toBe(target);
    expect(checked.stats.isFile()).toBe(true);
    expect(checked.stats.ino).toBe(statSync(target).ino);
  });

  test("a link to a store in a folder others may write: refused (78) naming the link and the target's folder", () => {
    const open = folder(join(dir, 'open'), 0o1777);
    const target = storeIn(open);
    const link = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(target, link);
    const error = refusal(() => checkStorePath(link));
    expect(error.message).toBe(`the store ${link} is unusable: its folder ${open} has mode 1777, ${SWAP}`);
  });

  test("a link in a folder others may write is refused for that folder, whatever it points at", () => {
    const target = storeIn(folder(join(dir, 'real')));
    const open = folder(join(dir, 'open'), 0o777);
    const link = join(open, 'household.json');
    symlinkSync(target, link);
    expect(refusal(() => checkStorePath(link)).message).toBe(`the store ${link} is unusable: its folder ${open} has mode 0777, ${SWAP}`);
  });

  test('a folder reached through a link is checked where it really is', () => {
    const open = folder(join(dir, 'open'), 0o777);
    const store = storeIn(open);
    symlinkSync(open, join(dir, 'alias'));
    const viaAlias = join(dir, 'alias', 'household.json');
    expect(refusal(() => checkStorePath(viaAlias)).message).toBe(`the store ${viaAlias} is unusable: its folder ${open} has mode 0777, ${SWAP}`);
    expect(store).not.toBe(viaAlias);
  });

  test('a folder component that is a link in a folder others may write is refused for that folder, though it leads somewhere private', () => {
    // Another user could swap that link for one into a folder of their choosing (or root's other store).
    const home = folder(join(dir, 'home'));
    storeIn(home);
    const open = folder(join(dir, 'open'), 0o777);
    symlinkSync(home, join(open, 'alias'));
    const viaAlias = join(open, 'alias', 'household.json');
    const error = refusal(() => checkStorePath(viaAlias));
    expect(error.message).toBe(`the store ${viaAlias} is unusable: the folder ${open} of its symbolic link ${join(open, 'alias')} has mode 0777, ${SWAP}`);
    expect(error.hint).toBe(`let nobody else write there: chmod go-w ${open}`);
  });

  test('a folder component that is a link in a private folder: the target is the real file, named without the link', () => {
    const home = folder(join(dir, 'home'));
    const store = storeIn(home);
    symlinkSync(home, join(dir, 'alias'));
    const checked = checkStorePath(join(dir, 'alias', 'household.json'));
    expect(checked.target).toBe(store);
    expect(checked.stats.ino).toBe(statSync(store).ino);
  });
  test('a link that leads nowhere is left to the caller (ENOENT)', () => {
    const link = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(join(dir, 'gone.json'), link);
    expect(() => checkStorePath(link)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('checkStorePath: every link of a chain, checked like the first', () => {
  asRoot(`a link to a link in another user's folder, on to root's other store: refused (78) naming the middle link's folder ${NEEDS_CHOWN}`, () => {
    // The case: root's store path links into nobody's folder, and nobody's link leads on to a
    // victim's store in a private folder of root's. Only the first and last folders were checked.
    const victim = storeIn(folder(join(dir, 'victim')));
    const theirs = folder(join(dir, 'theirs'), 0o755, OTHER_UID);
    const middle = join(theirs, 'next.json');
    symlinkSync(victim, middle);
    const store = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(middle, store);
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: the folder ${theirs} of its symbolic link ${middle} belongs to user id ${OTHER_UID}, ${SWAP}`);
    expect(error.hint).toBe("keep the store in a folder of your own (or root's): household --store PATH");
  });

  test.each([
    ['0777', 0o777],
    ['1777 (sticky, as /tmp)', 0o1777],
  ])('a link further down a chain, in a folder with mode %s: refused like the first link', (_shown, mode) => {
    const target = storeIn(folder(join(dir, 'real')));
    const open = folder(join(dir, 'open'), mode);
    const middle = join(open, 'next.json');
    symlinkSync(target, middle);
    const store = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(middle, store);
    expect(refusal(() => checkStorePath(store)).message).toBe(
      `the store ${store} is unusable: the folder ${open} of its symbolic link ${middle} has mode ${(mode & 0o7777).toString(8).padStart(4, '0')}, ${SWAP}`,
    );
  });

  test('a link whose target passes through a linked folder in an unsafe place: refused for that folder', () => {
    const real = folder(join(dir, 'real'));
    const target = storeIn(real);
    const open = folder(join(dir, 'open'), 0o777);
    const alias = join(open, 'alias');
    symlinkSync(real, alias);
    const store = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(join(alias, 'household.json'), store);
    expect(refusal(() => checkStorePath(store)).message).toBe(`the store ${store} is unusable: the folder ${open} of its symbolic link ${alias} has mode 0777, ${SWAP}`);
    expect(target).toBe(join(real, 'household.json'));
  });

  test('a folder further up a middle link that others may write without the sticky bit: refused, naming it as that path', () => {
    const target = storeIn(folder(join(dir, 'real')));
    const up = folder(join(dir, 'shared'), 0o777);
    const inner = folder(join(up, 'inner'));
    const middle = join(inner, 'next.json');
    symlinkSync(target, middle);
    const store = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync(middle, store);
    expect(refusal(() => checkStorePath(store)).message).toBe(`the store ${store} is unusable: the folder path ${up} of its symbolic link ${middle} has mode 0777, ${SWAP}`);
  });

  test('a chain through private folders, with relative links and "..": the real file at its end, as it was checked', () => {
    const real = folder(join(dir, 'real'));
    const target = storeIn(real);
    const links = folder(join(dir, 'links'));
    symlinkSync('../real/household.json', join(links, 'second.json'));
    symlinkSync('second.json', join(links, 'first.json'));
    const store = join(folder(join(dir, 'home')), 'household.json');
    symlinkSync('../links/./first.json', store);
    const checked = checkStorePath(store);
    expect(checked.target).toBe(target);
    expect(checked.stats.ino).toBe(statSync(target).ino);
  });

  test('".." after a linked folder goes up from where the link leads, as the kernel does', () => {
    const real = folder(join(folder(join(dir, 'outer')), 'inner'));
    const target = storeIn(join(dir, 'outer'));
    symlinkSync(real, join(dir, 'alias'));
    // As a link's target would say it (path.join would take the ".." away first).
    expect(checkStorePath(`${dir}/alias/../household.json`).target).toBe(target);
    expect(real).toBe(join(dir, 'outer', 'inner'));
  });

  test('a loop of links is 78, named as a loop, not a hang or a crash', () => {
    const home = folder(join(dir, 'home'));
    const store = join(home, 'household.json');
    symlinkSync(join(home, 'other.json'), store);
    symlinkSync(store, join(home, 'other.json'));
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: its path leads through more than ${MAX_LINKS} symbolic links (a loop?)`);
    expect(error.hint).toBe('name the store itself, not a link to it');
  });

  test(`a chain of ${MAX_LINKS} links is followed; one more is 78`, () => {
    const home = folder(join(dir, 'home'));
    const target = storeIn(home);
    let previous = target;
    for (let i = 1; i <= MAX_LINKS + 1; i += 1) {
      const link = join(home, `link${i}.json`);
      symlinkSync(previous, link);
      previous = link;
    }
    expect(checkStorePath(join(home, `link${MAX_LINKS}.json`)).target).toBe(target);
    expect(refusal(() => checkStorePath(join(home, `link${MAX_LINKS + 1}.json`))).message).toContain(`more than ${MAX_LINKS} symbolic links`);
  });
});

describe('checkNewStoreFolder: where init will make a store', () => {
  test('an existing private folder is fine', () => {
    const home = folder(join(dir, 'home'));
    expect(() => checkNewStoreFolder(join(home, 'household.json'), home)).not.toThrow();
  });

  test('an existing folder others may write is refused (78), naming it', () => {
    const open = folder(join(dir, 'open'), 0o777);
    const store = join(open, 'household.json');
    const error = refusal(() => checkNewStoreFolder(store, open));
    expect(error.message).toBe(`the store ${store} is unusable: its folder ${open} has mode 0777, ${SWAP}`);
  });

  test('folders not made yet inside a private folder are fine, and nothing is made', () => {
    const home = folder(join(dir, 'home'));
    const newFolder = join(home, 'a', 'b');
    expect(() => checkNewStoreFolder(join(newFolder, 'household.json'), newFolder)).not.toThrow();
    expect(() => lstatSync(join(home, 'a'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  test('folders not made yet inside a folder others may write without the sticky bit are refused, naming it', () => {
    const open = folder(join(dir, 'open'), 0o777);
    const newFolder = join(open, 'a', 'b');
    const store = join(newFolder, 'household.json');
    expect(refusal(() => checkNewStoreFolder(store, newFolder)).message).toContain(`${open} has mode 0777, ${SWAP}`);
  });

  asRoot(`a folder that is a link through another user's folder is refused like a store behind one ${NEEDS_CHOWN}`, () => {
    const real = folder(join(dir, 'real'));
    const theirs = folder(join(dir, 'theirs'), 0o755, OTHER_UID);
    symlinkSync(real, join(theirs, 'alias'));
    const linked = join(dir, 'linked');
    symlinkSync(join(theirs, 'alias'), linked);
    const store = join(linked, 'household.json');
    expect(refusal(() => checkNewStoreFolder(store, linked)).message).toBe(
      `the store ${store} is unusable: the folder ${theirs} of its symbolic link ${join(theirs, 'alias')} belongs to user id ${OTHER_UID}, ${SWAP}`,
    );
  });

  test('a path through a file is left to the caller (ENOTDIR), which names it', () => {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    expect(() => checkNewStoreFolder(join(file, 'sub', 'household.json'), join(file, 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('checkPrivateFile: the store, its log', () => {
  function statsOf(mode: number, uid?: number): { path: string; stats: Stats } {
    const path = storeIn(folder(join(dir, `home-${mode.toString(8)}-${uid ?? 'own'}`)), mode);
    if (uid !== undefined) chownSync(path, uid, uid);
    return { path, stats: statSync(path) };
  }

  test('a private regular file of ours (0600, or 0700) is fine', () => {
    for (const mode of [0o600, 0o700, 0o400]) {
      const { path, stats } = statsOf(mode);
      expect(() => checkPrivateFile(path, stats)).not.toThrow();
    }
  });

  test.each([
    ['0644', 0o644],
    ['0640', 0o640],
    ['0604', 0o604],
    ['0660', 0o660],
    ['0601', 0o601],
    ['0610', 0o610],
  ])('a file with mode %s is refused (78) with the chmod that fixes it', (shown, mode) => {
    const { path, stats } = statsOf(mode);
    const error = refusal(() => checkPrivateFile(path, stats));
    expect(error.message).toBe(`the store ${path} is unusable: its permissions ${shown} let other users read or change it`);
    expect(error.hint).toBe(`make it private to you: chmod 600 ${path}`);
  });

  test('something that is not a regular file is refused (78), named as what it is for', () => {
    const home = folder(join(dir, 'home'));
    const error = refusal(() => checkPrivateFile(home, statSync(home)));
    expect(error.message).toBe(`the store ${home} is unusable: it is not a regular file`);
    expect(error.hint).toBe('nothing was changed; fix the file or restore it from a backup');
    const log = `${home}.log`;
    expect(refusal(() => checkPrivateFile(log, statSync(home), 'audit log')).message).toBe(`the audit log ${log} is unusable: it is not a regular file`);
  });

  test('the log is named as the log', () => {
    const { path, stats } = statsOf(0o644);
    expect(refusal(() => checkPrivateFile(path, stats, 'audit log')).message).toBe(`the audit log ${path} is unusable: its permissions 0644 let other users read or change it`);
  });

  asRoot(`root may use another user's file ${NEEDS_CHOWN}`, () => {
    const { path, stats } = statsOf(0o600, OTHER_UID);
    expect(() => checkPrivateFile(path, stats)).not.toThrow();
  });

  test("a user other than root is refused another user's file (78), told who can hand it over", () => {
    // Root's file as root (CI) runs the tests; the tester's own file, to a user they pretend to be, otherwise.
    const owner = process.getuid!();
    runningAs(OTHER_UID);
    const { path, stats } = statsOf(0o600, isRoot ? 0 : undefined);
    const error = refusal(() => checkPrivateFile(path, stats));
    expect(error.message).toBe(`the store ${path} is unusable: it belongs to user id ${owner}, not to you (${OTHER_UID})`);
    expect(error.hint).toBe(`its owner can hand it over: chown ${OTHER_UID} ${path}`);
    if (isRoot) {
      const mine = statsOf(0o600, OTHER_UID);
      expect(() => checkPrivateFile(mine.path, mine.stats)).not.toThrow();
    } else {
      runningAs(owner);
      expect(() => checkPrivateFile(path, stats)).not.toThrow();
    }
  });

  asRoot(`where there are no user ids (as on Windows) the owner is not checked ${NEEDS_CHOWN}`, () => {
    runningAs(undefined);
    const { path, stats } = statsOf(0o600, OTHER_UID);
    expect(() => checkPrivateFile(path, stats)).not.toThrow();
  });
});

describe('isSameFile: the file opened is the one checked', () => {
  test('the same file, looked at twice, also after a rename in the same folder', () => {
    const store = storeIn(folder(join(dir, 'home')));
    const before = statSync(store);
    renameSync(store, `${store}.moved`);
    expect(isSameFile(before, statSync(`${store}.moved`))).toBe(true);
  });

  test('another file put in its place is not, nor a link to it', () => {
    const home = folder(join(dir, 'home'));
    const store = storeIn(home);
    const before = statSync(store);
    writeFileSync(join(home, 'other.json'), '{}\n');
    renameSync(join(home, 'other.json'), store);
    expect(isSameFile(before, statSync(store))).toBe(false);
    const link = join(home, 'link');
    symlinkSync(store, link);
    expect(isSameFile(statSync(store), lstatSync(link))).toBe(false);
  });

  test('the same inode number on another device (another file system) is another file', () => {
    const store = storeIn(folder(join(dir, 'home')));
    const stats = statSync(store);
    expect(isSameFile(stats, { ...stats, dev: stats.dev + 1 } as Stats)).toBe(false);
    expect(isSameFile(stats, { ...stats, ino: stats.ino + 1 } as Stats)).toBe(false);
  });
});

describe('the cases in between', () => {
  asRoot(`a user's own folder that others may write: the chmod for it, not "a folder of your own" ${NEEDS_CHOWN}`, () => {
    const home = folder(join(dir, 'home'), 0o777, OTHER_UID);
    const store = storeIn(home);
    chownSync(store, OTHER_UID, OTHER_UID);
    runningAs(OTHER_UID);
    const error = refusal(() => checkStorePath(store));
    expect(error.message).toBe(`the store ${store} is unusable: its folder ${home} has mode 0777, ${SWAP}`);
    expect(error.hint).toBe(`let nobody else write there: chmod go-w ${home}`);
  });

  test('the store itself a symbolic link in a folder others may write: named as the store\'s folder', () => {
    const open = folder(join(dir, 'open'), 0o777);
    const real = storeIn(folder(join(dir, 'home')));
    const store = join(open, 'household.json');
    symlinkSync(real, store);
    expect(refusal(() => checkStorePath(store)).message).toBe(`the store ${store} is unusable: its folder ${open} has mode 0777, ${SWAP}`);
  });

  test('without user ids (as on Windows): a store reached through a link is its target, nothing refused', () => {
    const real = storeIn(folder(join(dir, 'home')));
    const store = join(folder(join(dir, 'open'), 0o777), 'household.json');
    symlinkSync(real, store);
    runningAs(undefined);
    expect(checkStorePath(store).target).toBe(real);
  });
});

describe('checkConfigFile: what the operator is told to do', () => {
  const config = (mode = 0o600) => {
    const file = join(dir, 'config.json');
    writeFileSync(file, '{}');
    chmodSync(file, mode);
    return file;
  };

  test('something that is not a regular file: move it away', () => {
    const path = folder(join(dir, 'config.json'));
    const error = refusalOf(() => checkConfigFile(path, statSync(path)));
    expect([error.message, error.hint]).toEqual([`the config file ${path} is unusable: it is not a regular file`, 'move it away: household config set store PATH then writes a new one']);
  });

  test("another user's file: remove it or name the store, even for root", () => {
    const file = config();
    const stats = { ...statSync(file), isFile: () => true, uid: OTHER_UID } as Stats;
    runningAs(0);
    const error = refusalOf(() => checkConfigFile(file, stats));
    expect([error.message, error.hint]).toEqual([
      `the config file ${file} is unusable: it belongs to user id ${OTHER_UID}, not to you (0), so that user could choose your store`,
      "remove it (household never replaces another user's file), or name the store with --store PATH",
    ]);
  });

  test('a loose mode on a file of your own: returned (rewriting cures it), not thrown', () => {
    const file = config(0o644);
    const problem = checkConfigFile(file, statSync(file));
    expect([problem?.message, problem?.hint]).toEqual([`the config file ${file} is unusable: its permissions 0644 let other users read or change it`, `make it private to you: chmod 600 ${file} (or household config set store PATH rewrites it)`]);
    const tight = config(0o600);
    expect(checkConfigFile(tight, statSync(tight))).toBeUndefined();
  });
});
