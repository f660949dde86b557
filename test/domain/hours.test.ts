import { HouseholdError } from '../../src/domain/errors.js';
import {
  canonicalZone,
  clockTimeAndDay,
  clockTimeFrom,
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
  type ZoneRules,
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

  test('the day part and the times may be apart by more than one space, or a tab', () => {
    expect(parseHoursSpec('Mo  10:00-11:00, Tu\t10:00-11:00')).toEqual([
      { days: ['mo'], start: '10:00', end: '11:00' },
      { days: ['tu'], start: '10:00', end: '11:00' },
    ]);
  });

  test('23:00 as a start and 23:59 as an end are times of the day', () => {
    expect(parseHoursSpec('Mo 23:00-23:59')).toEqual([{ days: ['mo'], start: '23:00', end: '23:59' }]);
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
    ['Mo x10:00-11:00', /"x10:00" is not a start time/],
    ['Mo 10:00-11:00x', /"11:00x" is not an end time/],
    ['Mo 10:00-11:00-12:00', /"10:00-11:00-12:00" is not a time range/],
    ['10:00-11:00', /expected a day part and a time range/],
    ['Mo 10:00-11:00,', /the window is empty/],
    ['Mo 10:00-11:00, Tu 10:00-11:00 x', /window "Tu 10:00-11:00 x"/],
    ['Mo\u202e 10:00-11:00', /window "Mo\\u202e 10:00-11:00"/],
  ])('%j is 65 naming the window and the fault', (spec, message) => {
    const error = refusal(spec);
    expect(error.exitCode).toBe(65);
    expect(error.message).toMatch(message);
  });

  test('the refusal says what is wrong, word for word, and shows an example', () => {
    const error = refusal('Mo 10:00');
    expect(error.message).toBe('invalid hours in the window "Mo 10:00": "10:00" is not a time range: expected HH:MM-HH:MM, such as 15:00-19:30');
    expect(error.hint).toBe('for example: --hours "Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00"');
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

  test('hoursProblem: no days, more than a week of days, a bad end, word for word', () => {
    expect(hoursProblem({ days: [], start: '10:00', end: '11:00' })).toBe('expected 1 to 7 days');
    // Eight days in a row would pass the consecutive check (su is followed by mo).
    expect(hoursProblem({ days: ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su', 'mo'], start: '10:00', end: '11:00' })).toBe('expected 1 to 7 days');
    expect(hoursProblem({ days: ['mo'], start: '10:00', end: '25:00' })).toBe('expected HH:MM times (24:00 only as an end)');
    expect(hoursProblem({ days: ['mo'], start: '10:00', end: '24:00' })).toBeNull();
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

  test('instantOf: in the hour skipped in New York on 2026-03-08 (behind UTC), the first minute after it (03:00 EDT)', () => {
    const newYork = intlZone('America/New_York');
    expect(iso(instantOf(newYork, at('2026-03-08T02:30:00Z')))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantOf(newYork, at('2026-03-08T03:00:00Z')))).toBe('2026-03-08T07:00:00.000Z');
  });

  test('instantOf: a time only an offset between those a day before and after gives (two changes in a day) is still found', () => {
    // A made-up zone: UTC, then +1 h from 10:00 UTC, then +2 h from 12:00 UTC. 11:30 on its clock happens
    // at 10:30 UTC, under the +1 h that neither the day before (0) nor the day after (+2 h) has.
    const change = at('2026-01-05T10:00:00Z');
    const HOUR = 3_600_000;
    const twice: ZoneRules = { name: 'Test/Twice', wallAsUtc: (ms) => ms + (ms < change ? 0 : ms < change + 2 * HOUR ? HOUR : 2 * HOUR) };
    expect(iso(instantOf(twice, at('2026-01-05T11:30:00Z')))).toBe('2026-01-05T10:30:00.000Z');
  });

  test('clockTimeFrom: the time alone on the same day in the zone, with its day on another', () => {
    const now = at('2026-01-09T22:30:00Z'); // 23:30 on Friday in Berlin
    expect(clockTimeFrom(BERLIN, at('2026-01-09T22:45:00Z'), now)).toBe('23:45');
    // The same day in UTC, but Saturday in Berlin.
    expect(clockTimeFrom(BERLIN, at('2026-01-09T23:05:00Z'), now)).toBe('00:05 on Saturday');
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

  test('the refusal writes hours before 10 with two digits', () => {
    const state = hoursState(school, null, BERLIN, at('2026-01-09T20:00:00Z')); // 21:00 Friday
    expect(outsideHours('kid1', state, BERLIN).message).toBe('kid1 may use the account again at 09:00 on Saturday (Europe/Berlin)');
  });

  test('the refusal when no window ever comes, and its hint for the same store', () => {
    const error = outsideHours('kid one', { allowed: false, nextChange: null, grantUntil: null }, BERLIN);
    expect(error.message).toBe('kid one is not allowed at any time by its hours (Europe/Berlin)');
    expect(error.hintFor('household --store /tmp/h.json')).toBe("an operator can allow it now with: household --store /tmp/h.json hours grant 'kid one' --for 1h");
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

  test('windows given later in the day first are taken in the order of the clock', () => {
    const windows = parseHoursSpec('Mo 12:00-13:00, Mo 10:00-11:00');
    expect(hoursState(windows, null, BERLIN, at('2026-01-05T08:00:00Z'))).toEqual({ allowed: false, nextChange: at('2026-01-05T09:00:00Z'), grantUntil: null });
    expect(hoursState(windows, null, BERLIN, at('2026-01-05T09:30:00Z'))).toEqual({ allowed: true, nextChange: at('2026-01-05T10:00:00Z'), grantUntil: null });
    expect(hoursState(windows, null, BERLIN, at('2026-01-05T10:30:00Z'))).toEqual({ allowed: false, nextChange: at('2026-01-05T11:00:00Z'), grantUntil: null });
  });

  test('overlapping windows count as their union', () => {
    const windows = parseHoursSpec('Mo 10:00-12:00, Mo 11:00-13:00');
    expect(iso(hoursState(windows, null, BERLIN, at('2026-01-05T09:30:00Z')).nextChange)).toBe('2026-01-05T12:00:00.000Z');
  });

  test('every minute covered: allowed with no change ahead', () => {
    expect(hoursState(parseHoursSpec('daily 00:00-24:00'), null, BERLIN, at('2026-01-05T10:00:00Z'))).toEqual({ allowed: true, nextChange: null, grantUntil: null });
  });

  test('every minute covered, in the week the clocks go forward: still no change ahead', () => {
    // 23:30 CET on Sunday 2026-03-22; the hour lost on 2026-03-29 brings the end of the days laid out closer.
    expect(hoursState(parseHoursSpec('daily 00:00-24:00'), null, BERLIN, at('2026-03-22T22:30:00Z'))).toEqual({ allowed: true, nextChange: null, grantUntil: null });
  });

  test('spring forward (2026-03-29): a window wholly in the skipped hour does not happen that day', () => {
    const windows = parseHoursSpec('Su 02:00-02:30');
    expect(hoursState(windows, null, BERLIN, at('2026-03-28T12:00:00Z'))).toEqual({ allowed: false, nextChange: at('2026-04-05T00:00:00Z'), grantUntil: null });
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
    // Nor is one that ends this very moment.
    expect(hoursState(school, now, BERLIN, now)).toEqual({ allowed: false, nextChange: at('2026-01-05T14:00:00Z'), grantUntil: null });
  });

  test('a grant that bridges the one weekly gap: allowed until the gap a week on, even when that is 8 days away', () => {
    // Everything but Wednesday 10:00-11:00. Tuesday 2026-10-20, 11:00 CEST: a 24 h grant covers this
    // Wednesday's gap; the clocks go back on 2026-10-25, so next Wednesday 10:00 CET is exactly 8 days on.
    const windows = parseHoursSpec('Th-Tu 00:00-24:00, We 00:00-10:00, We 11:00-24:00');
    const now = at('2026-10-20T09:00:00Z');
    expect(hoursState(windows, at('2026-10-21T09:00:00Z'), BERLIN, now)).toEqual({ allowed: true, nextChange: at('2026-10-28T09:00:00Z'), grantUntil: at('2026-10-21T09:00:00Z') });
    expect(hoursState(windows, null, BERLIN, now)).toEqual({ allowed: true, nextChange: at('2026-10-21T08:00:00Z'), grantUntil: null });
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
    [' 30m ', 30],
  ])('--for %j', (text, minutes) => {
    expect(parseGrantDuration(text)).toBe(minutes * 60_000);
  });

  test.each(['25h', '24h1m', '0m', '', 'h', '2d', '-1h', '1.5h', '1h30', '30mx'])('--for %j is 65', (text) => {
    expect(() => parseGrantDuration(text)).toThrow(expect.objectContaining({ exitCode: 65 }));
  });

  test('--for refusals, word for word', () => {
    expect(() => parseGrantDuration('2d')).toThrow(new Error('invalid duration "2d": expected minutes or hours such as 30m, 2h or 1h30m'));
    expect(() => parseGrantDuration('25h')).toThrow(new Error('a grant runs at most 24 hours ahead ("25h" is longer)'));
    expect(() => nextClockTime('24:00', BERLIN, at('2026-01-05T15:00:00Z'))).toThrow(new Error('invalid time "24:00": expected HH:MM from 00:00 to 23:59'));
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

