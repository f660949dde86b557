import type { HouseholdStore } from '../store/store.js';
import { FileStore } from '../store/file-store.js';
import { resolveStorePath } from '../store/location.js';
import { Argon2Hasher, type Hasher } from '../io/hasher.js';
import { systemClock, type Clock } from '../io/clock.js';
import { ConfPreferences, type Preferences } from '../io/preferences.js';
import { DeferredPrompter, LinePrompter, NoInputPrompter, TerminalPrompter, type Prompter, type ReadInput } from '../io/prompter.js';
import { colorAllowed, Output, type Writer } from './output.js';

/** Everything a command handler may touch of the outside world. Tests build one from fakes. */
export interface Context {
  io: Output;
  prompter: Prompter;
  store: HouseholdStore;
  hasher: Hasher;
  clock: Clock;
  preferences: Preferences;
}

export interface GlobalOptions {
  store?: string;
  json?: boolean;
  stdin?: boolean;
  /** false with --no-input */
  input?: boolean;
  /** false with --no-color */
  color?: boolean;
}

export interface ProcessLike {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd(): string;
  stdout: Writer & { isTTY?: boolean };
  stderr: Writer & { isTTY?: boolean };
  stdinIsTTY: boolean;
  /** Reads standard input synchronously (--stdin); 0 at its end. */
  readStdin: ReadInput;
  /** Standard input as a stream, for the prompt library: opened only by a command that prompts. */
  openStdin(): NodeJS.ReadableStream & { destroy?: () => void };
  /** Standard error as a stream, for the prompt library. */
  openStderr(): NodeJS.WritableStream;
}

export function createOutput(proc: ProcessLike, globals: GlobalOptions): Output {
  return new Output(
    {
      stdout: proc.stdout,
      stderr: proc.stderr,
      // Asked only when the answer matters (a table, a colour); the real ones are computed on demand.
      get stdoutIsTTY() {
        return Boolean(proc.stdout.isTTY);
      },
      get stderrIsTTY() {
        return Boolean(proc.stderr.isTTY);
      },
    },
    { json: Boolean(globals.json), colorAllowed: colorAllowed(proc.env, globals.color === false) },
  );
}

/** Decided once, before anything is asked: a prompt that cannot be answered must fail, not hang. */
export function choosePrompter(proc: ProcessLike, globals: GlobalOptions): Prompter {
  if (globals.stdin) return new LinePrompter(proc.readStdin);
  if (globals.input === false) return new NoInputPrompter('--no-input was given');
  if (!proc.stdinIsTTY) return new NoInputPrompter('standard input is not a terminal');
  return new TerminalPrompter(
    () => ({ input: proc.openStdin(), output: proc.openStderr() }),
    colorAllowed(proc.env, globals.color === false) && Boolean(proc.stderr.isTTY),
  );
}

export function createContext(proc: ProcessLike, globals: GlobalOptions): Context {
  const preferences = new ConfPreferences();
  return {
    io: createOutput(proc, globals),
    prompter: new DeferredPrompter(() => choosePrompter(proc, globals)),
    store: new FileStore(() =>
      resolveStorePath({ flag: globals.store, env: proc.env, cwd: proc.cwd(), preference: () => preferences.get('store') }),
    ),
    hasher: new Argon2Hasher(),
    clock: systemClock,
    preferences,
  };
}
