import type { OptionSpec } from '../commands/spec.js';

/**
 * The options every command takes, declared once: the program is built with them
 * (src/cli/commander-tree.ts), and a command line is read with them before anything else loads
 * (src/cli/command-line.ts), so that the value of `--store PATH` is never taken for a command's name.
 */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '--store <path>', description: 'the household store file (default: see "Store" in household --help)', completes: 'files' },
  { flags: '--json', description: 'print JSON on stdout (errors as JSON on stderr)' },
  { flags: '--stdin', description: 'read secrets from standard input, one per line' },
  { flags: '--no-input', description: 'never prompt: a command that needs a secret fails (exit 64)' },
  { flags: '--no-color', description: 'no colour, even on a terminal (also NO_COLOR, TERM=dumb)' },
];
