import type { HouseholdStore } from '../store/store.js';
import { FileStore } from '../store/file-store.js';
import { resolveStorePath } from '../store/location.js';
import { Argon2Hasher, type Hasher } from '../io/hasher.js';
import { systemClock, type Clock } from '../io/clock.js';
import { ConfPreferences, type Preferences } from '../io/preferences.js';
import { LinePrompter, NoInputPrompter, TerminalPrompter, type Prompter } from '../io/prompter.js';
import { colorAllowed, Output } from './output.js';

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
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd(): string;
}

export function createOutput(proc: ProcessLike, globals: GlobalOptions): Output {
  return new Output(
    { stdout: proc.stdout, stderr: proc.stderr, stdoutIsTTY: Boolean(proc.stdout.isTTY), stderrIsTTY: Boolean(proc.stderr.isTTY) },
    { json: Boolean(globals.json), colorAllowed: colorAllowed(proc.env, globals.color === false) },
  );
}

/** Decided once, before anything is asked: a prompt that cannot be answered must fail, not hang. */
export function choosePrompter(proc: ProcessLike, globals: GlobalOptions): Prompter {
  if (globals.stdin) return new LinePrompter(proc.stdin);
  if (globals.input === false) return new NoInputPrompter('--no-input was given');
  if (!proc.stdin.isTTY) return new NoInputPrompter('standard input is not a terminal');
  return new TerminalPrompter(proc.stdin, proc.stderr, colorAllowed(proc.env, globals.color === false) && Boolean(proc.stderr.isTTY));
}

export function createContext(proc: ProcessLike, globals: GlobalOptions): Context {
  const preferences = new ConfPreferences();
  return {
    io: createOutput(proc, globals),
    prompter: choosePrompter(proc, globals),
    store: new FileStore(() =>
      resolveStorePath({ flag: globals.store, env: proc.env, cwd: proc.cwd(), preference: () => preferences.get('store') }),
    ),
    hasher: new Argon2Hasher(),
    clock: systemClock,
    preferences,
  };
}
