import { main } from '../../src/main.js';
import type { ProcessLike } from '../../src/io/process.js';
import { Capture } from '../fakes/context.js';

/** A whole command line, run in this process as bin/household.js runs it: the exit code and what was printed. */
async function household(...args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const proc: ProcessLike = {
    argv: ['node', 'household', ...args],
    env: {},
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

  test("commander's suggestion after it is kept", async () => {
    const { exit, stderr } = await household('users', 'list', '--json=1');
    expect(exit).toBe(64);
    expect(stderr).toMatch(/^household: unknown option '--json=…'.*\(Did you mean --json\?\)\n/);
    expect(stderr).toContain(`\n${SECRETS_HINT}\n`);
  });
});
