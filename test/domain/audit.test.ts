import type { Household } from '../../src/domain/accounts.js';
import { AuditRecorder, filterEntries, isAuditEntry, parseSince, planLines, skippedLine, visibleEntries, type AuditDraft, type AuditEntry, type SkippedLine } from '../../src/domain/audit.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { household } from '../fakes/households.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const ACTOR = { user: 'op', sudoUser: null, from: null };

function draft(command: string, account: string | null = null, details: Record<string, unknown> = {}): AuditDraft {
  return { command, account, outcome: 'ok', exit: 0, details };
}

function line(seq: number, change: boolean, command: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { time: '2026-11-27T10:00:00.000Z', seq, change, command, account: null, outcome: 'ok', exit: 0, actor: ACTOR, details: {}, ...extra };
}

describe('planLines: who acts is looked up once, and only for a write that has lines', () => {
  function plan(changed: boolean, record: (recorder: AuditRecorder) => void) {
    const before: Household = { ...household(), sequence: 4 };
    const after = structuredClone(before);
    const recorder = new AuditRecorder();
    record(recorder);
    let lookups = 0;
    const lines = planLines(before, after, changed, recorder, NOW, () => {
      lookups += 1;
      return ACTOR;
    });
    return { lines, lookups, sequence: after.sequence };
  }

  test('bookkeeping (a recorded attempt): no line, no lookup, the same number', () => {
    expect(plan(true, () => {})).toEqual({ lines: [], lookups: 0, sequence: 4 });
  });

  test('a change line and an event: one lookup, the next number on both', () => {
    const { lines, lookups, sequence } = plan(true, (recorder) => {
      recorder.change(draft('pin set', 'kid1'));
      recorder.event(draft('pin verify', 'kid2'));
    });
    expect([lookups, sequence]).toEqual([1, 5]);
    expect(lines.map((entry) => [entry.seq, entry.change, entry.command, entry.actor, entry.time])).toEqual([
      [5, true, 'pin set', ACTOR, '2026-11-27T12:00:00.000Z'],
      [5, false, 'pin verify', ACTOR, '2026-11-27T12:00:00.000Z'],
    ]);
  });

  test('a change line for a write that changed nothing is dropped', () => {
    expect(plan(false, (recorder) => recorder.change(draft('plan set')))).toEqual({ lines: [], lookups: 0, sequence: 4 });
  });
});

describe('visibleEntries: the changes that landed, and every event', () => {
  test('a change line past the store\'s number never landed: hidden; events are all shown', () => {
    const entries = [line(1, true, 'init'), line(1, false, 'pin verify'), line(2, true, 'plan set'), line(2, false, 'pin verify')];
    expect(visibleEntries(entries, 1)).toEqual([entries[0], entries[1], entries[3]]);
  });

  test('a change line whose number was taken again later was replaced: only the later one is shown', () => {
    const entries = [line(1, true, 'init'), line(2, true, 'plan set'), line(2, true, 'users add')];
    expect(visibleEntries(entries, 2)).toEqual([entries[0], entries[2]]);
  });
});

describe('visibleEntries with lines that cannot be read: never a change that did not land', () => {
  const FILE = '/srv/household.json.log';
  const skipped = (line: number, known: { seq?: number; change?: boolean } = {}): SkippedLine => ({ skipped: true, file: FILE, line, ...known });
  /** The entries shown and the warnings given. */
  function shown(lines: Array<AuditEntry | SkippedLine>, sequence: number) {
    const warnings: string[] = [];
    return { entries: visibleEntries(lines, sequence, (warning) => warnings.push(warning)), warnings };
  }
  const doubt = (entry: AuditEntry, line: number) =>
    `the ${entry.command} of ${entry.time} (${entry.account}) is not shown: line ${line} of ${FILE}, which cannot be read, may be the change that replaced it`;

  test('a skipped line is never shown, and lines around it are', () => {
    const [init, verify] = [line(1, true, 'init'), line(1, false, 'pin verify')];
    expect(shown([init, skipped(2, { seq: 1, change: false }), verify], 1)).toEqual({ entries: [init, verify], warnings: [] });
  });

  test('an unreadable change line with a readable number takes its number: the change it replaced stays hidden', () => {
    // users add kid1 (2) was written, its store write failed; the next change took 2 again and landed, but its line cannot be read.
    const lost = line(2, true, 'users add', { account: 'kid1' });
    const entries = [line(1, true, 'init'), lost, skipped(3, { seq: 2, change: true }), line(2, false, 'pin verify')];
    expect(shown(entries, 2)).toEqual({ entries: [entries[0], entries[3]], warnings: [] });
  });

  test('an unreadable event line hides no change, whatever its number', () => {
    const landed = line(2, true, 'users add', { account: 'kid1' });
    const entries = [line(1, true, 'init'), landed, skipped(3, { seq: 2, change: false }), skipped(4, { change: false })];
    expect(shown(entries, 2)).toEqual({ entries: [entries[0], landed], warnings: [] });
  });

  test('a line of unknown kind and number after a change that landed: that change is not shown, and a warning says why', () => {
    const [init, add] = [line(1, true, 'init', { account: 'alice' }), line(2, true, 'users add', { account: 'kid1' })];
    expect(shown([init, add, skipped(3)], 2)).toEqual({ entries: [init], warnings: [doubt(add, 3)] });
  });

  test('... which it may have replaced: the change that did not land is not shown either way', () => {
    // users add kid1 (2) did not land; the next change took 2 again, landed, and its line is unreadable.
    const [init, lost] = [line(1, true, 'init', { account: 'alice' }), line(2, true, 'users add', { account: 'kid1' })];
    expect(shown([init, lost, skipped(3), line(2, false, 'pin verify')], 2).entries).toEqual([init, line(2, false, 'pin verify')]);
  });

  test('a change line whose number is lost counts as of unknown number', () => {
    const [init, add] = [line(1, true, 'init', { account: 'alice' }), line(2, true, 'users add', { account: 'kid1' })];
    expect(shown([init, add, skipped(3, { change: true })], 3)).toEqual({ entries: [init], warnings: [doubt(add, 3)] });
  });

  test('only the latest change before such a line is in doubt, whatever comes after (a later change cannot tell which of the two landed)', () => {
    const [init, add, plan] = [line(1, true, 'init', { account: 'alice' }), line(2, true, 'users add', { account: 'kid1' }), line(3, true, 'plan set', { account: null })];
    expect(shown([init, add, skipped(3), plan], 3)).toEqual({ entries: [init, plan], warnings: [doubt(add, 3)] });
    expect(shown([init, add, skipped(3), skipped(4), plan], 3)).toEqual({ entries: [init, plan], warnings: [doubt(add, 3)] });
  });

  test('a line of unknown kind with a readable number doubts the change with that number only', () => {
    const [init, add] = [line(1, true, 'init', { account: 'alice' }), line(2, true, 'users add', { account: 'kid1' })];
    expect(shown([init, add, skipped(3, { seq: 1 })], 2)).toEqual({ entries: [add], warnings: [doubt(init, 3)] });
    expect(shown([init, add, skipped(3, { seq: 5 })], 2)).toEqual({ entries: [init, add], warnings: [] });
  });

  test('a change in doubt that did not land anyway is hidden without a word', () => {
    const [init, lost] = [line(1, true, 'init', { account: 'alice' }), line(2, true, 'users add', { account: 'kid1' })];
    expect(shown([init, lost, skipped(3)], 1)).toEqual({ entries: [init], warnings: [] });
  });

  test('a line that cannot be read before any change doubts nothing', () => {
    const init = line(1, true, 'init', { account: 'alice' });
    expect(shown([skipped(1), init], 1)).toEqual({ entries: [init], warnings: [] });
  });
});

describe('parseSince', () => {
  test.each([
    ['90m', NOW - 90 * 60_000],
    ['2h', NOW - 2 * 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['30s', NOW - 30_000],
    ['2026-11-27', Date.parse('2026-11-27T00:00:00Z')],
    ['2026-11-27T07:00:00Z', Date.parse('2026-11-27T07:00:00Z')],
    ['2028-02-29', Date.parse('2028-02-29T00:00:00Z')],
  ])('%s', (text, ms) => {
    expect(parseSince(text, NOW)).toBe(ms);
  });

  test.each(['2026-13-01', '2026-02-31', '2026-02-29T00:00:00Z', 'x2026-11-27', '2026-11-27x', 'yesterday', '90', '1w', '1234567m', ''])('%j is usage (64), with the forms it takes', (text) => {
    let error: unknown;
    try {
      parseSince(text, NOW);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(HouseholdError);
    const { code, exitCode, message } = error as HouseholdError;
    expect([code, exitCode, message]).toEqual(['USAGE', 64, '--since takes an ISO date or time (2026-11-27, 2026-11-27T07:00:00Z) or a duration (90m, 2h, 7d)']);
  });
});

describe('filterEntries', () => {
  test('--account: a line of no account is nobody\'s; the names a pin remove removed count, text only', () => {
    const entries = [
      line(1, true, 'plan set'),
      line(2, true, 'pin remove', { details: { removed: ['KID1', 42, null], unchanged: ['kid2'] } }),
      line(3, true, 'users set', { account: 'robert', details: { previousName: 'bob' } }),
    ];
    expect(filterEntries(entries, { account: 'kid1', limit: 50 })).toEqual([entries[1]]);
    expect(filterEntries(entries, { account: 'kid2', limit: 50 })).toEqual([]);
    expect(filterEntries(entries, { account: 'BOB', limit: 50 })).toEqual([entries[2]]);
    expect(filterEntries(entries, { account: 'Robert', limit: 50 })).toEqual([entries[2]]);
    expect(filterEntries(entries, { limit: 2 })).toEqual([entries[1], entries[2]]);
  });
});

describe('isAuditEntry and skippedLine: which lines of the log can be shown', () => {
  test('a sequence number is a whole number from 0: 0 is readable, -1 and 1.5 are not', () => {
    expect(isAuditEntry(line(0, false, 'pin verify'))).toBe(true);
    expect(isAuditEntry(line(-1, false, 'pin verify'))).toBe(false);
    expect(isAuditEntry(line(1.5, false, 'pin verify'))).toBe(false);
    expect(skippedLine('/srv/household.json.log', 7, { seq: 0, change: true })).toEqual({ skipped: true, file: '/srv/household.json.log', line: 7, seq: 0, change: true });
    expect(skippedLine('/srv/household.json.log', 7, { seq: -1, change: 'yes' })).toEqual({ skipped: true, file: '/srv/household.json.log', line: 7 });
  });
});
