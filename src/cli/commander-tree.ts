import { Argument, Command, Help, Option } from 'commander';
import { exitCodesHelp } from '../domain/errors.js';
import { VERSION } from '../version.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import type { AnyCommandSpec, ArgumentSpec, Handler, OptionSpec, ValueSource } from '../commands/spec.js';
import type { Writer } from '../io/output.js';
import type { Marked } from './generators/command-tree.js';
// Only its one function is imported: scripts/build.mjs makes this module a file of its own, read on first call.
import { completionScript } from './generators/completion.js';

/**
 * Commander wiring only, for every command of src/commands/registry.ts alike: its options, arguments
 * and help come from the description in its own file, and its action turns them into the handler's
 * options and hands both to `run`, which builds the context. Tests pass a `run` that records what it
 * was given. This tree is also the one source of the man page and the shell completions.
 *
 * Loaded only when commander reads the command line (src/cli/program.ts): help, errors, and lines not
 * plain enough for src/cli/command-line.ts. The build makes it, with commander, a file of its own.
 */
export type { Handler };
export type Runner = <O>(handler: Handler<O>, opts: O, command: Command) => Promise<void>;

export const SECRETS_HELP = `Secrets (passwords, PINs) are never taken as arguments. On a terminal they are asked with masked prompts; with --stdin they are read from standard input, one per line, in the order the prompts ask. Without a terminal and without --stdin, a command that needs a secret exits 64 at once.

Exit codes: ${exitCodesHelp()}.

Store: --store PATH, else $HOUSEHOLD_STORE, else "household config set store PATH", else $XDG_DATA_HOME/household/household.json (~/.local/share/household/household.json).`;

/** Marks where the shell completion finds a value: the store's account names, or files. */
function completes<T extends Argument | Option>(source: ValueSource | undefined, item: T): T {
  return source === undefined ? item : Object.assign(item, { completes: source } satisfies Marked);
}

function optionOf(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default, spec.defaultDescription);
  if (spec.required) option.makeOptionMandatory();
  return completes(spec.completes, option);
}

function argumentOf(spec: ArgumentSpec): Argument {
  const argument = new Argument(spec.name, spec.description);
  if (spec.choices) argument.choices(spec.choices);
  return completes(spec.completes, argument);
}

/** The narrowest description column help shows beside its terms (a terminal of 60 columns has 33). */
const NARROW_COLUMN = 30;

export interface ProgramEnvironment {
  stdout: Writer & { columns?: number };
  stderr: Writer & { columns?: number };
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Wraps text at word boundaries to `width` columns, keeping its own line breaks and each line's indentation. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)![0];
      const lines: string[] = [];
      let current = '';
      for (const word of line.slice(indent.length).split(' ')) {
        if (current !== '' && indent.length + current.length + 1 + word.length > width) {
          lines.push(current);
          current = word;
        } else {
          current = current === '' ? word : `${current} ${word}`;
        }
      }
      lines.push(current);
      return lines.map((part) => indent + part).join('\n');
    })
    .join('\n');
}

/**
 * The program: every group of `groups` (each listed, with its description, in `household --help`),
 * and of `commands` those with a description (the others are not built).
 */
export function commanderProgram(run: Runner, environment: ProgramEnvironment, commands: ReadonlyArray<{ path: readonly string[]; spec?: AnyCommandSpec }>, groups: Readonly<Record<string, string>>): Command {
  // A terminal that reports no size (0 columns, as a fresh pseudo-terminal may) gets the usual 80.
  const helpWidth = () => environment.stdout.columns || 80;
  const after = (text: string) => () => `\n${wrapText(text, Math.max(20, helpWidth() - 1))}`;
  const program = new Command('household')
    .description('Manage a household of accounts (admin, managed, members) and who must prove what to change their 4-digit PINs and passwords.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command');
  for (const option of GLOBAL_OPTIONS) program.addOption(optionOf(option));
  program
    .configureHelp({
      // Every subcommand's help lists the global options it may be given, not only the top one.
      showGlobalOptions: true,
      // commander stops wrapping a description column narrower than 40; ours wraps down to 20 ...
      minWidthToWrap: 20,
      // ... and below NARROW_COLUMN, a description goes under its term, wrapped to the whole width.
      formatItem(term, termWidth, description, helper) {
        const width = this.helpWidth ?? 80;
        if (!description || width - termWidth - 4 >= NARROW_COLUMN) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${helper.boxWrap(description, width - 6).replace(/^/gm, '      ')}`;
      },
    })
    .addHelpText('after', after(SECRETS_HELP))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
      // Errors are printed by src/cli/errors.ts, in the contract's format.
      outputError: () => {},
      // commander's defaults read process.stdout and process.stderr, opening them as streams (slow to
      // start for a pipe); the width is asked of our writers, and help has no colour.
      getOutHelpWidth: helpWidth,
      getErrHelpWidth: () => environment.stderr.columns || 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });

  const built = new Map<string, Command>();
  const parentOf = (path: readonly string[]): Command => {
    let parent = program;
    for (let depth = 1; depth < path.length; depth += 1) {
      const key = path.slice(0, depth).join(' ');
      let group = built.get(key);
      if (!group) {
        const description = groups[key];
        if (description === undefined) throw new Error(`the group "${key}" has no description in src/commands/registry.ts`);
        group = parent.command(path[depth - 1]).description(description);
        built.set(key, group);
      }
      parent = group;
    }
    return parent;
  };
  const line = {
    cwd: environment.cwd,
    env: environment.env,
    completionScript: (shell: 'bash' | 'zsh' | 'fish') => completionScript(program, shell),
  };
  const addCommand = (parent: Command, name: string, spec: AnyCommandSpec) => {
    const command = parent.command(name).description(spec.description);
    if (spec.usage !== undefined) command.usage(spec.usage);
    for (const argument of spec.arguments ?? []) command.addArgument(argumentOf(argument));
    for (const option of spec.options ?? []) command.addOption(optionOf(option));
    if (spec.help !== undefined) command.addHelpText('after', after(spec.help));
    // Options that share one value (--email, --no-email) cannot be told apart by it: note which were typed.
    const typed = new Set<string>();
    for (const option of command.options) command.on(`option:${option.name()}`, () => typed.add(option.long!));
    command.action((...params: unknown[]) => {
      const flags = params.at(-2) as Record<string, unknown>;
      return run(spec.run, spec.parse({ ...line, args: params.slice(0, -2), flags, typed }), params.at(-1) as Command);
    });
  };
  for (const { path, spec } of commands) {
    const parent = parentOf(path);
    if (spec) addCommand(parent, path.at(-1)!, spec);
  }
  return program;
}
