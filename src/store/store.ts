import type { Household } from '../domain/accounts.js';
import type { AuditDraft, AuditEntry, AuditRecorder } from '../domain/audit.js';

/** What command handlers know of the store: the file-backed one in production, a memory one in tests. */
export interface HouseholdStore {
  /** Where the store is, for messages and `init --json`. */
  location(): Promise<string>;
  /** Refuses (73) when anything exists at the store's path, even an unreadable or invalid file. */
  ensureAbsent(): Promise<void>;
  /** Creates the store with its first audit line; refuses (73) when it exists by then. Returns its path. */
  create(household: Household, line: AuditDraft): Promise<string>;
  /** The household as it is now, validated; no lock (a reader always sees a whole file). */
  read(): Promise<Household>;
  /**
   * One read-modify-write under the inter-process lock. `change` gets a private copy to edit, and a
   * recorder for the audit lines this write carries. It may await the key file (read, or replaced by
   * rotate and prune, which the store's lock serialises with every write of a hash), but nothing slow
   * (a person typing, argon2) happens while the lock is held. The store is written only when the copy
   * differs from what was read, and nothing is written when `change` throws. Lines are appended before
   * the store is written: if they cannot be, nothing is (74).
   */
  update<T>(change: (household: Household, audit: AuditRecorder) => T | Promise<T>): Promise<T>;
  /** The audit log's entries whose changes landed, oldest first, and warnings about what was skipped. */
  readLog(): Promise<{ entries: AuditEntry[]; warnings: string[] }>;
}
