import { userInfo } from 'node:os';
import { HouseholdError } from '../../src/domain/errors.js';
import { defaultStorePath, resolveStorePath, type LocationSources } from '../../src/store/location.js';

/** Where the store is: --store, else $HOUSEHOLD_STORE, else the `store` preference, else the XDG data folder. */

const HOME_ENV = { HOME: '/home/alice' };

function sources(overrides: Partial<LocationSources> = {}): LocationSources {
  return { env: HOME_ENV, cwd: '/work/here', preference: async () => undefined, ...overrides };
}

/** A preference that must not be read: a broken config file does not matter when the store is named. */
const brokenPreference = async (): Promise<string | undefined> => {
  throw new HouseholdError('CONFIG_UNUSABLE', 'the config file is unusable');
};

describe('resolveStorePath', () => {
  test('--store wins over the environment and the preference, and a broken config file is not read', async () => {
    const path = await resolveStorePath(sources({ flag: '/srv/household.json', env: { ...HOME_ENV, HOUSEHOLD_STORE: '/env/household.json' }, preference: brokenPreference }));
    expect(path).toBe('/srv/household.json');
  });

  test('a relative --store is taken from the working folder', async () => {
    expect(await resolveStorePath(sources({ flag: 'stores/h.json' }))).toBe('/work/here/stores/h.json');
    expect(await resolveStorePath(sources({ flag: '../h.json' }))).toBe('/work/h.json');
  });

  test('an empty --store is a usage error (64), not the working folder', async () => {
    const error = await resolveStorePath(sources({ flag: '', env: { ...HOME_ENV, HOUSEHOLD_STORE: '/env/household.json' } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HouseholdError);
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 64, message: '--store needs a path' });
  });

  test('$HOUSEHOLD_STORE comes next, relative to the working folder, and the preference is not read', async () => {
    expect(await resolveStorePath(sources({ env: { ...HOME_ENV, HOUSEHOLD_STORE: '/env/household.json' }, preference: brokenPreference }))).toBe('/env/household.json');
    expect(await resolveStorePath(sources({ env: { ...HOME_ENV, HOUSEHOLD_STORE: 'env.json' } }))).toBe('/work/here/env.json');
  });

  test('an empty $HOUSEHOLD_STORE counts as unset', async () => {
    expect(await resolveStorePath(sources({ env: { ...HOME_ENV, HOUSEHOLD_STORE: '' }, preference: async () => '/pref/household.json' }))).toBe('/pref/household.json');
  });

  test('then the preference, relative to the working folder', async () => {
    expect(await resolveStorePath(sources({ preference: async () => '/pref/household.json' }))).toBe('/pref/household.json');
    expect(await resolveStorePath(sources({ preference: async () => 'pref.json' }))).toBe('/work/here/pref.json');
  });

  test('a broken config file is reported when nothing else names the store', async () => {
    await expect(resolveStorePath(sources({ preference: brokenPreference }))).rejects.toMatchObject({ code: 'CONFIG_UNUSABLE' });
  });

  test('without any of them (or an empty preference), the XDG data folder', async () => {
    expect(await resolveStorePath(sources())).toBe('/home/alice/.local/share/household/household.json');
    expect(await resolveStorePath(sources({ preference: async () => '' }))).toBe('/home/alice/.local/share/household/household.json');
    expect(await resolveStorePath(sources({ env: { ...HOME_ENV, XDG_DATA_HOME: '/data' } }))).toBe('/data/household/household.json');
  });
});

describe('defaultStorePath', () => {
  test('$XDG_DATA_HOME/household/household.json when it is absolute', () => {
    expect(defaultStorePath({ HOME: '/home/alice', XDG_DATA_HOME: '/var/data' })).toBe('/var/data/household/household.json');
  });

  test('a relative $XDG_DATA_HOME is ignored, as the XDG spec says', () => {
    expect(defaultStorePath({ HOME: '/home/alice', XDG_DATA_HOME: 'data' })).toBe('/home/alice/.local/share/household/household.json');
  });

  test('an empty or unset $XDG_DATA_HOME means ~/.local/share', () => {
    expect(defaultStorePath({ HOME: '/home/alice', XDG_DATA_HOME: '' })).toBe('/home/alice/.local/share/household/household.json');
    expect(defaultStorePath({ HOME: '/home/alice' })).toBe('/home/alice/.local/share/household/household.json');
  });

  test('without $HOME (as under pam_exec), the home folder from the password database', () => {
    const home = userInfo().homedir;
    expect(defaultStorePath({})).toBe(`${home}/.local/share/household/household.json`);
    expect(defaultStorePath({ HOME: '' })).toBe(`${home}/.local/share/household/household.json`);
  });
});
