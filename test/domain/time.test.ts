import fc from 'fast-check';
import { describeDuration, isoUtc, localDateTime, localTimeFrom, parseIsoUtc } from '../../src/domain/time.js';

describe('isoUtc: what toISOString writes, for every time of years 0 to 9999', () => {
  test.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [Date.UTC(2026, 10, 27, 7, 2, 3, 4), '2026-11-27T07:02:03.004Z'],
    [Date.UTC(2028, 1, 29, 23, 59, 59, 999), '2028-02-29T23:59:59.999Z'],
    [Date.UTC(999, 0, 1, 0, 0, 0, 50), '0999-01-01T00:00:00.050Z'],
  ])('%d → %s', (ms, text) => {
    expect(isoUtc(ms)).toBe(text);
  });

  test('any time', () => {
    fc.assert(fc.property(fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }), (ms) => isoUtc(ms) === new Date(ms).toISOString()));
  });
});

// Jest runs with TZ=UTC (jest.config.js): local time is UTC here; test/e2e checks other zones.
describe('parseIsoUtc: strict ISO 8601 UTC, as this program writes it', () => {
  test.each([
    ['2026-11-27T07:12:03.000Z', Date.UTC(2026, 10, 27, 7, 12, 3)],
    ['2026-11-27T07:12:03Z', Date.UTC(2026, 10, 27, 7, 12, 3)],
    ['2026-11-27T07:12:03.5Z', Date.UTC(2026, 10, 27, 7, 12, 3, 500)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  ])('%s', (text, ms) => {
    expect(parseIsoUtc(text)).toBe(ms);
  });

  test.each([
    ['no zone', '2026-11-27T07:12:03'],
    ['another zone', '2026-11-27T07:12:03+00:00'],
    ['a date alone', '2026-11-27'],
    ['four digits of milliseconds', '2026-11-27T07:12:03.0000Z'],
    ['a day that does not exist', '2026-02-31T00:00:00Z'],
    ['the 29th of February of a common year', '2026-02-29T00:00:00Z'],
    ['a 13th month', '2026-13-01T00:00:00Z'],
    ['a 25th hour', '2026-11-27T25:00:00Z'],
    ['text', 'soon'],
  ])('%s is no time: null', (_label, text) => {
    expect(parseIsoUtc(text)).toBeNull();
  });
});

describe('times shown to a person', () => {
  const NOW = Date.parse('2026-01-01T23:00:00Z');

  test('the same day: the time only', () => {
    expect(localTimeFrom(Date.parse('2026-01-01T23:59:59Z'), NOW)).toBe('23:59:59');
  });

  test('another day: the date and the time', () => {
    expect(localTimeFrom(Date.parse('2026-01-02T00:00:01Z'), NOW)).toBe('2026-01-02 00:00:01');
  });

  test('localDateTime: to the second, padded', () => {
    expect(localDateTime(Date.parse('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04 05:06:07');
  });

  test.each([
    [3_599_000, '59 minutes 59 seconds'],
    [3_601_000, '60 minutes 1 second'],
    [0, '0 seconds'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});
