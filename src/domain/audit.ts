import type { Household } from './accounts.js';
import { HouseholdError } from './errors.js';
import { nameKey } from './names.js';
import { isoUtc, parseIsoUtc } from './time.js';

/**
 * The audit log's lines: who changed what, when and from where, and every failed or refused proof.
 * A line never holds a secret, a hash or a typed value.
 */
export interface Actor {
  /** The login name of the user the process runs as (root under sudo). */
  user: string;
  /** $SUDO_USER: who ran sudo. */
  sudoUser: string | null;
  /** The SSH client's address, from $SSH_CONNECTION. */
  from: string | null;
}

/** What a command says about one line; the store adds the time, the sequence number and the actor. */
export interface AuditDraft {
  command: string;
  /** The account the line is about, or null (a whole household, several accounts). */
  account: string | null;
  /** "ok", or the error code of the refusal or failure. */
  outcome: string;
  exit: number;
  details: Record<string, unknown>;
}

export interface AuditEntry {
  time: string;
  /**
   * For a change, the store's sequence number after it; for any other line, the store's number at the
   * time. A change line whose number is past the store's describes a change that never landed.
   */
  seq: number;
  /** A change to the store (true), or an event: a failed or refused proof, a pin verify (false). */
  change: boolean;
  command: string;
  account: string | null;
  outcome: string;
  exit: number;
  actor: Actor;
  details: Record<string, unknown>;
}

/** What a locked read-modify-write writes to the log: changes only when the household changed. */
export class AuditRecorder {
  readonly changes: AuditDraft[] = [];
  readonly events: AuditDraft[] = [];

  /** A change's line: written, with the next sequence number, only if the household really changes. */
  change(draft: AuditDraft): void {
    this.changes.push(draft);
  }

  /** A failed or refused proof, a pin verify: written whether or not the household changes. */
  event(draft: AuditDraft): void {
    this.events.push(draft);
  }
}

/**
 * The lines a write appends and the sequence number the store gets: one more for a real change that
 * has a line, the same for bookkeeping (a recorded attempt) and for events.
 */
export function planLines(before: Household, after: Household, changed: boolean, recorder: AuditRecorder, now: number, whoActs: () => Actor): AuditEntry[] {
  const changes = changed ? recorder.changes : [];
  after.sequence = before.sequence + (changes.length > 0 ? 1 : 0);
  const drafts = [...changes.map((draft) => ({ draft, change: true })), ...recorder.events.map((draft) => ({ draft, change: false }))];
  // Who acts is looked up (a passwd lookup) only for a write that has lines.
  const actor = drafts.length > 0 ? whoActs() : undefined;
  return drafts.map(({ draft, change }) => ({
    time: isoUtc(now),
    seq: after.sequence,
    change,
    command: draft.command,
    account: draft.account,
    outcome: draft.outcome,
    exit: draft.exit,
    actor: actor!,
    details: draft.details,
  }));
}

/** Date and Date.parse roll a day that does not exist over (2026-02-31 is March 3rd): a typo must not. */
function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A line of the log that is no readable entry (not JSON, or a field missing or of the wrong type), with
 * what could be read of it: its sequence number and its kind, each only when that field is readable.
 */
export interface SkippedLine {
  skipped: true;
  /** Where it is: the log file and its line number (from 1), for a warning. */
  file: string;
  line: number;
  seq?: number;
  change?: boolean;
}

export type LogLine = AuditEntry | SkippedLine;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSequence = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isNameOrNull = (value: unknown) => value === null || typeof value === 'string';

/** Whether a parsed line is an entry `household log` can show: every field there, of its type. */
export function isAuditEntry(value: unknown): value is AuditEntry {
  if (!isRecord(value)) return false;
  const { time, seq, change, command, account, outcome, exit, actor, details } = value;
  return (
    // Stryker disable next-line ConditionalExpression: parseIsoUtc refuses every other JSON value too (a list holding a time fails its round trip); the test is for the types
    typeof time === 'string' &&
    parseIsoUtc(time) !== null &&
    isSequence(seq) &&
    typeof change === 'boolean' &&
    typeof command === 'string' &&
    isNameOrNull(account) &&
    typeof outcome === 'string' &&
    Number.isSafeInteger(exit) &&
    isRecord(actor) &&
    typeof actor.user === 'string' &&
    isNameOrNull(actor.sudoUser) &&
    isNameOrNull(actor.from) &&
    isRecord(details)
  );
}

/** What can be read of a line that is no entry (`value` is what JSON.parse made of it, if anything). */
export function skippedLine(file: string, line: number, value: unknown): SkippedLine {
  const skipped: SkippedLine = { skipped: true, file, line };
  if (isRecord(value)) {
    if (isSequence(value.seq)) skipped.seq = value.seq;
    if (typeof value.change === 'boolean') skipped.change = value.change;
  }
  return skipped;
}

const isSkipped = (line: LogLine): line is SkippedLine => 'skipped' in line;

/**
 * The lines whose changes are in the store, oldest first. A change line whose number is past the
 * store's never landed (its writer was killed before its rename, or a backup was restored over it); a
 * change line followed later by another with the same number was replaced by it (the number was taken
 * again after that). Neither is shown, and neither is ever deleted: the file keeps them. Events (failed
 * and refused proofs, verifies) are facts whatever the store holds, and are all shown.
 *
 * A skipped line (one that cannot be read) is never shown, and must neither let a change show that did
 * not land nor hide one that did. What it does to the others depends on what could be read of it:
 * - a change with a readable number: it takes its number's place, as any change line does, so a change
 *   it replaced stays hidden;
 * - an event: nothing;
 * - a line whose kind or number cannot be read: it may have been the change that replaced the latest
 *   change line before it (with its number, when that is readable). That change is not shown, and `warn`
 *   says so: never showing a change that did not land comes first. Changes before that one are not in
 *   doubt: a change that did not land is replaced by the very next change written, or stays past the
 *   store's number (unless a backup was restored, which no line records: then an older change it
 *   replaced may still show, the one case this cannot rule out).
 */
export function visibleEntries(lines: LogLine[], sequence: number, warn: (warning: string) => void = () => {}): AuditEntry[] {
  const lastChangeWith = new Map<number, LogLine>();
  let lastChange: LogLine | undefined;
  const doubted = new Map<LogLine, SkippedLine>();
  for (const line of lines) {
    if (line.change === false) continue;
    if (line.change === true && line.seq !== undefined) {
      lastChangeWith.set(line.seq, line);
      lastChange = line;
      continue;
    }
    // Only a skipped line gets here: one that may or may not have been a change, or a change whose number is lost.
    const replaced = line.seq === undefined ? lastChange : lastChangeWith.get(line.seq);
    if (replaced !== undefined && !doubted.has(replaced)) doubted.set(replaced, line as SkippedLine);
  }
  const landed = (entry: AuditEntry) => entry.seq <= sequence && lastChangeWith.get(entry.seq) === entry;
  const shown: AuditEntry[] = [];
  for (const line of lines) {
    if (isSkipped(line)) continue;
    if (!line.change) shown.push(line);
    else if (landed(line)) {
      const doubt = doubted.get(line);
      if (doubt === undefined) shown.push(line);
      else
        warn(
          `the ${line.command} of ${line.time}${line.account === null ? '' : ` (${line.account})`} is not shown: line ${doubt.line} of ${doubt.file}, which cannot be read, may be the change that replaced it`,
        );
    }
  }
  return shown;
}

/** `--since`: an ISO date or time, or a duration back from now (`90m`, `2h`, `7d`). */
export function parseSince(text: string, now: number): number {
  const duration = /^(\d{1,6})([smhd])$/.exec(text);
  if (duration) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(duration[1]) * unit;
  }
  // A date alone is midnight local time, as a person means it; a time with a zone is that instant.
  const date = /^(\d{4})-(\d{2})-(\d{2})(T|$)/.exec(text);
  // Stryker disable next-line ArrayDeclaration: without a match the next line's date && gives NaN before year, month or day is read
  const [year, month, day] = (date ?? []).slice(1, 4).map(Number);
  const ms = date && isRealDay(year, month, day) ? (date[4] === '' ? new Date(year, month - 1, day).getTime() : Date.parse(text)) : NaN;
  if (Number.isNaN(ms)) {
    throw new HouseholdError('USAGE', '--since takes an ISO date or time (2026-11-27, 2026-11-27T07:00:00Z) or a duration (90m, 2h, 7d)');
  }
  return ms;
}

export interface LogFilter {
  account?: string;
  since?: number;
  limit: number;
}

/** The names a line is about: its account, a name it had before a rename, the accounts a `pin remove` changed. */
function namesIn(entry: AuditEntry): string[] {
  const names = entry.account === null ? [] : [entry.account];
  const { previousName, removed } = entry.details;
  if (typeof previousName === 'string') names.push(previousName);
  if (Array.isArray(removed)) names.push(...removed.filter((name): name is string => typeof name === 'string'));
  return names;
}

/** Whether a line is about the account `name` (under any of the names it had), without regard to case. */
export function isAbout(entry: AuditEntry, name: string): boolean {
  const key = nameKey(name);
  return namesIn(entry).some((named) => nameKey(named) === key);
}

/** Newest last; the last `limit` entries that match. */
export function filterEntries(entries: AuditEntry[], filter: LogFilter): AuditEntry[] {
  const matching = entries.filter(
    (entry) =>
      (filter.account === undefined || isAbout(entry, filter.account)) &&
      (filter.since === undefined || Date.parse(entry.time) >= filter.since),
  );
  return filter.limit === 0 ? [] : matching.slice(-filter.limit);
}
