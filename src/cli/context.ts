import type { Context } from '../commands/context.js';
import { FileStore } from '../store/file-store.js';
import { FileKeys } from '../store/key-file.js';
import { resolveStorePath } from '../store/location.js';
import { Argon2Hasher } from '../io/hasher.js';
import { CryptoCodeSource } from '../io/random.js';
import { systemClock } from '../io/clock.js';
import { systemZones } from '../io/zones.js';
import { ConfPreferences } from '../io/preferences.js';
import { DeferredPrompter, LinePrompter, NoInputPrompter, TerminalPrompter, type Prompter } from '../io/prompter.js';
import { colorAllowed, Output } from '../io/output.js';
import type { ProcessLike } from '../io/process.js';
import { processActor } from '../io/actor.js';
import { HouseholdError } from '../domain/errors.js';

export interface GlobalOptions {
  store?: string;
  json?: boolean;
  stdin?: boolean;
  /** false with --no-input */
  input?: boolean;
  /** false with --no-color */
  color?: boolean;
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
      get stdoutColumns() {
        return proc.stdout.columns;
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

/** `--stdin` on a terminal would echo the secret as it is typed: refused at once, whatever the command. */
export function ensureStdinNotTerminal(proc: ProcessLike, globals: GlobalOptions): void {
  if (globals.stdin && proc.stdinIsTTY) {
    throw new HouseholdError('USAGE', '--stdin reads secrets from a pipe or a file, and standard input is a terminal, which would show them as they are typed', 'leave out --stdin to be asked with masked prompts');
  }
}

export function createContext(proc: ProcessLike, globals: GlobalOptions): Context {
  ensureStdinNotTerminal(proc, globals);
  const preferences = new ConfPreferences(proc.env);
  const now = () => systemClock.now();
  const store = new FileStore(
    () => resolveStorePath({ flag: globals.store, env: proc.env, cwd: proc.cwd(), preference: () => preferences.get('store') }),
    { now, actor: () => processActor(proc.env) },
  );
  return {
    io: createOutput(proc, globals),
    prompter: new DeferredPrompter(() => choosePrompter(proc, globals)),
    store,
    hasher: new Argon2Hasher(),
    keys: new FileKeys(proc.env, () => store.ownerOf()),
    clock: systemClock,
    preferences,
    codes: new CryptoCodeSource(),
    zones: systemZones,
  };
}
