import { HouseholdError } from '../../src/domain/errors.js';
import {
  canonicalZone,
  clockTimeAndDay,
  formatHours,
  hoursProblem,
  hoursState,
  instantOf,
  intlZone,
  nextClockTime,
  outsideHours,
  parseGrantDuration,
  parseHoursSpec,
  type HoursWindow,
} from '../../src/domain/hours.js';

const BERLIN = intlZone('Europe/Berlin');
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function refusal(spec: string): HouseholdError {
  try {
    parseHoursSpec(spec);
  } catch (error) {
    return error as HouseholdError;
  }
  throw new Error(`accepted: ${spec}`);
}

describe('parseHoursSpec: the SPEC of --hours', () => {
  test('the contract example', () => {
    expect(parseHoursSpec('Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00')).toEqual([
      { days: ['mo', 'tu', 'we', 'th', 'fr'], start: '15:00', end: '19:30' },
      { days: ['sa', 'su'], start: '09:00', end: '21:00' },
    ]);
  });

  test.each([
    ['Mo 10:00-11:00', ['mo']],
    ['su 10:00-11:00', ['su']],
    ['fr-MO 10:00-11:00', ['fr', 'sa', 'su', 'mo']],
    ['Sa-Su 10:00-11:00', ['sa', 'su']],
    ['DAILY 10:00-11:00', ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']],
    ['weekdays 10:00-11:00', ['mo', 'tu', 'we', 'th', 'fr']],
    ['Weekends 10:00-11:00', ['sa', 'su']],
  ])('day part %s', (spec, days) => {
    expect(parseHoursSpec(spec)[0].days).toEqual(days);
  });

  test('24:00 as an end, an end before its start, 00:00 as an end', () => {
    expect(parseHoursSpec('Mo 20:00-24:00, Tu 22:00-01:00, We 21:00-00:00').map((w) => [w.start, w.end])).toEqual([
      ['20:00', '24:00'],
      ['22:00', '01:00'],
      ['21:00', '00:00'],
    ]);
  });

  test.each([
    ['Mo 24:00-10:00', /window "Mo 24:00-10:00".*"24:00" is not a start time/],
    ['Mo 10:00-10:00', /window "Mo 10:00-10:00": the start and the end are the same time/],
    ['Xx 10:00-11:00', /"Xx" is not a day/],
    ['Mo-Xy 10:00-11:00', /"Xy" is not a day/],
    ['Monday 10:00-11:00', /"Monday" is not a day part/],
    ['Mo 10:00', /"10:00" is not a time range/],
    ['Mo 9:00-11:00', /"9:00" is not a start time/],
    ['Mo 10:00-24:30', /"24:30" is not an end time/],
    ['Mo 10:60-11:00', /"10:60" is not a start time/],
    ['10:00-11:00', /expected a day part and a time range/],
    ['Mo 10:00-11:00,', /the window is empty/],
    ['Mo 10:00-11:00, Tu 10:00-11:00 x', /window "Tu 10:00-11:00 x"/],
    ['Mo\u202e 10:00-11:00', /window "Mo\\u202e 10:00-11:00"/],
  ])('%j is 65 naming the window and the fault', (spec, message) => {
    const error = refusal(spec);
    expect(error.exitCode).toBe(65);
    expect(error.message).toMatch(message);
  });

  test('formatHours writes it back', () => {
    expect(formatHours(parseHoursSpec('mo-fr 15:00-19:30,sa-su 09:00-21:00, daily 01:00-02:00, fr-mo 20:00-01:00'))).toBe(
      'Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00, daily 01:00-02:00, Fr-Mo 20:00-01:00',
    );
  });

  test('hoursProblem checks stored windows', () => {
    expect(hoursProblem({ days: ['mo'], start: '10:00', end: '11:00' })).toBeNull();
    expect(hoursProblem({ days: [], start: '10:00', end: '11:00' })).toMatch(/days/);
    expect(hoursProblem({ days: ['mo', 'we'], start: '10:00', end: '11:00' })).toMatch(/consecutive/);
    expect(hoursProblem({ days: ['xx' as 'mo'], start: '10:00', end: '11:00' })).toMatch(/consecutive/);
    expect(hoursProblem({ days: ['mo'], start: '24:00', end: '11:00' })).toMatch(/HH:MM/);
    expect(hoursProblem({ days: ['mo'], start: '10:00', end: '10:00' })).toMatch(/same/);
  });
});

describe('the time zone', () => {
  test('canonicalZone knows IANA names, not offsets or nonsense', () => {
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('Mars/Olympus')).toBeNull();
    expect(canonicalZone('+01:00')).toBeNull();
    expect(canonicalZone('')).toBeNull();
  });

  test('instantOf: a plain wall-clock time', () => {
    expect(iso(instantOf(BERLIN, at('2026-01-05T15:00:00Z')))).toBe('2026-01-05T14:00:00.000Z');
    expect(iso(instantOf(BERLIN, at('2026-07-05T15:00:00Z')))).toBe('2026-07-05T13:00:00.000Z');
  });

  test('instantOf: in the hour skipped on 2026-03-29, the first minute after it (03:00 CEST)', () => {
    expect(iso(instantOf(BERLIN, at('2026-03-29T02:30:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOf(BERLIN, at('2026-03-29T02:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOf(BERLIN, at('2026-03-29T03:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
  });

  test('instantOf: in the hour repeated on 2026-10-25, its first occurrence (CEST)', () => {
    expect(iso(instantOf(BERLIN, at('2026-10-25T02:30:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(instantOf(BERLIN, at('2026-10-25T03:00:00Z')))).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('hoursState: allowed now, and until when', () => {
  const school = parseHoursSpec('Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00');

  test('no hours: always allowed', () => {
    expect(hoursState(null, null, BERLIN, at('2026-01-05T03:00:00Z'))).toEqual({ allowed: true, nextChange: null, grantUntil: null });
  });

  test('inside a window: allowed until its end (Monday 2026-01-05, 16:00 in Berlin)', () => {
    const state = hoursState(school, null, BERLIN, at('2026-01-05T15:00:00Z'));
    expect(state).toEqual({ allowed: true, nextChange: at('2026-01-05T18:30:00Z'), grantUntil: null });
  });

  test('outside: next at the next start, and the refusal says so in the zone', () => {
    const now = at('2026-01-05T18:30:00Z'); // 19:30 Monday: the end is not inside
    const state = hoursState(school, null, BERLIN, now);
    expect(state.allowed).toBe(false);
    expect(iso(state.nextChange)).toBe('2026-01-06T14:00:00.000Z');
    expect(outsideHours('kid1', state, BERLIN).message).toBe('kid1 may use the account again at 15:00 on Tuesday (Europe/Berlin)');
    expect(outsideHours('kid1', state, BERLIN).exitCode).toBe(77);
    expect(outsideHours('kid1', state, BERLIN).code).toBe('OUTSIDE_HOURS');
  });

  test('Friday night to Monday', () => {
    const state = hoursState(parseHoursSpec('weekdays 15:00-16:00'), null, BERLIN, at('2026-01-09T20:00:00Z'));
    expect(clockTimeAndDay(BERLIN, state.nextChange!)).toBe('15:00 on Monday');
  });

  test('a window across midnight belongs to the day it starts', () => {
    const friday = parseHoursSpec('Fr 20:00-01:00');
    // Saturday 00:30 Berlin: inside Friday's window.
    expect(hoursState(friday, null, BERLIN, at('2026-01-09T23:30:00Z'))).toMatchObject({ allowed: true, nextChange: at('2026-01-10T00:00:00Z') });
    // Friday 00:30 Berlin: Thursday had no window.
    expect(hoursState(friday, null, BERLIN, at('2026-01-08T23:30:00Z')).allowed).toBe(false);
  });

  test('24:00 runs to midnight, and windows that touch are one', () => {
    const windows = parseHoursSpec('Mo 20:00-24:00, Tu 00:00-02:00');
    expect(hoursState(windows, null, BERLIN, at('2026-01-05T22:59:00Z'))).toMatchObject({ allowed: true, nextChange: at('2026-01-06T01:00:00Z') });
    expect(hoursState(windows, null, BERLIN, at('2026-01-06T01:00:00Z')).allowed).toBe(false);
  });

  test('overlapping windows count as their union', () => {
    const windows = parseHoursSpec('Mo 10:00-12:00, Mo 11:00-13:00');
    expect(iso(hoursState(windows, null, BERLIN, at('2026-01-05T09:30:00Z')).nextChange)).toBe('2026-01-05T12:00:00.000Z');
  });

  test('every minute covered: allowed with no change ahead', () => {
    expect(hoursState(parseHoursSpec('daily 00:00-24:00'), null, BERLIN, at('2026-01-05T10:00:00Z'))).toEqual({ allowed: true, nextChange: null, grantUntil: null });
  });

  test('spring forward (2026-03-29): a window from 02:30 starts at 03:00 CEST', () => {
    const windows = parseHoursSpec('Su 02:30-04:00');
    expect(hoursState(windows, null, BERLIN, at('2026-03-29T00:59:00Z'))).toMatchObject({ allowed: false, nextChange: at('2026-03-29T01:00:00Z') });
    expect(hoursState(windows, null, BERLIN, at('2026-03-29T01:00:00Z'))).toMatchObject({ allowed: true, nextChange: at('2026-03-29T02:00:00Z') });
  });

  test('fall back (2026-10-25): a window ending at 02:30 ends at its first occurrence', () => {
    const windows = parseHoursSpec('Sa 22:00-02:30');
    // 02:15 CEST (first pass): allowed; 02:15 CET (second pass): not.
    expect(hoursState(windows, null, BERLIN, at('2026-10-25T00:15:00Z'))).toMatchObject({ allowed: true, nextChange: at('2026-10-25T00:30:00Z') });
    expect(hoursState(windows, null, BERLIN, at('2026-10-25T01:15:00Z')).allowed).toBe(false);
  });

  test('a grant allows outside the hours until it ends, and joins a window it reaches', () => {
    const now = at('2026-01-05T12:00:00Z'); // 13:00 Monday
    expect(hoursState(school, at('2026-01-05T13:00:00Z'), BERLIN, now)).toEqual({ allowed: true, nextChange: at('2026-01-05T13:00:00Z'), grantUntil: at('2026-01-05T13:00:00Z') });
    expect(hoursState(school, at('2026-01-05T14:30:00Z'), BERLIN, now)).toMatchObject({ allowed: true, nextChange: at('2026-01-05T18:30:00Z') });
    // An expired grant is no grant.
    expect(hoursState(school, at('2026-01-05T11:00:00Z'), BERLIN, now)).toMatchObject({ allowed: false, grantUntil: null });
  });

  test('the zone decides, not the process (New York is 6 hours behind Berlin)', () => {
    const now = at('2026-01-05T15:00:00Z');
    expect(hoursState(school, null, BERLIN, now).allowed).toBe(true);
    expect(hoursState(school, null, intlZone('America/New_York'), now).allowed).toBe(false);
  });
});

describe('grants', () => {
  test.each([
    ['30m', 30],
    ['2h', 120],
    ['1h30m', 90],
    ['24h', 1440],
  ])('--for %s', (text, minutes) => {
    expect(parseGrantDuration(text)).toBe(minutes * 60_000);
  });

  test.each(['25h', '24h1m', '0m', '', 'h', '2d', '-1h', '1.5h'])('--for %j is 65', (text) => {
    expect(() => parseGrantDuration(text)).toThrow(expect.objectContaining({ exitCode: 65 }));
  });

  test('--until: the next such time in the zone', () => {
    const now = at('2026-01-05T15:00:00Z'); // 16:00 Berlin
    expect(iso(nextClockTime('21:00', BERLIN, now))).toBe('2026-01-05T20:00:00.000Z');
    expect(iso(nextClockTime('15:00', BERLIN, now))).toBe('2026-01-06T14:00:00.000Z');
    expect(iso(nextClockTime('16:00', BERLIN, now))).toBe('2026-01-06T15:00:00.000Z');
    expect(() => nextClockTime('24:00', BERLIN, now)).toThrow(expect.objectContaining({ exitCode: 65 }));
  });

  test('--until more than 24 hours ahead (the day clocks go back) is 65', () => {
    const now = at('2026-10-24T08:00:30Z'); // 10:00:30 CEST on Saturday; Sunday 10:00 CET is 25 h later
    expect(() => nextClockTime('10:00', BERLIN, now)).toThrow(expect.objectContaining({ exitCode: 65, message: expect.stringMatching(/more than 24 hours/) }));
  });
});

test('windows as the store holds them round-trip through hoursProblem', () => {
  const windows: HoursWindow[] = parseHoursSpec('Fr-Mo 20:00-01:00, daily 00:00-24:00');
  expect(windows.map(hoursProblem)).toEqual([null, null]);
});

