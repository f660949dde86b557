import type { Context } from './context.js';

/**
 * What a command's own file says about it, as plain data and functions: src/cli/commander-tree.ts makes
 * the commander command from it, and the help, the man page and the completions are made from that;
 * src/cli/command-line.ts reads a plain command line with it alone. No commander here: a command knows
 * its words, not the library that parses them.
 */
export type Handler<O> = (ctx: Context, opts: O) => Promise<void>;

/** Where the shell completion finds a value that has no fixed choices: the store's account names, or files. */
export type ValueSource = 'accounts' | 'files';

export interface ArgumentSpec {
  /** As usage shows it: `<name>`, `[name]`, `[names...]`. */
  name: string;
  description: string;
  choices?: readonly string[];
  completes?: ValueSource;
}

export interface OptionSpec {
  /** As help shows them: `--store <path>`, `--no-email`. */
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string;
  /** How help shows the default, where not as the value it is (`(default: "50")`). */
  defaultDescription?: string;
  /** The option must be given (commander's requiredOption). */
  required?: boolean;
  completes?: ValueSource;
}

/** A parsed command line, as a command's `parse` gets it. */
export interface CommandLine<A extends readonly unknown[], F> {
  /** The arguments in the order declared: a repeated one as an array, an optional one left out as undefined. */
  args: A;
  /** The options, by commander's names for them (`--all-managed` is `allManaged`; `--no-email` sets `email` to false). */
  flags: F;
  /** The long options typed on this command line (`--email`, `--no-email`), where two of them share one value. */
  typed: ReadonlySet<string>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The completion script of this CLI's whole command tree (src/cli/generators/completion.ts). */
  completionScript(shell: 'bash' | 'zsh' | 'fish'): string;
}

export interface CommandSpec<O, A extends readonly unknown[] = [], F = object> {
  /** One line, in the command list and the man page. */
  description: string;
  /** The usage line after the command's words, where commander's own (`[options] <name>`) does not say enough. */
  usage?: string;
  arguments?: readonly ArgumentSpec[];
  options?: readonly OptionSpec[];
  /** Shown after the options in --help (wrapped to the terminal) and in the man page. */
  help?: string;
  /** The handler's options from the command line; a command line it cannot take throws HouseholdError('USAGE'). */
  parse(line: CommandLine<A, F>): O;
  run: Handler<O>;
}

// The loop in src/cli/commander-tree.ts takes every command alike; src/cli/command-line.ts reads a plain line for any.
export type AnyCommandSpec = CommandSpec<any, any, any>;

/** The help line of a command that asks for secrets: the order --stdin reads them in. */
export function asks(order: string): string {
  return `Asks, in this order (and so reads with --stdin): ${order}.`;
}
