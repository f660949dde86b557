import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';

/**
 * What a start reads: the commands most command lines run are in the bundle (and its code cache); every
 * other command is a file of its own under dist/commands/, read only when it is named (scripts/build.mjs).
 * The files a command line loads on demand are listed by a preload (test/fixtures/trace-loads.cjs).
 */
const TRACE = new URL('../fixtures/trace-loads.cjs', import.meta.url).pathname;
const DIST = new URL('../../dist', import.meta.url).pathname;

let box: Sandbox;
beforeAll(async () => {
  box = new Sandbox();
  await box.init('2580');
  expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
  expect((await box.run(['users', 'set', 'kid1', '--hours', 'daily 00:00-24:00'])).code).toBe(0);
});
afterAll(() => box.cleanup());

/** Runs the built CLI on the sandbox's store; returns its result and the dist/ files it loaded, relative to dist/. */
async function traced(args: string[], input = ''): Promise<{ result: Run; loaded: string[] }> {
  const log = join(box.dir, 'loads.txt');
  rmSync(log, { force: true });
  const result = await runProgram(process.execPath, ['--require', TRACE, BIN, '--store', box.store, ...args], {
    env: { PATH: process.env.PATH, ...box.env, HOUSEHOLD_TEST_LOADS: log },
    input,
  });
  const loaded = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((file) => file.slice(file.indexOf('/dist/') + '/dist/'.length)) : [];
  return { result, loaded };
}

describe('a command line reads only the files of its own command', () => {
  test.each([
    [['--help'], ''],
    [['users', 'list'], ''],
    [['users', 'list', '--json'], ''],
    [['users', 'show', 'kid1'], ''],
    [['hours', 'check', 'kid1'], ''],
    [['pin', 'remove', '--all-managed'], ''],
    [['pin', 'verify', 'alice', '--stdin'], '2580\n'],
  ] as Array<[string[], string]>)('%j: the bundle alone', async (args, input) => {
    const { result, loaded } = await traced(args, input);
    expect(result.code).toBe(0);
    expect(loaded).toEqual([]);
  });

  test.each([
    [['hours', 'grant', 'kid1', '--for', '1h'], ['commands/hours/grant.cjs']],
    [['timezone', 'UTC'], []],
    [['key', 'status'], ['commands/key/status.cjs']],
    [['recovery', 'status'], ['commands/recovery/status.cjs']],
    [['users', 'set', 'kid1', '--restriction', 'teen'], ['commands/users/set.cjs']],
    [['completion', 'bash'], expect.arrayContaining(['completion.cjs', 'commands/users/add.cjs', 'commands/key/prune.cjs'])],
  ] as Array<[string[], unknown]>)('%j: the bundle and its own file', async (args, files) => {
    const { result, loaded } = await traced(args);
    expect(result).toMatchObject({ code: 0, stderr: expect.not.stringContaining('household:') });
    expect(loaded).toEqual(files);
  });

  test('an error a command of its own file throws keeps its exit code and message (HouseholdError across copies)', async () => {
    const { result, loaded } = await traced(['hours', 'grant', 'alice', '--for', '1h']);
    expect(loaded).toEqual(['commands/hours/grant.cjs']);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(/^household: alice is the admin: only managed accounts have allowed hours/);
  });

  test('every command file the registry loads on demand was built', () => {
    const registry = readFileSync(new URL('../../src/commands/registry.ts', import.meta.url), 'utf8');
    const specifiers = [...registry.matchAll(/import\('\.\/([^']+)\.js'\)/g)].map((match) => match[1]);
    expect(specifiers.length).toBeGreaterThan(20);
    const separate = specifiers.filter((path) => existsSync(join(DIST, 'commands', `${path}.cjs`)));
    // The rarely used ones at least; the bundle holds the rest.
    expect(separate).toEqual(expect.arrayContaining(['users/add', 'users/set', 'password/reset', 'recovery/codes', 'hours/grant', 'key/rotate', 'config/set']));
    const bundle = readFileSync(join(DIST, 'household.cjs'), 'utf8');
    for (const path of separate) expect(bundle).toContain(`/commands/${path}.cjs`);
  });
});
