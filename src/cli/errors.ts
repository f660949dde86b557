import { ExitCode, HouseholdError } from '../domain/errors.js';
import type { Failure } from './output.js';

/**
 * The one map from what went wrong to what the user sees and the exit code: typed errors carry their
 * own, commander's are usage (64) unless they are help or version, anything else is a bug (1).
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

export function outcomeOf(error: unknown): Outcome {
  if (error instanceof HouseholdError) {
    return { exitCode: error.exitCode, failure: { code: error.code, message: error.message, hint: error.hint } };
  }
  if (isCommanderError(error)) {
    if (COMMANDER_DONE.has(error.code) && error.exitCode === 0) return { exitCode: ExitCode.ok };
    // A group named without a subcommand prints its help and exits 1 in commander; it is usage here.
    if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed') return { exitCode: ExitCode.usage };
    const message = error.message.replace(/^error: /, '');
    if (error.code === 'commander.unknownOption' && message.includes('=')) {
      // Someone tried `--pin=1234`: say so without repeating the value, and say how secrets are given.
      return {
        exitCode: ExitCode.usage,
        failure: {
          code: 'USAGE',
          message: message.replace(/=[^']*/, '=…'),
          hint: 'secrets are never taken as arguments: a terminal prompts for them, and --stdin reads them one per line',
        },
      };
    }
    return { exitCode: ExitCode.usage, failure: { code: 'USAGE', message, hint: 'see household --help' } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.internal,
    failure: { code: 'INTERNAL', message: `unexpected error: ${message}`, hint: 'this is a bug in household; nothing was changed unless a confirmation said so' },
  };
}
