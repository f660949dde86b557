import { jest } from '@jest/globals';
import fc from 'fast-check';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { commanderProgram } from '../../src/cli/commander-tree.js';
import { commandNamed, readPlainly, type PlainLine } from '../../src/cli/command-line.js';
import { COMMANDS, type CommandEntry } from '../../src/commands/registry.js';
import type { AnyCommandSpec, CommandLine } from '../../src/commands/spec.js';
import { Capture } from '../fakes/context.js';
import '../fakes/every-command.js';

/**
 * src/main.ts runs a plain command line without commander (src/cli/command-line.ts): what it reads
 * must be what commander reads from the same line, or a script would mean one thing on the fast path
 * and another on the slow one. So command lines are generated from the words, options and values each
 * command takes (and from words commander reads its own way: help, `--`, short options, a value that
 * looks like an option, a choice not offered, ...), and for every line read plainly commander must
 * read the same: the same command, arguments, options, options typed and global options, and no error.
 */

interface Read {
  /** What commander handed the command's parse, or nothing when it failed first (help, a usage error). */
  line?: Pick<CommandLine<unknown[], Record<string, unknown>>, 'args' | 'flags' | 'typed'>;
  globals?: Record<string, unknown>;
  withGlobals?: Record<string, unknown>;
}

/** The command line as commander reads it, with the command's own parse watched. */
async function readByCommander(args: string[], spec: AnyCommandSpec): Promise<Read> {
  const read: Read = {};
  const parse = jest.spyOn(spec, 'parse');
  try {
    const program = await buildProgram(
      async (_handler, _opts, command: Command) => {
        read.withGlobals = command.optsWithGlobals();
      },
      { stdout: new Capture(), stderr: new Capture(), cwd: '/home/op', env: {} },
      args,
    );
    await program.parseAsync(['node', 'household', ...args]).catch(() => {});
    read.globals = program.opts();
    if (parse.mock.calls.length > 0) {
      const [{ args: given, flags, typed }] = parse.mock.calls[0] as [CommandLine<unknown[], Record<string, unknown>>];
      read.line = { args: given, flags, typed };
    }
    expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
  } finally {
    parse.mockRestore();
  }
  return read;
}

const VALUES = ['kid1', 'teen', 'pass', '1h', '15:00', 'bob@example.org', 'Mo-Fr 15:00-19:30', '', '-1', '--json', 'pin', 'h.json'];
const WORDS = ['kid1', 'bob', 'alice', 'help', 'pin', 'users', 'bash', 'Europe/Berlin', 'store', 'free', 'x y'];
const ODD = ['-', '--', '-h', '--help', '-V', '--version', '--bogus', '--json=1', '--no-json', '-5', '-js', '--stor', '--store'];
const GLOBALS: string[][] = [['--json'], ['--stdin'], ['--no-input'], ['--no-color'], ['--store', 'h.json'], ['--store=pin'], ['--store', 'users'], ['--store=']];

/** The pieces a command line of this command is made of: each one or two words. */
function piecesOf(spec: AnyCommandSpec): fc.Arbitrary<string[]> {
  const own = (spec.options ?? []).flatMap((option): string[][] => {
    const long = option.flags.split(/[ ,]+/).find((word) => word.startsWith('--'))!;
    if (!option.flags.includes('<')) return [[long], [long], [long], [`${long}=1`]];
    const values = [...(option.choices ?? []), ...VALUES];
    return [...values.map((value) => [long, value]), ...values.map((value) => [`${long}=${value}`]), [long]];
  });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...GLOBALS) },
    { weight: 4, arbitrary: own.length > 0 ? fc.constantFrom(...own) : fc.constantFrom(...GLOBALS) },
    { weight: 1, arbitrary: fc.constantFrom(...WORDS, ...(spec.arguments ?? []).flatMap((argument) => argument.choices ?? [])).map((word) => [word]) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD).map((word) => [word]) },
  );
}

/** What the command needs to run: a word for each required argument, each required option with a value it takes. */
function requiredOf(spec: AnyCommandSpec): string[] {
  const args = (spec.arguments ?? []).filter((argument) => argument.name.startsWith('<')).map((argument) => argument.choices?.[0] ?? 'kid1');
  const options = (spec.options ?? []).filter((option) => option.required).flatMap((option) => [option.flags.split(' ')[0], option.choices?.[0] ?? 'Carol']);
  return [...args, ...options];
}

/** A command line naming the entry's command: pieces before, between and after its words, mostly with what it needs. */
function linesOf(entry: CommandEntry, spec: AnyCommandSpec): fc.Arbitrary<string[]> {
  const pieces = piecesOf(spec);
  return fc
    .tuple(
      fc.array(pieces, { maxLength: 2 }),
      fc.array(fc.array(pieces, { maxLength: 1 }), { minLength: entry.path.length, maxLength: entry.path.length }),
      fc.array(pieces, { maxLength: 3 }),
      fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      fc.array(pieces, { maxLength: 3 }),
    )
    .map(([before, between, after, needed, last]) => [
      ...before.flat(),
      ...entry.path.flatMap((word, i) => [word, ...between[i].flat()]),
      ...after.flat(),
      ...(needed ? requiredOf(spec) : []),
      ...last.flat(),
    ]);
}

/**
 * The line read plainly, as src/main.ts asks for it, when it names the entry (`--store key init` names
 * init, whose store is `key`); undefined when it is left to commander.
 */
function plainly(args: string[], entry: CommandEntry, spec: AnyCommandSpec): PlainLine | undefined {
  const named = commandNamed(args);
  return named.entry === entry ? readPlainly(args, named.path, spec) : undefined;
}

const READ_PLAINLY = COMMANDS.filter((entry) => !entry.wholeTree);
/** npm run mutate tries a tenth of the random lines (jest.mutate.config.js). */
const RUNS = Number(process.env.HOUSEHOLD_PROPERTY_RUNS ?? 1);

describe('a plain command line is read as commander reads it', () => {
  test.each(READ_PLAINLY.map((entry) => [entry.path.join(' '), entry] as const))('%s', async (_path, entry) => {
    const { command: spec } = await entry.load();
    let plainLines = 0;
    await fc.assert(
      fc.asyncProperty(linesOf(entry, spec), async (args) => {
        const plain = plainly(args, entry, spec);
        if (plain === undefined) return;
        plainLines += 1;
        const read = await readByCommander(args, spec);
        // Strictly: an option commander leaves unset is not there, not there as undefined.
        expect(read.line).toStrictEqual({ args: plain.args, flags: plain.flags, typed: plain.typed });
        expect(read.globals).toStrictEqual(plain.globals);
        // What the context is made from, when the command's parse took the line.
        if (read.withGlobals) expect(read.withGlobals).toStrictEqual({ ...plain.flags, ...plain.globals });
      }),
      { numRuns: Math.ceil(400 * RUNS) },
    );
    // The generator makes plain lines of every command, not only lines left to commander (the fewest
    // seen in a whole run, for users add, was 13 of 400; a tenth of the lines may have none).
    if (RUNS === 1) expect(plainLines).toBeGreaterThanOrEqual(5);
  });
});

describe('which lines are plain', () => {
  const plainOf = async (args: string[]) => {
    const named = commandNamed(args);
    return named.entry && readPlainly(args, named.path, (await named.entry.load()).command);
  };

  test("what PAM, cron and scripts run is: the hours check, a PIN's check, clearing the children's PINs", async () => {
    expect(await plainOf(['hours', 'check'])).toEqual({ args: [undefined], flags: {}, typed: new Set(), globals: { input: true, color: true } });
    expect(await plainOf(['--store', '/srv/h.json', 'hours', 'check', 'kid1'])).toEqual({ args: ['kid1'], flags: {}, typed: new Set(), globals: { input: true, color: true, store: '/srv/h.json' } });
    expect(await plainOf(['pin', 'verify', 'kid1', '--stdin', '--require-pin', '--store=h.json'])).toEqual({
      args: ['kid1'],
      flags: { requirePin: true },
      typed: new Set(['--require-pin']),
      globals: { input: true, color: true, stdin: true, store: 'h.json' },
    });
    expect(await plainOf(['--json', 'pin', 'remove', '--all-managed', '--no-input'])).toEqual({
      args: [[]],
      flags: { allManaged: true },
      typed: new Set(['--all-managed']),
      globals: { input: false, color: true, json: true },
    });
  });

  test('a value after = may look like an option; an argument with choices leaves the next word to the next argument', async () => {
    expect(await plainOf(['log', '--limit=-1'])).toMatchObject({ flags: { limit: '-1' }, typed: new Set(['--limit']) });
    expect(await plainOf(['config', 'set', 'store', 'h.json'])).toMatchObject({ args: ['store', 'h.json'] });
  });

  test('a line is read for the command whose words it has', async () => {
    const { command } = await COMMANDS.find((entry) => entry.path.join(' ') === 'users list')!.load();
    expect(readPlainly(['users', 'show'], ['users', 'list'], command)).toBeUndefined();
    expect(readPlainly(['users', 'list'], ['users', 'list'], command)).toBeDefined();
  });

  test('defaults as commander sets them: --no-x alone makes x true, beside --x nothing; a value option its default', async () => {
    expect((await plainOf(['users', 'set', 'bob']))?.flags).toEqual({});
    expect((await plainOf(['users', 'set', 'bob', '--no-hours']))?.flags).toEqual({ hours: false });
    expect((await plainOf(['log']))?.flags).toEqual({ limit: '50' });
    expect((await plainOf(['init', '--admin', 'Carol']))?.flags).toEqual({ admin: 'Carol', plan: 'free' });
  });

  test("the command's own options only after its words, as commander reads them", async () => {
    const { command } = await COMMANDS.find((entry) => entry.path.join(' ') === 'pin remove')!.load();
    expect(readPlainly(['pin', '--all-managed', 'remove'], ['pin', 'remove'], command)).toBeUndefined();
    expect(readPlainly(['pin', 'remove', '--all-managed'], ['pin', 'remove'], command)).toBeDefined();
  });

  test.each([
    [['--help', 'hours', 'check']],
    [['hours', 'check', '-h']],
    [['hours', 'check', 'kid1', 'kid2']],
    [['hours', 'check', '--', 'kid1']],
    [['hours', 'check', '--json=1']],
    [['pin', 'verify', 'kid1', '--store', '--json']],
    [['pin', 'verify', 'kid1', '--store']],
    [['pin', 'remove', '-5']],
    [['users', 'set', 'bob', '--restriction', 'toddler']],
    [['users', 'set', 'bob', '--restriction=toddler']],
    [['users', 'set', 'bob', '--bogus']],
    [['users', 'set']],
    [['plan', 'set', 'gold']],
    [['init']],
  ])('%j is left to commander', async (args) => {
    expect(await plainOf(args)).toBeUndefined();
  });
});

describe('the command a line names, before anything loads', () => {
  test.each([
    // After `--` every word is a word, and the words still name the command commander runs.
    [['--', 'pin', 'verify', 'kid1'], ['pin', 'verify']],
    [['pin', '--', 'verify', 'kid1'], ['pin', 'verify']],
    // ... so an option after it is no option, and no command.
    [['--', '--store', 'h.json', 'users', 'list'], []],
    // A value given to a flag that takes none: commander takes the rest for no command's.
    [['--json=1', 'pin', 'set'], []],
    [['-', 'pin', 'set'], []],
    [['--store=h.json', '--no-input', 'pin', 'set'], ['pin', 'set']],
  ])('%j names %j', (args, path) => {
    const named = commandNamed(args);
    expect(named.path).toEqual(path);
    expect(named.entry?.path ?? []).toEqual(path);
  });
});

/**
 * Forms no command of ours has yet, compared with commander on a command made for it: a `--no-x`
 * declared before its `--x`, a variadic argument after another one, with choices, and a required one.
 */
describe('forms the commands do not use yet are read as commander reads them', () => {
  const spec: AnyCommandSpec = {
    description: 'a made-up command',
    arguments: [{ name: '<first>', description: 'one' }, { name: '[rest...]', description: 'more', choices: ['p', 'q'] }],
    options: [{ flags: '--no-y', description: 'not y' }, { flags: '--y <v>', description: 'y' }, { flags: '--z <v>', description: 'z', default: 'd' }],
    parse: (line) => line,
    run: async () => {},
  };
  const required: AnyCommandSpec = { ...spec, arguments: [{ name: '<items...>', description: 'at least one' }], options: [] };

  async function byCommander(args: string[], command: AnyCommandSpec) {
    const parse = jest.fn((line: CommandLine<unknown[], Record<string, unknown>>) => line);
    const program = commanderProgram(async () => {}, { stdout: new Capture(), stderr: new Capture(), cwd: '/', env: {} }, [{ path: ['x'], spec: { ...command, parse } }], {});
    const failed = await program.parseAsync(['node', 'household', 'x', ...args]).then(
      () => false,
      () => true,
    );
    if (failed) return undefined;
    const [{ args: given, flags, typed }] = parse.mock.calls[0];
    return { args: given, flags, typed, globals: program.opts() };
  }

  test.each([
    [['a'], spec],
    [['a', 'p', 'q', 'p'], spec],
    [['a', 'p', 'r'], spec],
    [['a', '--no-y'], spec],
    [['a', '--y', 'v', 'q'], spec],
    [['a', '--z=e', '--no-y'], spec],
    [['i', 'j', 'k'], required],
    [[], required],
  ] as Array<[string[], AnyCommandSpec]>)('x %j', async (args, command) => {
    const plain = readPlainly(['x', ...args], ['x'], command);
    const read = await byCommander(args, command);
    // What commander refuses is never read plainly; what it reads, is read the same way.
    if (read === undefined) expect(plain).toBeUndefined();
    else expect(plain).toStrictEqual(read);
  });

  test('the made-up lines include some read plainly and one commander refuses', async () => {
    expect(readPlainly(['x', 'a', 'p', 'q'], ['x'], spec)?.args).toEqual(['a', ['p', 'q']]);
    expect(readPlainly(['x', 'a'], ['x'], spec)?.flags).toStrictEqual({ y: true, z: 'd' });
    expect(await byCommander(['a', 'p', 'r'], spec)).toBeUndefined();
  });
});
