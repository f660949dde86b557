import { configRun } from '../../src/commands/config.js';
import { attempt, testContext } from '../fakes/context.js';

describe('plan set and config', () => {
  test('config set, get and unset the store preference', async () => {
    const ctx = testContext();
    await configRun(ctx, { action: 'set', key: 'store', value: 'homes/main.json', cwd: '/srv' });
    expect(ctx.preferences.values.store).toBe('/srv/homes/main.json');
    await configRun(ctx, { action: 'get', key: 'store', cwd: '/srv' });
    expect(ctx.stdout.text).toBe('/srv/homes/main.json\n');
    await configRun(ctx, { action: 'unset', key: 'store', cwd: '/srv' });
    expect(ctx.preferences.values.store).toBeUndefined();
  });

  test('config knows only store (64)', async () => {
    const ctx = testContext();
    const error = await attempt(ctx, () => configRun(ctx, { action: 'get', key: 'colour', cwd: '/' }));
    expect(error?.exitCode).toBe(64);
  });
});

describe('config', () => {
  test('get, unset: nothing on stdout, a note on stderr saying where the store then comes from', async () => {
    const ctx = testContext();
    await configRun(ctx, { action: 'get', key: 'store', cwd: '/srv' });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'store is not set: household uses --store, $HOUSEHOLD_STORE or the default data folder\n']);
  });

  test('get, set: the path on stdout and no note', async () => {
    const ctx = testContext();
    ctx.preferences.values.store = '/srv/h.json';
    await configRun(ctx, { action: 'get', key: 'store', cwd: '/srv' });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['/srv/h.json\n', '']);
  });

  test('get --json: the path, or null; no note', async () => {
    const unset = testContext({ json: true });
    await configRun(unset, { action: 'get', key: 'store', cwd: '/' });
    expect([JSON.parse(unset.stdout.text), unset.stderr.text]).toEqual([{ store: null }, '']);
    const set = testContext({ json: true });
    set.preferences.values.store = '/srv/h.json';
    await configRun(set, { action: 'get', key: 'store', cwd: '/' });
    expect(JSON.parse(set.stdout.text)).toEqual({ store: '/srv/h.json' });
  });

  test('set: resolved against the working folder, said on stderr, or as JSON', async () => {
    const ctx = testContext();
    await configRun(ctx, { action: 'set', key: 'store', value: 'h.json', cwd: '/home/op' });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', 'the default store is now /home/op/h.json\n']);
    const json = testContext({ json: true });
    await configRun(json, { action: 'set', key: 'store', value: '../h.json', cwd: '/home/op' });
    expect(JSON.parse(json.stdout.text)).toEqual({ store: '/home/h.json' });
    expect(json.preferences.values.store).toBe('/home/h.json');
  });

  test.each([undefined, ''])('set with no PATH (%j) is usage (64), and nothing is set', async (value) => {
    const ctx = testContext();
    const error = await attempt(ctx, () => configRun(ctx, { action: 'set', key: 'store', value, cwd: '/home/op' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['USAGE', 64, 'config set store needs a PATH']);
    expect(ctx.preferences.values).toEqual({});
  });

  test('unset: said on stderr, or as JSON', async () => {
    const ctx = testContext();
    ctx.preferences.values.store = '/srv/h.json';
    await configRun(ctx, { action: 'unset', key: 'store', cwd: '/' });
    expect(ctx.stderr.text).toBe('the default store preference is unset\n');
    const json = testContext({ json: true });
    await configRun(json, { action: 'unset', key: 'store', cwd: '/' });
    expect(JSON.parse(json.stdout.text)).toEqual({ store: null });
  });

  test('an unknown preference is named in the refusal', async () => {
    const ctx = testContext();
    const error = await attempt(ctx, () => configRun(ctx, { action: 'set', key: 'colour', value: 'red', cwd: '/' }));
    expect([error?.exitCode, error?.message]).toEqual([64, 'unknown preference colour; the only one is store']);
  });
});
