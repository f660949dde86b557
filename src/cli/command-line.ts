import { COMMANDS, type CommandEntry } from '../commands/registry.js';
import type { AnyCommandSpec, OptionSpec } from '../commands/spec.js';
import type { GlobalOptions } from './context.js';
import { GLOBAL_OPTIONS } from './global-options.js';

/**
 * A command line read from argv alone, without commander: which command it names (before anything
 * loads: whether to hold the terminal's echo, which commands to build), and, when it is plain, all of
 * it, so that the commands PAM and scripts run most (`hours check`, `pin verify`) start without loading
 * commander or building its tree (about 2 ms of a 50 ms start). Every reading here is the one commander
 * makes of the same line (test/cli/command-line.test.ts compares them on generated command lines);
 * what it is not sure of, it leaves to commander, which also says what is wrong with a bad line.
 */

/**
 * An option as commander reads its flags, by its long name and the value it may take, the way every
 * option of ours is written (`--store <path>`, `--no-email`).
 */
interface Flag {
  long: string;
  /** commander's name for its value: `--all-managed` is `allManaged`, `--no-email` is `email`. */
  key: string;
  takesValue: boolean;
  negate: boolean;
  spec: OptionSpec;
}

function flagOf(spec: OptionSpec): Flag {
  const [long, value] = spec.flags.split(' ');
  const negate = long.startsWith('--no-');
  const bare = long.slice(negate ? '--no-'.length : '--'.length);
  return {
    long,
    key: bare.split('-').reduce((key, word) => key + word[0].toUpperCase() + word.slice(1)),
    takesValue: value !== undefined,
    negate,
    spec,
  };
}

let globalFlags: Flag[] | undefined;
const globals = () => (globalFlags ??= GLOBAL_OPTIONS.map(flagOf));

/** Whether `path` begins with the words of `prefix`. */
export const startsWith = (path: readonly string[], prefix: readonly string[]) => prefix.every((word, i) => path[i] === word);

/**
 * The command a command line names, read as commander will read it, before anything is built or
 * loaded: its words (`pin set`; `pin` for a group; none when the first word is no command), and its
 * entry in the list when the command line runs it (not when it only asks for its help). Global options
 * are skipped, with the value of one that takes a value; an option commander does not know there makes
 * it take the words after it for no command's; after `--` every word is a word; and commander's own
 * `help` word names the command whose help it shows.
 */
export function commandNamed(args: readonly string[]): { path: string[]; entry?: CommandEntry } {
  const path: string[] = [];
  let wordsOnly = false;
  let helpOnly = false;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i];
    if (!wordsOnly && word === '--') {
      wordsOnly = true;
      continue;
    }
    // An option, or a lone `-` (a word to commander, and no command: both end the command's words).
    if (!wordsOnly && word.startsWith('-')) {
      const [name, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), true] : [word, false];
      const option = globals().find((candidate) => candidate.long === name);
      if (!option || (inline && !option.takesValue)) break;
      if (option.takesValue && !inline) i += 1;
      continue;
    }
    if (word === 'help' && !helpOnly) {
      helpOnly = true;
      continue;
    }
    if (!COMMANDS.some((entry) => startsWith(entry.path, [...path, word]))) break;
    path.push(word);
    const entry = COMMANDS.find((candidate) => candidate.path.length === path.length && startsWith(candidate.path, path));
    if (helpOnly) break;
    if (entry) return { path, entry };
  }
  return { path };
}

/** A command line read without commander: what commander would hand the command's action. */
export interface PlainLine {
  /** The arguments in the order declared, as commander's action gets them. */
  args: unknown[];
  /** The command's own options, as commander's `opts()` holds them (defaults included). */
  flags: Record<string, unknown>;
  /** The command's long options typed, each once. */
  typed: Set<string>;
  /** The global options, as the program's `opts()` holds them. */
  globals: GlobalOptions & Record<string, unknown>;
}

/** The values an option list starts with, as commander sets them when the options are added, in order. */
function defaults(flags: readonly Flag[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  flags.forEach((flag, i) => {
    if (flag.negate) {
      // --no-x alone means x is true until typed; beside an --x declared before it, x has no default.
      if (!flags.slice(0, i).some((other) => !other.negate && other.key === flag.key)) values[flag.key] = flag.spec.default ?? true;
    } else if (flag.spec.default !== undefined) {
      values[flag.key] = flag.spec.default;
    }
  });
  return values;
}

/**
 * The whole command line `args` (without node and the script) for `spec`, the command of `path` that
 * `commandNamed` found in it; undefined unless the line is plain: long options only (global ones
 * anywhere, the command's own after its words), each value either after `=` or as the next word when
 * that does not start with `-`, no `--`, `-h`, `--help` or `-V`, every value within its choices, every
 * required argument and option there and no word too many. Anything else is commander's to read.
 */
export function readPlainly(args: readonly string[], path: readonly string[], spec: AnyCommandSpec): PlainLine | undefined {
  const own = (spec.options ?? []).map(flagOf);
  const line: PlainLine = { args: [], flags: defaults(own), typed: new Set(), globals: defaults(globals()) };
  const words: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    // `--` (after which every word is a word), short options (-h, -V, groups like -abc), `-` and
    // negative numbers are no long option of the lists below: all of them are commander's.
    const equals = arg.indexOf('=');
    const [name, inline] = equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
    // The program reads its own options wherever they are; the command's are read after its words.
    const global = globals().find((flag) => flag.long === name);
    const flag = global ?? (words.length >= path.length ? own.find((candidate) => candidate.long === name) : undefined);
    if (!flag) return undefined;
    let value: string | boolean = !flag.negate;
    if (flag.takesValue) {
      const next = inline ?? args[(i += 1)];
      if (next === undefined || (inline === undefined && next.startsWith('-'))) return undefined;
      if (flag.spec.choices && !flag.spec.choices.includes(next)) return undefined;
      value = next;
    } else if (inline !== undefined) {
      return undefined;
    }
    if (global) {
      line.globals[flag.key] = value;
    } else {
      line.flags[flag.key] = value;
      line.typed.add(flag.long);
    }
  }
  if (!startsWith(words, path)) return undefined;
  if (own.some((flag) => flag.spec.required && line.flags[flag.key] === undefined)) return undefined;
  const given = words.slice(path.length);
  const declared = spec.arguments ?? [];
  for (const [i, argument] of declared.entries()) {
    const variadic = argument.name.includes('...');
    const values = variadic ? given.slice(i) : given.slice(i, i + 1);
    if (argument.name.startsWith('<') && values.length === 0) return undefined;
    if (argument.choices && values.some((value) => !argument.choices!.includes(value))) return undefined;
    line.args.push(variadic ? values : values[0]);
  }
  if (!declared.some((argument) => argument.name.includes('...')) && given.length > declared.length) return undefined;
  return line;
}
