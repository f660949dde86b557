import { jest } from '@jest/globals';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfPreferences, parseConfig } from '../../src/io/preferences.js';
import { useImporter } from '../../src/io/packages.js';
import { asRoot, NEEDS_CHOWN, refusal } from '../fakes/refusals.js';

/**
 * The config file (`$XDG_CONFIG_HOME/household/config.json`) on real folders under a private temporary
 * one. The tests run as root: "another user" is a file or folder chowned to user id 12345, and a user
 * other than root is played by reporting another user id from process.getuid (what household asks).
 */
const OTHER_UID = 12345;

let dir: string;
let configHome: string;
let folder: string;
let file: string;
/** The packages imported while a test ran: conf only when the file is written. */
let imported: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-preferences-'));
  configHome = join(dir, 'config');
  folder = join(configHome, 'household');
  file = join(folder, 'config.json');
  imported = [];
  useImporter((specifier) => {
    imported.push(specifier);
    return import(specifier);
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  useImporter((specifier) => import(specifier));
  rmSync(dir, { recursive: true, force: true });
});

const preferences = () => new ConfPreferences({ HOME: dir, XDG_CONFIG_HOME: configHome });

/** A config file with this text and mode, in a config folder (and its parent) of this mode. */
function configFile(text: string, mode = 0o600, folderMode = 0o700): void {
  mkdirSync(folder, { recursive: true });
  chmodSync(configHome, 0o700);
  chmodSync(folder, folderMode);
  writeFileSync(file, text);
  chmodSync(file, mode);
}

const octal = (path: string) => (statSync(path).mode & 0o7777).toString(8).padStart(4, '0');

async function refused(promise: Promise<unknown>, message: string): Promise<string> {
  const error = await refusal(promise);
  expect(error).toMatchObject({ code: 'CONFIG_UNUSABLE', exitCode: 78 });
  expect(error.message).toBe(message);
  return error.hint ?? '';
}

describe('get: a read', () => {
  test('no config file: no preference, nothing made (no config folder), and conf is not loaded', async () => {
    expect(await preferences().get('store')).toBeUndefined();
    expect(existsSync(configHome)).toBe(false);
    mkdirSync(folder, { recursive: true });
    expect(await preferences().get('store')).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(imported).toEqual([]);
  });

  test("a private file of the user's own is read without conf", async () => {
    configFile('{\n\t"store": "/srv/h.json"\n}\n');
    expect(await preferences().get('store')).toBe('/srv/h.json');
    configFile('{"other": 1}');
    expect(await preferences().get('store')).toBeUndefined();
    expect(imported).toEqual([]);
  });

  test.each([
    ['0644', 0o644],
    ['0666', 0o666],
    ['0640', 0o640],
    ['0604', 0o604],
  ])('a file with mode %s is refused (78) naming it, with the chmod that fixes it', async (shown, mode) => {
    configFile('{"store": "/srv/h.json"}', mode);
    const hint = await refused(preferences().get('store'), `the config file ${file} is unusable: its permissions ${shown} let other users read or change it`);
    expect(hint).toBe(`make it private to you: chmod 600 ${file} (or household config set store PATH rewrites it)`);
  });

  asRoot(`another user's file is refused (78), also for root, however private: its owner would choose root's store ${NEEDS_CHOWN}`, async () => {
    configFile('{"store": "/srv/h.json"}');
    chownSync(file, OTHER_UID, OTHER_UID);
    await refused(preferences().get('store'), `the config file ${file} is unusable: it belongs to user id ${OTHER_UID}, not to you (0), so that user could choose your store`);
  });

  asRoot(`a user other than root may read their own file and root's ${NEEDS_CHOWN}`, async () => {
    jest.spyOn(process, 'getuid').mockReturnValue(OTHER_UID);
    configFile('{"store": "/srv/h.json"}');
    for (const path of [configHome, folder]) chownSync(path, OTHER_UID, OTHER_UID);
    expect(await preferences().get('store')).toBe('/srv/h.json');
    chownSync(file, OTHER_UID, OTHER_UID);
    expect(await preferences().get('store')).toBe('/srv/h.json');
    chownSync(file, OTHER_UID + 1, OTHER_UID + 1);
    await refused(preferences().get('store'), `the config file ${file} is unusable: it belongs to user id ${OTHER_UID + 1}, not to you (${OTHER_UID}), so that user could choose your store`);
  });

  test.each([
    ['0777', 0o777],
    ['1777', 0o1777],
    ['0770', 0o770],
  ])('its folder with mode %s is refused (78) naming the folder, sticky bit or not', async (shown, mode) => {
    configFile('{"store": "/srv/h.json"}', 0o600, mode);
    const hint = await refused(preferences().get('store'), `the config file ${file} is unusable: its folder ${folder} has mode ${shown}, so other users could swap the config file and choose your store`);
    expect(hint).toBe(`let nobody else write there: chmod go-w ${folder}`);
  });

  asRoot(`a folder of another user's is refused (78) ${NEEDS_CHOWN}`, async () => {
    configFile('{"store": "/srv/h.json"}');
    chownSync(folder, OTHER_UID, OTHER_UID);
    const hint = await refused(preferences().get('store'), `the config file ${file} is unusable: its folder ${folder} belongs to user id ${OTHER_UID}, so other users could swap the config file and choose your store`);
    expect(hint).toBe('keep it in a folder of your own ($XDG_CONFIG_HOME), or name the store with --store PATH');
  });

  asRoot(`a config file that is a link through another user's folder is refused (78) naming that folder ${NEEDS_CHOWN}`, async () => {
    const real = join(dir, 'real');
    mkdirSync(real, { mode: 0o700 });
    writeFileSync(join(real, 'config.json'), '{"store": "/srv/h.json"}', { mode: 0o600 });
    const theirs = join(dir, 'theirs');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, OTHER_UID, OTHER_UID);
    symlinkSync(join(real, 'config.json'), join(theirs, 'next.json'));
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    symlinkSync(join(theirs, 'next.json'), file);
    await refused(
      preferences().get('store'),
      `the config file ${file} is unusable: the folder ${theirs} of its symbolic link ${join(theirs, 'next.json')} belongs to user id ${OTHER_UID}, so other users could swap the config file and choose your store`,
    );
    // Through private folders only, the link is followed.
    rmSync(file);
    symlinkSync(join(real, 'config.json'), file);
    expect(await preferences().get('store')).toBe('/srv/h.json');
  });

  test('something that is not a regular file is refused (78)', async () => {
    mkdirSync(file, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
    await refused(preferences().get('store'), `the config file ${file} is unusable: it is not a regular file`);
  });

  test('not JSON, or a store that is not a path: 78 naming the file, never quoting it', async () => {
    configFile('sk_live_4eC39 {');
    await refused(preferences().get('store'), `the config file ${file} is unusable: it is not valid JSON`);
    configFile('{"store": 5}');
    await refused(preferences().get('store'), `the config file ${file} is unusable: its store value is not a path (a non-empty string)`);
  });
});

describe('parseConfig: the store preference in the text, as conf would read it', () => {
  test.each([
    ['{"store": "/a"}', { store: '/a' }],
    ['{}', {}],
    ['{"store": "/a", "more": [1]}', { store: '/a' }],
    ['', { problem: 'it is not valid JSON' }],
    ['{"store": ', { problem: 'it is not valid JSON' }],
    ['{"store": ""}', { problem: 'its store value is not a path (a non-empty string)' }],
    ['{"store": null}', { problem: 'its store value is not a path (a non-empty string)' }],
    ['{"store": ["/a"]}', { problem: 'its store value is not a path (a non-empty string)' }],
    ['["/a"]', { problem: 'its store value is not a path (a non-empty string)' }],
    ['null', { problem: 'its store value is not a path (a non-empty string)' }],
    ['"/a"', { problem: 'its store value is not a path (a non-empty string)' }],
  ])('%s', (text, expected) => {
    expect(parseConfig(text)).toEqual(expected);
  });
});

describe('set and unset: writes, with conf', () => {
  test('without a config folder: made 0700, the file 0600 (whatever conf would choose), conf loaded only now', async () => {
    await preferences().set('store', '/srv/h.json');
    expect(imported).toEqual(['conf']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ store: '/srv/h.json' });
    expect([octal(folder), octal(file)]).toEqual(['0700', '0600']);
    expect(await preferences().get('store')).toBe('/srv/h.json');
  });

  test("a loose mode on the user's own file is repaired: rewritten 0600, what else it held kept", async () => {
    configFile('{"store": "/old.json", "note": "kept"}', 0o666);
    await preferences().set('store', '/srv/h.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ store: '/srv/h.json', note: 'kept' });
    expect(octal(file)).toBe('0600');
    configFile('{"store": "/old.json"}', 0o644);
    await preferences().unset('store');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    expect(octal(file)).toBe('0600');
  });

  test.each([
    ['not JSON', 'sk_live {'],
    ['a wrong store value', '{"store": 5}'],
    ['a list', '["x"]'],
  ])("the user's own file holding %s is replaced by set and by unset", async (_what, text) => {
    configFile(text);
    await preferences().set('store', '/srv/h.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ store: '/srv/h.json' });
    configFile(text, 0o644);
    await preferences().unset('store');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    expect(octal(file)).toBe('0600');
  });

  asRoot(`another user's file is never replaced (78), broken or not ${NEEDS_CHOWN}`, async () => {
    for (const text of ['{"store": "/theirs.json"}', 'not json']) {
      configFile(text, 0o666);
      chownSync(file, OTHER_UID, OTHER_UID);
      for (const write of [() => preferences().set('store', '/srv/h.json'), () => preferences().unset('store')]) {
        await refused(write(), `the config file ${file} is unusable: it belongs to user id ${OTHER_UID}, not to you (0), so that user could choose your store`);
        expect(readFileSync(file, 'utf8')).toBe(text);
      }
    }
    expect(imported).toEqual([]);
  });

  asRoot("for a user other than root, root's broken file in the user's folder is not replaced (78) (needs root: a file of root's, chown to another user)", async () => {
    jest.spyOn(process, 'getuid').mockReturnValue(OTHER_UID);
    for (const [text, mode, problem] of [
      ['not json', 0o600, 'it is not valid JSON'],
      ['{"store": "/a.json"}', 0o644, 'its permissions 0644 let other users read or change it'],
    ] as const) {
      configFile(text, mode);
      for (const path of [configHome, folder]) chownSync(path, OTHER_UID, OTHER_UID);
      await refused(preferences().set('store', '/srv/h.json'), `the config file ${file} is unusable: ${problem}`);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(statSync(file).uid).toBe(0);
    }
  });

  test('a config folder others may write is never written through (78): not a broken file there, nor a new one', async () => {
    configFile('not json', 0o600, 0o777);
    await refused(preferences().unset('store'), `the config file ${file} is unusable: its folder ${folder} has mode 0777, so other users could swap the config file and choose your store`);
    expect(readFileSync(file, 'utf8')).toBe('not json');
    rmSync(file);
    await refused(preferences().set('store', '/srv/h.json'), `the config file ${file} is unusable: its folder ${folder} has mode 0777, so other users could swap the config file and choose your store`);
    expect(existsSync(file)).toBe(false);
    expect(imported).toEqual([]);
  });

  test('a config folder that cannot be made (a file in the way) is 78 naming the file', async () => {
    writeFileSync(configHome, 'a file');
    await refused(preferences().set('store', '/srv/h.json'), `the config file ${file} is unusable: its folder cannot be made (ENOTDIR)`);
  });
});
