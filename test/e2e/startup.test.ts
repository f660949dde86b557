import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';

/**
 * What a start reads: the commands most command lines run are in the bundle (and its code cache); every
 * other command is in dist/commands.cjs, read only when one of them is named; commander and its wiring
 * are in dist/program.cjs, read only when commander reads the command line: for help, a usage error, a
 * line src/cli/command-line.ts does not read plainly (scripts/build.mjs).
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
async function traced(args: string[], input = ''): Promise<{ result: Run; loaded: string[]; builtins: string[]; caches: string[] }> {
  const log = join(box.dir, 'loads.txt');
  const builtinsLog = join(box.dir, 'builtins.txt');
  const cachesLog = join(box.dir, 'caches.txt');
  rmSync(log, { force: true });
  rmSync(cachesLog, { force: true });
  const result = await runProgram(process.execPath, ['--require', TRACE, BIN, '--store', box.store, ...args], {
    env: { PATH: process.env.PATH, ...box.env, HOUSEHOLD_TEST_LOADS: log, HOUSEHOLD_TEST_BUILTINS: builtinsLog, HOUSEHOLD_TEST_CACHES: cachesLog },
    input,
  });
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const loaded = lines(log).map((file) => file.slice(file.indexOf('/dist/') + '/dist/'.length));
  return { result, loaded, builtins: readFileSync(builtinsLog, 'utf8').split(' '), caches: lines(cachesLog) };
}

describe('a command line reads only the files of its own command', () => {
  test.each([
    [['users', 'list'], ''],
    [['users', 'list', '--json'], ''],
    [['users', 'show', 'kid1'], ''],
    [['hours', 'check', 'kid1'], ''],
    [['pin', 'remove', '--all-managed'], ''],
    [['pin', 'verify', 'alice', '--stdin'], '2580\n'],
    [['hours', 'check', 'kid1', '--json', '--no-color'], ''],
    [['--no-input', 'pin', 'remove', 'kid1', '--json'], ''],
  ] as Array<[string[], string]>)('%j: the bundle alone', async (args, input) => {
    const { result, loaded } = await traced(args, input);
    expect(result.code).toBe(0);
    expect(loaded).toEqual([]);
  });

  test.each([
    [['hours', 'grant', 'kid1', '--for', '1h'], ['commands.cjs']],
    [['timezone', 'UTC'], []],
    [['key', 'status'], ['commands.cjs']],
    [['recovery', 'status'], ['commands.cjs']],
    [['users', 'set', 'kid1', '--restriction', 'teen'], ['commands.cjs']],
    // Help, and a line read by commander: commander's file.
    [['--help'], ['program.cjs']],
    [['hours', 'check', '--', 'kid1'], ['program.cjs']],
    [['users', 'set', 'kid1', '-h'], ['commands.cjs', 'program.cjs']],
    // The whole command tree: the rare commands' file once, commander's, and the completion generator's.
    [['completion', 'bash'], ['commands.cjs', 'program.cjs', 'completion.cjs']],
  ] as Array<[string[], unknown]>)('%j: the bundle and the files it needs', async (args, files) => {
    const { result, loaded } = await traced(args);
    expect(result).toMatchObject({ code: 0, stderr: expect.not.stringContaining('household:') });
    expect(loaded).toEqual(files);
  });

  // argon2's own JavaScript loads node:crypto, and with it Node's streams (about 4 ms): a PIN is checked
  // through argon2's binary alone (src/io/hasher.ts); making one (pin set) still goes through the package.
  test('checking a PIN loads neither node:crypto nor streams; making one loads argon2 as its package', async () => {
    const verify = await traced(['pin', 'verify', 'alice', '--stdin'], '2580\n');
    expect(verify.result).toMatchObject({ code: 0, stderr: "alice's PIN is right\n" });
    expect(verify.builtins.filter((name) => /crypto|stream/.test(name))).toEqual([]);
    const wrong = await traced(['pin', 'verify', 'alice', '--stdin'], '2581\n');
    expect(wrong.result.code).toBe(77);
    expect(wrong.builtins).not.toContain('crypto');
    // The control: the same trace sees node:crypto when argon2's package is loaded.
    const set = await traced(['pin', 'set', 'kid1', '--stdin'], '5190\n5190\n');
    expect(set.result.code).toBe(0);
    expect(set.builtins).toContain('crypto');
  });

  test("the build's code caches are the ones V8 takes: the bundle's, and commander's file's for help", async () => {
    const help = await traced(['--help']);
    expect(help.result.code).toBe(0);
    expect(help.caches).toEqual(['household.cjs accepted', 'program.cjs accepted']);
    expect((await traced(['hours', 'check', 'kid1'])).caches).toEqual(['household.cjs accepted']);
  });

  test("commander's mistakes are its own: an unknown option reads commander's file, and says what commander says", async () => {
    const { result, loaded } = await traced(['hours', 'check', 'kid1', '--bogus']);
    expect(loaded).toEqual(['program.cjs']);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^household: unknown option '--bogus'/);
  });

  test('an error a command of its own file throws keeps its exit code and message (HouseholdError across copies)', async () => {
    const { result, loaded } = await traced(['hours', 'grant', 'alice', '--for', '1h']);
    expect(loaded).toEqual(['commands.cjs']);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(/^household: alice is the admin: only managed accounts have allowed hours/);
  });

  test('the bundle reaches each rare command through the rare commands\' file, which holds them all', () => {
    const bundle = readFileSync(join(DIST, 'household.cjs'), 'utf8');
    const reached = [...bundle.matchAll(/commands\.cjs"\)\.commands\["\.\/([^"]+)\.js"\]/g)].map((match) => match[1]).sort();
    expect(reached).toEqual(expect.arrayContaining(['config/set', 'hours/grant', 'key/rotate', 'password/reset', 'recovery/codes', 'users/add', 'users/set']));
    expect(reached).not.toContain('pin/verify');
    expect(reached).not.toContain('hours/check');
    // Every one of them is there, as the command the registry says.
    const rare = createRequire(import.meta.url)(join(DIST, 'commands.cjs')) as { commands: Record<string, { command: { description: string } }> };
    expect(Object.keys(rare.commands).map((specifier) => specifier.slice(2, -'.js'.length)).sort()).toEqual(reached);
    for (const module of Object.values(rare.commands)) expect(typeof module.command.description).toBe('string');
  });
});
