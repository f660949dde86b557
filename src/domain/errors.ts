/**
 * The one map of what can go wrong, and what a user is told: each exit code with what it means (the
 * words of --help, and the README's row, which the man page reads), each error code's exit code, the
 * faults of a disk or a terminal, and the errors household makes of what was thrown without a type of
 * its own (a fault by errno, a usage error from commander, a bug), with their hints. `src/cli/errors.ts`
 * only sorts what was thrown into these; it lives here, on the lowest floor, because the store throws
 * the same faults and every error learns its exit code from this table when it is made.
 */

/**
 * The exit codes, in the order --help, the README and the man page list them. `help` is the words of
 * `household --help`'s "Exit codes:" sentence; `meaning` is the README's row as written (markdown),
 * which the man page's EXIT STATUS is made from. test/cli/exit-codes.test.ts holds both to this.
 */
const EXITS = {
  ok: { code: 0, help: 'done', meaning: 'done (also: nothing to change)' },
  internal: { code: 1, help: 'internal error', meaning: 'unexpected internal error (a bug)' },
  usage: {
    code: 64,
    help: 'usage',
    meaning: 'usage: unknown command or option, missing argument, a secret needed but no way to ask for it, `--stdin` on a terminal',
  },
  badData: {
    code: 65,
    help: 'bad data',
    meaning: 'bad data: a PIN that is not 4 digits, a confirmation mismatch, an invalid name, password or e-mail, input that is not UTF-8, an option that does not fit the account',
  },
  noStore: { code: 66, help: 'no store', meaning: 'no store at that path (hint: `household init`)' },
  noAccount: { code: 67, help: 'no such account', meaning: 'no such account' },
  cannotCreate: {
    code: 73,
    help: 'cannot create',
    meaning: "cannot create: `init` on an existing path (or beside an earlier store's audit log), a full household, a duplicate name",
  },
  ioError: {
    code: 74,
    help: 'input/output error',
    meaning: 'input/output error: the disk is full, the file system read-only, a file size limit; nothing was changed (or, if the change was made but its confirmation could not be written, the message says so)',
  },
  tryAgainLater: {
    code: 75,
    help: 'try again later (locked store, cooling-off)',
    meaning: 'try again later: the store is locked past the 15-second wait, the account is cooling off, or it changed while you typed',
  },
  refused: {
    code: 77,
    help: 'refused (wrong secret, disabled, the rules)',
    meaning: 'refused: wrong PIN or password, an account disabled after 100 failures (`DISABLED`), no PIN where one is required (`NO_PIN`), or the rules forbid it (plan, removing the admin, `pin reset` on a managed account, `password reset` on the admin)',
  },
  storeUnusable: {
    code: 78,
    help: 'store unusable',
    meaning: 'the store (or its folder, lock, audit log or the config file) is unusable: not valid JSON, wrong shape, unknown version, unsafe permissions, owner or folder, over 1 MiB',
  },
  interrupted: { code: 130, help: 'interrupted', meaning: 'interrupted at a prompt (Ctrl+C), or input ended there (Ctrl+D)' },
} as const;

type ExitName = keyof typeof EXITS;

export interface ExitCodeRow {
  code: number;
  help: string;
  meaning: string;
}

/** The rows of the exit-code table, in their order. */
export const EXIT_CODES: readonly ExitCodeRow[] = Object.values(EXITS);

export const ExitCode = Object.fromEntries(Object.entries(EXITS).map(([name, row]) => [name, row.code])) as {
  readonly [Name in ExitName]: (typeof EXITS)[Name]['code'];
};
export type ExitCodeValue = (typeof ExitCode)[ExitName];

/** The exit codes as `household --help` lists them: "0 done, 1 internal error, ...". */
export function exitCodesHelp(): string {
  return EXIT_CODES.map((row) => `${row.code} ${row.help}`).join(', ');
}

/** Each error code (the `code` of --json's error object, and of the audit log) and its exit code. */
const EXIT_OF = {
  USAGE: 'usage',
  NO_INPUT: 'usage',
  INVALID_PIN: 'badData',
  PIN_MISMATCH: 'badData',
  INVALID_PASSWORD: 'badData',
  PASSWORD_MISMATCH: 'badData',
  INVALID_NAME: 'badData',
  INVALID_EMAIL: 'badData',
  INVALID_INPUT: 'badData',
  INVALID_CHANGE: 'badData',
  NO_STORE: 'noStore',
  NO_ACCOUNT: 'noAccount',
  STORE_EXISTS: 'cannotCreate',
  CANNOT_CREATE: 'cannotCreate',
  HOUSEHOLD_FULL: 'cannotCreate',
  DUPLICATE_NAME: 'cannotCreate',
  IO_ERROR: 'ioError',
  OUTPUT_FAILED: 'ioError',
  STORE_LOCKED: 'tryAgainLater',
  COOLING_OFF: 'tryAgainLater',
  ACCOUNT_CHANGED: 'tryAgainLater',
  WRONG_PIN: 'refused',
  WRONG_PASSWORD: 'refused',
  REFUSED: 'refused',
  DISABLED: 'refused',
  NO_PIN: 'refused',
  STORE_UNUSABLE: 'storeUnusable',
  CONFIG_UNUSABLE: 'storeUnusable',
  INTERRUPTED: 'interrupted',
  INPUT_ENDED: 'interrupted',
  INTERNAL: 'internal',
} as const satisfies Record<string, ExitName>;

export type ErrorCode = keyof typeof EXIT_OF;

/** The exit code an error code ends a command with. */
export function exitCodeOf(code: ErrorCode): ExitCodeValue {
  return ExitCode[EXIT_OF[code]];
}

/**
 * A hint that shows a command line to type, written for the store the failing command used: it is given
 * how that command line began (`household`, or `household --store PATH` when the failing one named its
 * store with --store), so the hint run as shown acts on the same household. What came from the
 * environment ($HOUSEHOLD_STORE, the store preference, the default) the same environment gives again.
 */
export type CommandHint = (household: string) => string;

export class HouseholdError extends Error {
  readonly exitCode: ExitCodeValue;

  constructor(
    readonly code: ErrorCode,
    message: string,
    private readonly hintText?: string | CommandHint,
  ) {
    super(message);
    this.name = 'HouseholdError';
    this.exitCode = exitCodeOf(code);
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
  return typeof code === 'string' && Object.hasOwn(IO_FAULTS, code) ? code : undefined;
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
