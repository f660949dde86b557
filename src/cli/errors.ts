import { ExitCode, HouseholdError } from '../domain/errors.js';
import type { Failure } from '../io/output.js';
import { shellWord } from '../domain/text.js';

/**
 * The one map from what went wrong to what the user sees and the exit code: typed errors carry their
 * own, commander's are usage (64) unless they are help or version, a fault of the disk or the terminal
 * is 74, and anything else is a bug (1).
 */
export interface Outcome {
  exitCode: number;
  /** undefined when there is nothing to print (help and version were already written). */
  failure?: Failure;
}

interface CommanderLike {
  code: string;
  exitCode: number;
  message: string;
}

function isCommanderError(error: unknown): error is CommanderLike {
  const code = (error as Partial<CommanderLike> | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}

const COMMANDER_DONE = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync']);

/** Faults that are nobody's bug: a full disk, a read-only file system, a terminal that went away. */
const IO_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG', 'EIO', 'ENXIO']);

/**
 * How a command line that acts on the same store as this one begins: `household --store PATH` when this
 * one named its store with --store (quoted for a POSIX shell), else `household`, since a store named by
 * $HOUSEHOLD_STORE, the preference or the default is found again by the next command in the same place.
 */
export function householdOn(store: string | undefined): string {
  return store === undefined ? 'household' : `household --store ${shellWord(store)}`;
}

/** Commander's "did you mean", which it adds to its message on a line of its own in parentheses. */
const SUGGESTION = /\n\(Did you mean ([^\n]*)\?\)$/;

/**
 * `command` names the command line's own command (`household pin set`), so a hint can point at its help
 * (help reads no store, so it needs no --store); `household` is how a hint's command line begins (see
 * householdOn), so a hint run as shown acts on the store the failing command used.
 */
export function outcomeOf(error: unknown, command = 'household', household = 'household'): Outcome {
  if (error instanceof HouseholdError) {
    return { exitCode: error.exitCode, failure: { code: error.code, message: error.message, hint: error.hintFor(household) } };
  }
  if (isCommanderError(error)) {
    if (COMMANDER_DONE.has(error.code) && error.exitCode === 0) return { exitCode: ExitCode.ok };
    // A group named without a subcommand prints its help and exits 1 in commander; it is usage here.
    if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed') return { exitCode: ExitCode.usage };
    // The suggestion becomes the start of the hint: printed in the message, its line end would show as \n.
    const suggested = SUGGESTION.exec(error.message);
    const didYouMean = suggested ? `did you mean ${suggested[1]}? ` : '';
    const message = error.message.replace(SUGGESTION, '').replace(/^error: /, '');
    if (error.code === 'commander.unknownOption' && message.includes('=')) {
      // Someone tried `--pin=1234`: say so without repeating the value, and say how secrets are given.
      // The value runs to the last quote (commander's suggestion after it has none): a value may hold quotes.
      return {
        exitCode: ExitCode.usage,
        failure: {
          code: 'USAGE',
          message: message.replace(/=[\s\S]*(?=')/, '=…'),
          hint: `${didYouMean}secrets are never taken as arguments: a terminal prompts for them, and --stdin reads them one per line`,
        },
      };
    }
    return { exitCode: ExitCode.usage, failure: { code: 'USAGE', message, hint: `${didYouMean}see ${command} --help` } };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && IO_FAULTS.has(code)) {
    return {
      exitCode: ExitCode.ioError,
      failure: { code: 'IO_ERROR', message: `input/output error (${code}); nothing was changed unless a confirmation said so`, hint: 'make room or fix the file system or terminal, then try again' },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.internal,
    failure: { code: 'INTERNAL', message: `unexpected error: ${message}`, hint: 'this is a bug in household; nothing was changed unless a confirmation said so' },
  };
}
