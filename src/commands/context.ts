import type { Clock } from '../io/clock.js';
import type { Hasher } from '../io/hasher.js';
import type { Output } from '../io/output.js';
import type { Preferences } from '../io/preferences.js';
import type { Prompter } from '../io/prompter.js';
import type { CodeSource } from '../io/random.js';
import type { HouseholdStore } from '../store/store.js';

/** Everything a command handler may touch of the outside world. src/cli/context.ts builds the real one; tests build one from fakes. */
export interface Context {
  io: Output;
  prompter: Prompter;
  store: HouseholdStore;
  hasher: Hasher;
  clock: Clock;
  preferences: Preferences;
  /** New recovery codes (init, recovery codes). */
  codes: CodeSource;
}
