import type { Household } from '../../src/domain/accounts.js';
import { AuditRecorder, filterEntries, parseSince, planLines, visibleEntries, type AuditDraft, type AuditEntry } from '../../src/domain/audit.js';
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
    expect(filterEntries(entries, { limit: 2 })).toEqual([entries[1], entries[2]]);
  });
});
