/**
 * The one map of what can go wrong, and what a user is told: each exit code with what it means (the
 * words of --help, and the README's row, which the man page reads), each error code's exit code, the
 * faults of a disk or a terminal, and the errors household makes of what was thrown without a type of
 * its own (a fault by errno, a usage error from commander, a bug), with their hints. `src/cli/errors.ts`
 * only sorts what was thrown into these; it lives here, on the lowest floor, because the store throws
 * the same faults and every error learns its exit code from this table when it is made.
 */

/** The exit codes, in the order --help, the README and the man page list them. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 64,
  badData: 65,
  noStore: 66,
  noAccount: 67,
  cannotCreate: 73,
  ioError: 74,
  tryAgainLater: 75,
  refused: 77,
  storeUnusable: 78,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code is, in the words of `household --help`'s "Exit codes:" sentence. */
const SAID_IN_HELP: Record<ExitCodeValue, string> = {
  0: 'done',
  1: 'internal error',
  64: 'usage',
  65: 'bad data',
  66: 'no store',
  67: 'no such account',
  73: 'cannot create',
  74: 'input/output error',
  75: 'try again later (locked store, cooling-off)',
  77: 'refused (wrong secret, disabled, outside allowed hours, the rules)',
  78: 'store unusable',
  130: 'interrupted',
};

/** What each exit code means, as the README's row says it (markdown); the man page's EXIT STATUS is made from the README. */
const MEANING: Record<ExitCodeValue, string> = {
  0: 'done (also: nothing to change)',
  1: 'unexpected internal error (a bug)',
  64: 'usage: unknown command or option, missing argument, a secret needed but no way to ask for it, `--stdin` on a terminal',
  65: 'bad data: a PIN that is not 4 digits, a new PIN anyone would guess first, a confirmation mismatch, an invalid name, password or e-mail, input that is not UTF-8, an option that does not fit the account',
  66: 'no store at that path (hint: `household init`)',
  67: 'no such account',
  73: "cannot create: `init` on an existing path (or beside an earlier store's audit log, or where its key file would go), a full household, a duplicate name, `key init` on a store that has a key file",
  74: 'input/output error: the disk is full, the file system read-only, a file size limit; nothing was changed (or, if the change was made but its confirmation could not be written or its folder flushed, the message says so)',
  75: 'try again later: the store is locked past the 15-second wait, the account is cooling off, or it changed while you typed',
  77: 'refused: wrong PIN, password or recovery code (`WRONG_RECOVERY_CODE`), an account disabled after 100 failures (`DISABLED`), no PIN where one is required (`NO_PIN`), a managed account used outside its allowed hours (`OUTSIDE_HOURS`, by `pin verify` and `hours check`), or the rules forbid it (plan, removing the admin, `pin reset` on a managed account, `password reset` on the admin), `key prune` while a hash needs an older key, `key rotate`/`prune` on a store without a key file',
  78: 'the store (or its folder, lock, audit log, key file or the config file) is unusable: not valid JSON, wrong shape, unknown version, unsafe permissions, owner or folder, over 1 MiB; a key file that is missing or lacks the key a hash was made with',
  130: 'interrupted at a prompt (Ctrl+C), or input ended there (Ctrl+D)',
};

export interface ExitCodeRow {
  code: ExitCodeValue;
  /** The words of --help. */
  help: string;
  /** The README's row (test/cli/exit-codes.test.ts holds the README, --help and the man page to these). */
  meaning: string;
}

/** The rows of the exit-code table, in their order. */
export const EXIT_CODES: readonly ExitCodeRow[] = Object.values(ExitCode).map((code) => ({ code, help: SAID_IN_HELP[code], meaning: MEANING[code] }));

/** The exit codes as `household --help` lists them: "0 done, 1 internal error, ...". */
export function exitCodesHelp(): string {
  return EXIT_CODES.map((row) => `${row.code} ${row.help}`).join(', ');
}

/** Each error code (the `code` of --json's error object, and of the audit log) and its exit code. */
const EXIT_OF = {
  USAGE: ExitCode.usage,
  NO_INPUT: ExitCode.usage,
  INVALID_PIN: ExitCode.badData,
  PIN_MISMATCH: ExitCode.badData,
  INVALID_PASSWORD: ExitCode.badData,
  PASSWORD_MISMATCH: ExitCode.badData,
  INVALID_NAME: ExitCode.badData,
  INVALID_EMAIL: ExitCode.badData,
  INVALID_INPUT: ExitCode.badData,
  INVALID_CHANGE: ExitCode.badData,
  NO_STORE: ExitCode.noStore,
  NO_ACCOUNT: ExitCode.noAccount,
  STORE_EXISTS: ExitCode.cannotCreate,
  CANNOT_CREATE: ExitCode.cannotCreate,
  HOUSEHOLD_FULL: ExitCode.cannotCreate,
  DUPLICATE_NAME: ExitCode.cannotCreate,
  IO_ERROR: ExitCode.ioError,
  OUTPUT_FAILED: ExitCode.ioError,
  STORE_LOCKED: ExitCode.tryAgainLater,
  COOLING_OFF: ExitCode.tryAgainLater,
  ACCOUNT_CHANGED: ExitCode.tryAgainLater,
  WRONG_PIN: ExitCode.refused,
  WRONG_PASSWORD: ExitCode.refused,
  WRONG_RECOVERY_CODE: ExitCode.refused,
  REFUSED: ExitCode.refused,
  DISABLED: ExitCode.refused,
  NO_PIN: ExitCode.refused,
  OUTSIDE_HOURS: ExitCode.refused,
  STORE_UNUSABLE: ExitCode.storeUnusable,
  CONFIG_UNUSABLE: ExitCode.storeUnusable,
  INTERRUPTED: ExitCode.interrupted,
  INPUT_ENDED: ExitCode.interrupted,
  INTERNAL: ExitCode.internal,
} as const satisfies Record<string, ExitCodeValue>;

export type ErrorCode = keyof typeof EXIT_OF;

/**
 * A hint that shows a command line to type, written for the store the failing command used: it is given
 * how that command line began (`household`, or `household --store PATH` when the failing one named its
 * store with --store), so the hint run as shown acts on the same household. What came from the
 * environment ($HOUSEHOLD_STORE, the store preference, the default) the same environment gives again.
 */
export type CommandHint = (household: string) => string;

/**
 * Marks every HouseholdError, whichever copy of this module made it: rarely used commands are built as
 * files of their own (scripts/build.mjs), each with its own copy of this class, and an error one of them
 * throws must still be recognised (`instanceof`) by the start-up bundle's error map.
 */
const HOUSEHOLD_ERROR = Symbol.for('household.HouseholdError');

export class HouseholdError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [HOUSEHOLD_ERROR]?: unknown })[HOUSEHOLD_ERROR] === true;
  }

  readonly exitCode: ExitCodeValue;
  readonly [HOUSEHOLD_ERROR] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    private readonly hintText?: string | CommandHint,
  ) {
    super(message);
    this.name = 'HouseholdError';
    this.exitCode = EXIT_OF[code];
  }

  /** The hint for a command line that began with `household` (its --store, if it had one). */
  hintFor(household = 'household'): string | undefined {
    return typeof this.hintText === 'function' ? this.hintText(household) : this.hintText;
  }

  /** The hint as a command line without --store would print it. */
  get hint(): string | undefined {
    return this.hintFor();
  }
}

/** The code Node gives a failed system call (ENOENT, EACCES...), if `error` is one. */
export function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Faults that are nobody's bug, with what each means: a full disk, a read-only file system, a device or
 * a terminal that went away. They are 74 with what happened, never "this is a bug".
 */
const IO_FAULTS: Record<string, string> = {
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EFBIG: 'the file size limit does not allow it (ulimit -f)',
  EIO: 'the device reported an input/output error',
  ENXIO: 'the device or terminal is not there (any more)',
};

function faultOf(error: unknown): string | undefined {
  const code = errno(error);
  // Own keys only: an object's inherited ones (constructor, toString) are no faults.
  // Stryker disable next-line ConditionalExpression: IO_FAULTS has no key "undefined", so hasOwn is false for no code too
  return code !== undefined && Object.hasOwn(IO_FAULTS, code) ? code : undefined;
}

/** A fault of the disk while `doing` something to the file `path` ("write", "open the lock"), else undefined. */
export function fileFault(error: unknown, doing: string, path: string): HouseholdError | undefined {
  const code = faultOf(error);
  if (code === undefined) return undefined;
  return new HouseholdError('IO_ERROR', `could not ${doing} ${path}: ${IO_FAULTS[code]} (${code}); nothing was changed`, 'make room or fix the file system, then try again');
}

/**
 * The same faults met where nobody said which file, or whether a confirmation was written (a terminal
 * that went away, a fault no store operation caught), else undefined.
 */
export function ioFault(error: unknown): HouseholdError | undefined {
  const code = faultOf(error);
  if (code === undefined) return undefined;
  return new HouseholdError('IO_ERROR', `input/output error (${code}); nothing was changed unless a confirmation said so`, 'make room or fix the file system or terminal, then try again');
}

/** How a hint begins when the command line was a typo of another (commander's "Did you mean"). */
function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `did you mean ${suggestion}? `;
}

/** A command line household cannot parse: the hint names the help of `command` (`household pin set`). */
export function usageError(message: string, command: string, suggestion?: string): HouseholdError {
  return new HouseholdError('USAGE', message, `${didYouMean(suggestion)}see ${command} --help`);
}

/** A secret tried as an option (`--pin=1234`); `message` must not hold its value. */
export function secretAsOption(message: string, suggestion?: string): HouseholdError {
  return new HouseholdError('USAGE', message, `${didYouMean(suggestion)}secrets are never taken as arguments: a terminal prompts for them, and --stdin reads them one per line`);
}

/** Anything else that was thrown: a bug. */
export function internalError(error: unknown): HouseholdError {
  const message = error instanceof Error ? error.message : String(error);
  return new HouseholdError('INTERNAL', `unexpected error: ${message}`, 'this is a bug in household; nothing was changed unless a confirmation said so');
}
