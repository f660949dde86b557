/**
 * Typed errors. Every failure a user can meet is one of these; `src/cli/errors.ts` is the one place
 * that turns them into the contract's message and exit code.
 */
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

export type ErrorCode =
  | 'USAGE'
  | 'NO_INPUT'
  | 'INVALID_PIN'
  | 'PIN_MISMATCH'
  | 'INVALID_PASSWORD'
  | 'PASSWORD_MISMATCH'
  | 'INVALID_NAME'
  | 'INVALID_EMAIL'
  | 'INVALID_INPUT'
  | 'INVALID_CHANGE'
  | 'NO_STORE'
  | 'NO_ACCOUNT'
  | 'STORE_EXISTS'
  | 'CANNOT_CREATE'
  | 'HOUSEHOLD_FULL'
  | 'DUPLICATE_NAME'
  | 'IO_ERROR'
  | 'OUTPUT_FAILED'
  | 'STORE_LOCKED'
  | 'COOLING_OFF'
  | 'ACCOUNT_CHANGED'
  | 'WRONG_PIN'
  | 'WRONG_PASSWORD'
  | 'REFUSED'
  | 'DISABLED'
  | 'NO_PIN'
  | 'OUTSIDE_HOURS'
  | 'STORE_UNUSABLE'
  | 'CONFIG_UNUSABLE'
  | 'INTERRUPTED'
  | 'INPUT_ENDED'
  | 'INTERNAL';

const exitCodeOf: Record<ErrorCode, ExitCodeValue> = {
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
  REFUSED: ExitCode.refused,
  DISABLED: ExitCode.refused,
  NO_PIN: ExitCode.refused,
  OUTSIDE_HOURS: ExitCode.refused,
  STORE_UNUSABLE: ExitCode.storeUnusable,
  CONFIG_UNUSABLE: ExitCode.storeUnusable,
  INTERRUPTED: ExitCode.interrupted,
  INPUT_ENDED: ExitCode.interrupted,
  INTERNAL: ExitCode.internal,
};

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
    this.exitCode = exitCodeOf[code];
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
