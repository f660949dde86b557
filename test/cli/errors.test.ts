import { jest } from '@jest/globals';
import { CommanderError } from 'commander';
import { main } from '../../src/main.js';
import { outcomeOf } from '../../src/cli/errors.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { Output } from '../../src/io/output.js';
import type { ProcessLike } from '../../src/io/process.js';
import { Capture } from '../fakes/context.js';
import '../fakes/every-command.js';

/** A whole command line, run in this process as bin/household.js runs it: the exit code and what was printed. */
async function household(...args: string[]) {
  return householdIn({}, ...args);
}

async function householdIn(env: Record<string, string>, ...args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const proc: ProcessLike = {
    argv: ['node', 'household', ...args],
    env,
    cwd: () => '/home/op',
    stdout,
    stderr,
    stdinIsTTY: false,
    readStdin: () => 0,
    openStdin: () => {
      throw new Error('nothing here may open standard input');
    },
    openStderr: () => {
      throw new Error('nothing here may prompt');
    },
  };
  const exit = await main(proc);
  return { exit, stdout: stdout.text, stderr: stderr.text };
}

/** What a user sees of an error a handler threw: the exit code and stderr (plain, or with --json). */
async function shown(error: unknown, options: { json?: boolean; command?: string } = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const outcome = options.command === undefined ? outcomeOf(error) : outcomeOf(error, options.command);
  if (outcome.failure) {
    await new Output({ stdout, stderr, stdoutIsTTY: false, stderrIsTTY: false }, { json: options.json ?? false, colorAllowed: false }).error(outcome.failure);
  }
  return { exit: outcome.exitCode, stdout: stdout.text, stderr: stderr.text };
}

const SECRETS_HINT = 'secrets are never taken as arguments: a terminal prompts for them, and --stdin reads them one per line';

describe('a secret typed as an option (--pin=1234)', () => {
  test('is usage (64); the message names the option without its value, the hint says how secrets are given', async () => {
    expect(await household('pin', 'set', 'alice', '--pin=1234')).toEqual({
      exit: 64,
      stdout: '',
      stderr: `household: unknown option '--pin=…'\n${SECRETS_HINT}\n`,
    });
  });

  test('with --json: the same, as the JSON error object', async () => {
    const { exit, stderr } = await household('--json', 'pin', 'set', 'alice', '--pin=12');
    expect(exit).toBe(64);
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'USAGE', message: "unknown option '--pin=…'", hint: SECRETS_HINT } });
  });

  test('a value holding quotes or a line end is not repeated, not even in part', async () => {
    const quoted = await household('pin', 'set', 'bob', "--password=ab'cd'efgh");
    expect(quoted).toEqual({ exit: 64, stdout: '', stderr: `household: unknown option '--password=…'\n${SECRETS_HINT}\n` });
    const twoLines = await household('pin', 'set', 'bob', '--password=abcd\nefgh');
    expect(twoLines.stderr).toBe(`household: unknown option '--password=…'\n${SECRETS_HINT}\n`);
  });

  test("commander's suggestion is kept, in the hint (no literal \\n in the message)", async () => {
    expect(await household('users', 'list', '--json=1')).toEqual({
      exit: 64,
      stdout: '',
      stderr: `household: unknown option '--json=…'\ndid you mean --json? ${SECRETS_HINT}\n`,
    });
  });
});

describe("other usage errors: 64, commander's message without its 'error: ', and the hint naming the subcommand's help", () => {
  test.each([
    [['pin', 'set', 'alice', '--pin', '4829'], "unknown option '--pin'", 'see household pin set --help'],
    [['users', 'add'], "missing required argument 'name'", 'see household users add --help'],
    [['pin', 'set', 'a', 'b'], "too many arguments for 'set'. Expected 1 argument but got 2.", 'see household pin set --help'],
    [['--store', 'x.json', 'pin', 'remove', '--every'], "unknown option '--every'", 'see household pin remove --help'],
    // An '=' in anything but an unknown option is no secret typed as an option.
    [['x=1'], "unknown command 'x=1'", 'see household --help'],
  ])('%j', async (args, message, hint) => {
    expect(await household(...args)).toEqual({ exit: 64, stdout: '', stderr: `household: ${message}\n${hint}\n` });
  });

  test.each([
    [['user'], "unknown command 'user'", 'did you mean users? see household --help'],
    // Unknown before any command word: commander stops at the top, whose help lists the global options.
    [['--jsn', 'users', 'list'], "unknown option '--jsn'", 'did you mean --json? see household --help'],
    [['users', 'add', 'kid3', '--manged'], "unknown option '--manged'", 'did you mean --managed? see household users add --help'],
    [['--stor', '/srv/h.json', 'users', 'list'], "unknown option '--stor'", 'did you mean --store? see household --help'],
    [['users', 'lst'], "unknown command 'lst'", 'did you mean list? see household users --help'],
  ])("a typo %j: commander's suggestion on a line of its own, as the hint", async (args, message, hint) => {
    expect(await household(...args)).toEqual({ exit: 64, stdout: '', stderr: `household: ${message}\n${hint}\n` });
    const json = await household('--json', ...args);
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'USAGE', message, hint } });
  });

  test('a group named without its subcommand: its help on stderr, 64, and no error line after it', async () => {
    const { exit, stdout, stderr } = await household('users');
    expect(exit).toBe(64);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: household users \[options\] \[command\]\n/);
    expect(stderr).toMatch(/help \[command\] +display help for command\n$/);
    expect(stderr).not.toContain('household:');
  });
});

describe('help and version: 0, their text on stdout, nothing on stderr', () => {
  test.each([[['--help']], [['help']], [['help', 'pin']], [['pin', '--help']]])('%j', async (args) => {
    const { exit, stdout, stderr } = await household(...args);
    expect([exit, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^Usage: household /);
  });

  test('--version', async () => {
    const { exit, stdout, stderr } = await household('--version');
    expect([exit, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("a commander error outside a command line (outcomeOf's default)", () => {
  test("the hint names household's own help", async () => {
    const error = new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'frobnicate'");
    expect(await shown(error)).toEqual({ exit: 64, stdout: '', stderr: "household: unknown command 'frobnicate'\nsee household --help\n" });
  });
});

describe('typed errors: their own exit code, message and hint', () => {
  test.each([
    [new HouseholdError('WRONG_PIN', 'wrong PIN for kid1; 4 more wrong tries start a 1-minute cooling-off'), 77],
    [new HouseholdError('NO_STORE', 'no household store at /h.json', 'create one with: household init --admin NAME'), 66],
    [new HouseholdError('COOLING_OFF', "kid1's PIN checks are cooling off", 'an operator can clear it'), 75],
    [new HouseholdError('INPUT_ENDED', 'input ended; nothing was changed'), 130],
  ])('%s', async (error, exit) => {
    const plain = await shown(error, { command: 'household pin set' });
    expect(plain).toEqual({ exit, stdout: '', stderr: `household: ${error.message}\n${error.hint === undefined ? '' : `${error.hint}\n`}` });
    const json = await shown(error, { json: true });
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } });
  });
});

describe('a typed error from another copy of the error module (a command built as a file of its own)', () => {
  // A fresh module registry loads src/domain/errors.ts again: a second HouseholdError class, as each
  // separately built command's bundle has (scripts/build.mjs). Before the test, not in it: see
  // test/fakes/every-command.ts for why a module's top level should not run inside one test.
  let Other: typeof HouseholdError | undefined;
  beforeAll(async () => {
    await jest.isolateModulesAsync(async () => {
      ({ HouseholdError: Other } = await import('../../src/domain/errors.js'));
    });
  });

  test('is recognised by its brand: its own exit code, message and hint, not a bug', async () => {
    expect(Other).toBeDefined();
    expect(Other).not.toBe(HouseholdError);
    const error = new Other!('OUTSIDE_HOURS', 'kid1 may use the account again at 15:00 on Monday', 'an operator can grant more time');
    expect(error instanceof HouseholdError).toBe(true);
    expect(new HouseholdError('NO_PIN', 'kid1 has no PIN') instanceof Other!).toBe(true);
    expect(await shown(error, { command: 'household hours grant' })).toEqual({
      exit: 77,
      stdout: '',
      stderr: 'household: kid1 may use the account again at 15:00 on Monday\nan operator can grant more time\n',
    });
    // Anything else is still not one.
    expect(new Error('x') instanceof HouseholdError).toBe(false);
    expect(Object.assign(new Error('x'), { code: 'NO_PIN', exitCode: 77 }) instanceof HouseholdError).toBe(false);
    expect((null as unknown) instanceof Other!).toBe(false);
  });
});

describe('a fault of the disk or the terminal (by errno): 74, saying nothing changed unless a confirmation said so', () => {
  test.each(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG', 'EIO', 'ENXIO'])('%s', async (code) => {
    const error = Object.assign(new Error(`${code}: write failed, /home/op/.local/share/household/household.json`), { code });
    expect(await shown(error)).toEqual({
      exit: 74,
      stdout: '',
      stderr: `household: input/output error (${code}); nothing was changed unless a confirmation said so\nmake room or fix the file system or terminal, then try again\n`,
    });
    const json = await shown(error, { json: true });
    expect(JSON.parse(json.stderr).error.code).toBe('IO_ERROR');
  });
});

describe('anything else is a bug: 1, the message, and the hint that it is one', () => {
  const BUG = 'this is a bug in household; nothing was changed unless a confirmation said so';

  test.each([
    ['a plain Error', new Error('boom'), 'boom'],
    ['an errno that is no disk fault', Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }), 'ENOENT: no such file'],
    ['an Error whose code is not text', Object.assign(new Error('odd'), { code: 42 }), 'odd'],
    ['an Error whose code names what every object has', Object.assign(new Error('odd'), { code: 'constructor' }), 'odd'],
    ['a thrown string', 'just text', 'just text'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
  ])('%s', async (_what, error, message) => {
    expect(await shown(error)).toEqual({ exit: 1, stdout: '', stderr: `household: unexpected error: ${message}\n${BUG}\n` });
    const json = await shown(error, { json: true });
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'INTERNAL', message: `unexpected error: ${message}`, hint: BUG } });
  });

  test('an object with a commander code that is no Error is a bug too', async () => {
    const error = { code: 'commander.unknownOption', exitCode: 1, message: "error: unknown option '--x'" };
    expect((await shown(error)).exit).toBe(1);
  });
});

describe('a hint that names a command carries the --store PATH of the command line, quoted for the shell', () => {
  test('--store with a space and a quote', async () => {
    expect(await household('--store', "/nowhere/our home/it's.json", 'users', 'show', 'kid1')).toEqual({
      exit: 66,
      stdout: '',
      stderr: `household: no household store at /nowhere/our home/it's.json\ncreate one with: household --store '/nowhere/our home/it'\\''s.json' init --admin NAME (or name another store with --store PATH)\n`,
    });
  });

  test('$HOUSEHOLD_STORE: no --store in the hint, since the environment names the store again for the next command', async () => {
    expect(await householdIn({ HOUSEHOLD_STORE: '/nowhere/h.json' }, 'users', 'list')).toEqual({
      exit: 66,
      stdout: '',
      stderr: 'household: no household store at /nowhere/h.json\ncreate one with: household init --admin NAME (or name another store with --store PATH)\n',
    });
  });
});

describe('a plain command line (run without commander) fails as the same line read by commander does', () => {
  // `--` after the command's words is the same line for commander, and is never read plainly.
  test.each([
    [['--store', '/nowhere/h.json', 'hours', 'check', 'kid1'], ['--store', '/nowhere/h.json', 'hours', 'check', '--', 'kid1']],
    [['--json', 'pin', 'verify', 'kid1', '--store=/nowhere/h.json', '--stdin'], ['--json', 'pin', 'verify', '--store=/nowhere/h.json', '--stdin', '--', 'kid1']],
    [['pin', 'verify', '--no-input'], ['pin', 'verify', '--no-input', '--']],
  ])('%j', async (plain, byCommander) => {
    const seen = await household(...plain);
    expect(seen).toEqual(await household(...byCommander));
    expect(seen.exit).not.toBe(0);
  });

  test('the hint names the store the command line gave', async () => {
    const { exit, stderr } = await household('--store', '/nowhere/h.json', 'hours', 'check', 'kid1');
    expect(exit).toBe(66);
    expect(stderr).toBe('household: no household store at /nowhere/h.json\ncreate one with: household --store /nowhere/h.json init --admin NAME (or name another store with --store PATH)\n');
  });
});

describe('a group named without its command', () => {
  test('is usage (64): its help on stderr, and no error line of ours', async () => {
    const { exit, stdout, stderr } = await household('pin');
    expect(exit).toBe(64);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: household pin \[options\] \[command\]\n/);
    expect(stderr).not.toContain('household:');
  });
});
