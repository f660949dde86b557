import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildProgram, type Handler } from '../../src/cli/program.js';
import { initRun } from '../../src/commands/init.js';
import { addRun } from '../../src/commands/users/add.js';
import { pinRemoveRun } from '../../src/commands/pin/remove.js';
import { configRun } from '../../src/commands/config.js';
import { outcomeOf } from '../../src/cli/errors.js';
import { VERSION } from '../../src/version.js';
import { Capture } from '../fakes/context.js';
import '../fakes/every-command.js';

/** Parses a command line with a runner that records what the handler would have been given. */
async function parse(args: string[]) {
  const calls: Array<{ handler: Handler<unknown>; opts: unknown; globals: Record<string, unknown> }> = [];
  const stdout = new Capture();
  const program = await buildProgram(
    async (handler, opts, command) => {
      calls.push({ handler: handler as Handler<unknown>, opts, globals: command.optsWithGlobals() });
    },
    { stdout, stderr: new Capture(), cwd: '/home/op', env: {} },
  );
  try {
    await program.parseAsync(['node', 'household', ...args]);
    return { calls, outcome: { exitCode: 0 }, stdout: stdout.text };
  } catch (error) {
    return { calls, outcome: outcomeOf(error), stdout: stdout.text };
  }
}

describe('parsing command lines into handler options', () => {
  test('init: defaults plan to free', async () => {
    const { calls } = await parse(['init', '--admin', 'Alice']);
    expect(calls).toEqual([{ handler: initRun, opts: { admin: 'Alice', email: undefined, plan: 'free' }, globals: expect.anything() }]);
  });

  test('global options may come after the subcommand', async () => {
    const { calls } = await parse(['pin', 'remove', 'kid1', 'kid2', '--all-managed', '--json', '--store', 'x.json', '--no-color']);
    expect(calls[0].handler).toBe(pinRemoveRun);
    expect(calls[0].opts).toEqual({ names: ['kid1', 'kid2'], allManaged: true });
    expect(calls[0].globals).toMatchObject({ json: true, store: 'x.json', color: false, input: true });
  });

  test('users add --managed defaults the restriction to none', async () => {
    expect((await parse(['users', 'add', 'kid', '--managed'])).calls[0]).toMatchObject({ handler: addRun, opts: { name: 'kid', kind: 'managed', restriction: 'none' } });
  });

  test.each([
    [['users', 'add', 'kid', '--managed', '--member']],
    [['users', 'add', 'kid', '--member', '--restriction', 'teen']],
    [['users', 'add', 'kid']],
    [['pin', 'set']],
    [['pin', 'set', 'a', 'b']],
    [['pin', 'set', 'alice', '--pin', '4829']],
    [['users']],
    [['config', 'set', 'store']],
  ])('%j is usage (64) and runs nothing', async (args) => {
    const { calls, outcome } = await parse(args);
    expect(outcome.exitCode).toBe(64);
    expect(calls).toEqual([]);
  });

  test('config set resolves against the working folder', async () => {
    const { calls } = await parse(['config', 'set', 'store', 'h.json']);
    expect(calls[0]).toMatchObject({ handler: configRun, opts: { action: 'set', key: 'store', value: 'h.json', cwd: '/home/op' } });
  });

  test('--version is the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const { outcome, stdout } = await parse(['--version']);
    expect([outcome.exitCode, stdout]).toEqual([0, `${VERSION}\n`]);
  });

  test('no option of any command takes a secret as its value', async () => {
    // The whole tree, every group built: every option that takes a value, by its long name.
    const program = await buildProgram(async () => {}, { stdout: new Capture(), stderr: new Capture(), cwd: '/', env: {} });
    const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
    const commands = walk(program);
    const valued = commands.flatMap((command) => command.options.filter((option) => option.required || option.optional).map((option) => `${command.name()} ${option.long}`));
    // The walk reaches the options there are (so an empty tree cannot pass) ...
    expect(commands.map((command) => command.name())).toEqual(expect.arrayContaining(['init', 'users', 'set', 'verify', 'password', 'log']));
    expect(valued).toEqual(expect.arrayContaining(['household --store', 'init --admin', 'add --restriction', 'set --rename', 'log --since']));
    // ... and none of them is named for a secret.
    expect(valued.filter((option) => /--(pin|password|new-pin|current-pin|secret|passphrase)\b/.test(option))).toEqual([]);
  });

  test("init's help says that --admin is required, in the usage line and beside the option", async () => {
    const { stdout } = await parse(['init', '--help']);
    expect(stdout).toMatch(/^Usage: household init --admin <name> \[options\]\n/);
    expect(stdout).toMatch(/\n {2}--admin <name> +the admin's name \(required\)\n/);
  });

  test("log's help shows the --limit default as the number it is", async () => {
    const { stdout } = await parse(['log', '--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain('at most this many lines, the newest (default: 50)');
  });

  test('log --limit still defaults to 50', async () => {
    const { calls } = await parse(['log']);
    expect(calls[0].opts).toEqual({ account: undefined, since: undefined, limit: 50 });
  });

  test("pin set's help says what it asks, in order, and lists the global options", async () => {
    const { stdout } = await parse(['pin', 'set', '--help']);
    expect(stdout).toContain('Usage: household pin set [options] <name>');
    expect(stdout.replace(/\s+/g, ' ')).toContain('then the new PIN, new PIN again.');
    expect(stdout).toMatch(/Global Options:[\s\S]*--stdin/);
  });
});
