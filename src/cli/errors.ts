import { ExitCode, HouseholdError, internalError, ioFault, secretAsOption, usageError } from '../domain/errors.js';
import type { Failure } from '../io/output.js';
import { shellWord } from '../domain/text.js';

/**
 * What was thrown, sorted into the one map of errors (src/domain/errors.ts: codes, exit codes, hints) and
 * turned into what the user sees: typed errors carry their own, commander's are usage (64) unless they
 * are help or version, a fault of the disk or the terminal is 74, and anything else is a bug (1).
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

/** A commander error as one of ours: usage, with commander's suggestion at the start of the hint. */
function usageOf(error: CommanderLike, command: string): HouseholdError {
  // Printed in the message, the suggestion's line end would show as \n.
  const suggestion = SUGGESTION.exec(error.message)?.[1];
  // Every usage error of commander's begins with "error: ", so the first match is that one anchored or not.
  // Stryker disable next-line Regex: equivalent, as said above
  const message = error.message.replace(SUGGESTION, '').replace(/^error: /, '');
  if (error.code === 'commander.unknownOption' && message.includes('=')) {
    // Someone tried `--pin=1234`: say so without repeating the value, and say how secrets are given.
    // The value runs to the last quote (commander's suggestion after it has none): a value may hold quotes.
    return secretAsOption(message.replace(/=[\s\S]*(?=')/, '=…'), suggestion);
  }
  return usageError(message, command, suggestion);
}

/** What was thrown, as a row of the map in src/domain/errors.ts. */
function typed(error: unknown, command: string): HouseholdError {
  if (error instanceof HouseholdError) return error;
  if (isCommanderError(error)) return usageOf(error, command);
  return ioFault(error) ?? internalError(error);
}

/**
 * `command` names the command line's own command (`household pin set`), so a hint can point at its help
 * (help reads no store, so it needs no --store); `household` is how a hint's command line begins (see
 * householdOn), so a hint run as shown acts on the store the failing command used.
 */
export function outcomeOf(error: unknown, command = 'household', household = 'household'): Outcome {
  if (isCommanderError(error)) {
    if (COMMANDER_DONE.has(error.code) && error.exitCode === 0) return { exitCode: ExitCode.ok };
    // A group named without a subcommand prints its help and exits 1 in commander; it is usage here.
    // (--help's 'commander.helpDisplayed' always exits 0, above.)
    if (error.code === 'commander.help') return { exitCode: ExitCode.usage };
  }
  const failed = typed(error, command);
  return { exitCode: failed.exitCode, failure: { code: failed.code, message: failed.message, hint: failed.hintFor(household) } };
}
