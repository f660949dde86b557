import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES } from '../../src/domain/errors.js';
import { BIN, Sandbox, helpCommandPaths, run, runProgram } from './cli.js';
import { Terminal } from './terminal.js';

/** What --help says, on a terminal and piped, and the hints that name a command to run. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('help', () => {
  test('--help lists the commands and the exit codes on stdout, exit 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: household');
    for (const command of ['init', 'users', 'pin', 'plan', 'config']) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain('--stdin');
    expect(result.stderr).toBe('');
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

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

describe('help says what each command asks', () => {
  test.each([
    [['users', 'set'], ['Needs nothing beyond access to the store, and at least one option.', '--rename <new>', '--no-email']],
    [['password', 'set'], ['Asks, in this order (and so reads with --stdin): current password, new\npassword, new password again.']],
    [['password', 'reset'], ["Asks, in this order (and so reads with --stdin): the admin's password, then the\nmember's new password, new password again.", 'nobody can vouch for the admin']],
  ])('%j --help', async (command, texts) => {
    const help = await box.run([...command, '--help'], { env: { COLUMNS: '80' } });
    expect([help.code, help.stderr]).toEqual([0, '']);
    for (const text of texts) expect(help.stdout).toContain(text);
  });

  test('pin reset --help says what --stdin reads, in order', async () => {
    const result = await run(['pin', 'reset', '--help']);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('new PIN, new PIN again, then the account password');
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

  test('--store with a space and a quote in its path: the hint carries it quoted, and sh runs it on that store, not the default one', async () => {
    const store = join(box.dir, "our home's", 'household.json');
    const init = (args: string[], admin: string) =>
      run([...args, 'init', '--admin', admin, '--stdin'], { env: box.env, input: `${admin}-password\n${admin}-password\n\n` });
    expect((await init(['--store', store], 'alice')).code).toBe(0);
    // The default store holds another household, which a hint without --store would act on. Both
    // stores are named household.json, so the second needs a key file of its own (--key).
    expect((await run(['init', '--admin', 'zed', '--key', join(box.dir, 'zed.key'), '--stdin'], { env: box.env, input: 'zed-password\nzed-password\n\n' })).code).toBe(0);

    const failed = await run(['--store', store, 'users', 'show', 'nobody'], { env: box.env });
    const quoted = `'${store.replace(/'/g, `'\\''`)}'`;
    expect(failed).toEqual({ code: 67, stdout: '', stderr: `household: no account named nobody\nhousehold --store ${quoted} users list shows every account\n` });

    const hint = failed.stderr.split('\n')[1].replace(/ shows every account$/, '');
    mkdirSync(join(box.dir, 'bin'));
    symlinkSync(BIN, join(box.dir, 'bin', 'household'));
    const listed = await runProgram('sh', ['-c', hint], { env: { ...box.env, PATH: `${join(box.dir, 'bin')}:${process.env.PATH}` } });
    expect(listed).toEqual({ code: 0, stdout: 'alice\tadmin\tno\t-\n', stderr: '' });
  });
});
