import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES } from '../../src/domain/errors.js';
import { Sandbox, helpCommandPaths, run } from './cli.js';
import { Terminal } from './terminal.js';

/** What a person reads: --help, hints, tables and messages, on a terminal where that is where they read it. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('help', () => {
  test('every subcommand\'s --help lists the global options --store, --json and --stdin', async () => {
    const { groups, leaves } = await helpCommandPaths();
    expect(leaves.length).toBeGreaterThan(15);
    for (const path of [...groups, ...leaves]) {
      const help = (await run([...path, '--help'])).stdout;
      const globals = help.split(/\n\n/).find((part) => part.startsWith('Global Options:'));
      expect([path, globals]).toEqual([path, expect.stringMatching(/--store <path>[^]*--json[^]*--stdin/)]);
    }
  });

  test.each([60, 120])('on a terminal of %i columns, help is wrapped at word boundaries: no line is longer, no word is split', async (columns) => {
    const { groups, leaves } = await helpCommandPaths();
    for (const path of [[], ...groups, ...leaves]) {
      // The pseudo-terminal's own size is what counts; $COLUMNS (100 in Terminal's environment) is not read.
      const term = new Terminal([...path, '--help'], box.env, columns);
      expect(await term.exited).toBe(0);
      term.close();
      const screen = term.screen.replace(/\r/g, '');
      const tooLong = screen.split('\n').filter((line) => line.length > columns);
      expect([path, tooLong]).toEqual([path, []]);
      // The same words as help piped (80 columns), in the same order: a word split in two would differ.
      expect([path, words(screen)]).toEqual([path, words((await run([...path, '--help'])).stdout)]);
    }
  });

  test('a terminal that reports no size (0 columns) gets help 80 columns wide', async () => {
    const term = new Terminal(['users', '--help'], box.env);
    expect(await term.exited).toBe(0);
    term.close();
    const lines = term.screen.replace(/\r/g, '').split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(Math.max(...lines.map((line) => line.length))).toBeGreaterThan(70);
  });

  test('--help lists the exit codes of the table in src/domain/errors.ts, in its order and its words', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    const paragraph = help.stdout.split('\n\n').find((part) => part.startsWith('Exit codes: '));
    expect(paragraph).toBeDefined();
    const listed = paragraph!.replace(/\s+/g, ' ').replace(/^Exit codes: |\.$/g, '');
    // "0 done, 1 internal error, ...": each entry starts with its code (a comma in its words is never before one).
    const entries = listed.split(/, (?=\d+ )/).map((entry) => /^(\d+) (.*)$/.exec(entry)!.slice(1));
    expect(entries).toEqual(EXIT_CODES.map((row) => [String(row.code), row.help]));
  });

  test('the config group names the config file it keeps, not a library', async () => {
    const top = (await run(['--help'])).stdout.replace(/\s+/g, ' ');
    expect(top).toContain("config the operator's default store, in $XDG_CONFIG_HOME/household/config.json");
    const config = (await run(['config', '--help'])).stdout;
    expect(config).toContain('$XDG_CONFIG_HOME/household/config.json');
    expect(`${top} ${config}`).not.toMatch(/\bconf\b/);
  });
});

describe('hints', () => {
  test("a usage error points at the subcommand's own help", async () => {
    const missing = await run(['pin', 'set']);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toBe("household: missing required argument 'name'\nsee household pin set --help\n");
    const extra = await run(['--store', 'x.json', 'users', 'unlock', 'a', 'b', '--json']);
    expect(JSON.parse(extra.stderr)).toEqual({ error: { code: 'USAGE', message: "too many arguments for 'unlock'. Expected 1 argument but got 2.", hint: 'see household users unlock --help' } });
  });

  test('with no store there, the hint to init keeps the --store PATH that was given', async () => {
    const path = join(box.dir, 'my households', "bob's.json");
    const result = await run(['users', 'list', '--store', path]);
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(`household: no household store at ${path}\ncreate one with: household --store '${path.replace(/'/g, `'\\''`)}' init --admin NAME (or name another store with --store PATH)\n`);
  });
});

describe('the lockout, as a person reads it', () => {
  test('the 5th wrong PIN says how to get back in: pin reset; the cooling-off says when, in local time to the second', async () => {
    await box.init('2580');
    for (let i = 1; i <= 4; i += 1) expect((await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '5038\n' })).code).toBe(77);
    const fifth = await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '5038\n' });
    expect(fifth.code).toBe(77);
    expect(fifth.stderr).toBe(
      `household: wrong PIN for alice; its PIN checks are refused for 1 minute\na forgotten PIN can be reset with the account password: household --store ${box.store} pin reset alice\n`,
    );

    // A zone far from UTC (UTC+14, no summer time), so a UTC time could not pass for the local one.
    const zone = { TZ: 'Etc/GMT-14' };
    const until: string = JSON.parse(readFileSync(box.store, 'utf8')).accounts[0].failures.pin.coolingOffUntil;
    const local = new Date(Date.parse(until) + 14 * 3_600_000).toISOString();
    const refused = await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '2580\n', env: zone });
    expect(refused.code).toBe(75);
    expect(refused.stderr).toMatch(new RegExp(`try again in (\\d+ seconds?|1 minute) \\(at (${local.slice(0, 10)} )?${local.slice(11, 19)}\\)\n`));
    expect(refused.stderr).toContain(`household --store ${box.store} pin reset alice`);
    expect(refused.stderr).not.toMatch(/T\d\d:\d\d:\d\d(\.\d+)?Z/);

    const show = await box.run(['users', 'show', 'alice'], { env: zone });
    expect(show.stdout).toContain(`cooling off until ${local.slice(0, 10)} ${local.slice(11, 19)}`);
    expect(show.stdout).not.toMatch(/T\d\d:\d\d:\d\d(\.\d+)?Z/);
  });
});
