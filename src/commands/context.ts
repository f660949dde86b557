import type { Clock } from '../io/clock.js';
import type { Hasher } from '../io/hasher.js';
import type { Output } from '../io/output.js';
import type { Preferences } from '../io/preferences.js';
import type { Prompter } from '../io/prompter.js';
import type { CodeSource } from '../io/random.js';
import type { KeyFiles } from '../store/key-file.js';
import type { HouseholdStore } from '../store/store.js';
import type { Zones } from '../io/zones.js';

/** Everything a command handler may touch of the outside world. src/cli/context.ts builds the real one; tests build one from fakes. */
export interface Context {
  io: Output;
  prompter: Prompter;
  store: HouseholdStore;
  hasher: Hasher;
  /** The key files the hashes are made with (read only by commands that check or make a hash). */
  keys: KeyFiles;
  clock: Clock;
  preferences: Preferences;
  /** New recovery codes (init, recovery codes). */
  codes: CodeSource;
  /** Time zones for allowed hours (the machine's, and each zone's rules). */
  zones: Zones;
}
