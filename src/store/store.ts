import type { Household } from '../domain/accounts.js';

/** What command handlers know of the store: the file-backed one in production, a memory one in tests. */
export interface HouseholdStore {
  /** Where the store is, for messages and `init --json`. */
  location(): Promise<string>;
  /** Refuses (73) when anything exists at the store's path, even an unreadable or invalid file. */
  ensureAbsent(): Promise<void>;
  /** Creates the store; refuses (73) when it exists by then. Returns its path. */
  create(household: Household): Promise<string>;
  /** The household as it is now, validated; no lock (a reader always sees a whole file). */
  read(): Promise<Household>;
  /**
   * One read-modify-write under the inter-process lock. `change` gets a private copy to edit; the store
   * is written only when the copy differs from what was read, and never when `change` throws.
   */
  update<T>(change: (household: Household) => T | Promise<T>): Promise<T>;
}
