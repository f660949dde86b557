import { parseHousehold, SchemaError, serializeHousehold } from '../../src/store/schema.js';
import { household } from '../fakes/households.js';

/** A store as JSON, with `change` applied to its parsed form. */
function stored(change: (value: Record<string, any>) => void): unknown {
  const value = JSON.parse(serializeHousehold(household()));
  change(value);
  return value;
}

function problem(value: unknown): string {
  try {
    parseHousehold(value);
  } catch (error) {
    if (error instanceof SchemaError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

const WINDOW = { days: ['mo', 'tu'], start: '15:00', end: '19:30' };

describe('the store: allowed hours fields (v3), optional and checked like every other', () => {
  test('a store without them reads and writes back byte for byte', () => {
    const text = serializeHousehold(household());
    expect(serializeHousehold(parseHousehold(JSON.parse(text)))).toBe(text);
    expect(text).not.toMatch(/timeZone|hours|grantUntil/);
  });

  test('valid ones round-trip, in their places', () => {
    const value = stored((h) => {
      h.timeZone = 'Europe/Berlin';
      h.accounts[2].hours = [WINDOW];
      h.accounts[2].grantUntil = '2026-01-01T13:00:00.000Z';
    });
    const parsed = parseHousehold(value);
    expect(parsed.timeZone).toBe('Europe/Berlin');
    expect(parsed.accounts[2]).toMatchObject({ hours: [WINDOW], grantUntil: '2026-01-01T13:00:00.000Z' });
    const text = serializeHousehold(parsed);
    expect(text).toContain('"plan": "pass",\n  "timeZone": "Europe/Berlin",\n  "accounts": [');
    expect(serializeHousehold(parseHousehold(JSON.parse(text)))).toBe(text);
  });

  test.each<[string, (h: Record<string, any>) => void, string]>([
    ['hours on the admin', (h) => (h.accounts[0].hours = [WINDOW]), 'accounts[0].hours: only managed accounts have hours (this is admin)'],
    ['hours on a member', (h) => (h.accounts[1].hours = [WINDOW]), 'accounts[1].hours: only managed accounts have hours (this is member)'],
    ['hours: null', (h) => (h.accounts[2].hours = null), 'accounts[2].hours: expected a list of 1 to 100 windows (found null)'],
    ['hours: []', (h) => (h.accounts[2].hours = []), 'accounts[2].hours: expected a list of 1 to 100 windows (found 0)'],
    ['a bad day', (h) => (h.accounts[2].hours = [{ ...WINDOW, days: ['xx'] }]), 'accounts[2].hours[0].days[0]: expected one of mo, tu, we, th, fr, sa, su (found another string)'],
    ['days not in a run', (h) => (h.accounts[2].hours = [{ ...WINDOW, days: ['mo', 'we'] }]), 'accounts[2].hours[0]: expected consecutive days mo..su'],
    ['a bad time', (h) => (h.accounts[2].hours = [{ ...WINDOW, start: '24:00' }]), 'accounts[2].hours[0]: expected HH:MM times (24:00 only as an end)'],
    ['start equal to end', (h) => (h.accounts[2].hours = [{ ...WINDOW, end: '15:00' }]), 'accounts[2].hours[0]: the start and the end are the same time'],
    ['an unknown field in a window', (h) => (h.accounts[2].hours = [{ ...WINDOW, note: 1 }]), 'accounts[2].hours[0]: an unknown field'],
    ['a grant without hours', (h) => (h.accounts[2].grantUntil = '2026-01-01T13:00:00.000Z'), 'accounts[2].grantUntil: a grant needs hours'],
    ['a grant that is no time', (h) => Object.assign(h.accounts[2], { hours: [WINDOW], grantUntil: 'soon' }), 'accounts[2].grantUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z (found another string)'],
    ['a zone that is no name', (h) => (h.timeZone = '../../etc/passwd'), 'timeZone: expected an IANA time zone name, such as Europe/Berlin (found another string)'],
    ['a zone that is no string', (h) => (h.timeZone = 1), 'timeZone: expected an IANA time zone name, such as Europe/Berlin (found a number)'],
  ])('%s: 78 naming the field', (_what, change, message) => {
    expect(problem(stored(change))).toBe(message);
  });
});

describe('the hours fields at their limits, and what a wrong type is called', () => {
  const windows = (n: number) => Array.from({ length: n }, () => WINDOW);
  test.each<[string, (h: Record<string, any>) => void, string]>([
    ['101 windows', (h) => (h.accounts[2].hours = windows(101)), 'accounts[2].hours: expected a list of 1 to 100 windows (found 101)'],
    ['days that are no list', (h) => (h.accounts[2].hours = [{ ...WINDOW, days: 'mo' }]), 'accounts[2].hours[0].days: expected a list (found a string)'],
    ['a start that is no string', (h) => (h.accounts[2].hours = [{ ...WINDOW, start: 1500 }]), 'accounts[2].hours[0].start: expected a string (found a number)'],
    ['an end that is no string', (h) => (h.accounts[2].hours = [{ ...WINDOW, end: null }]), 'accounts[2].hours[0].end: expected a string (found null)'],
    ['a grant that is a number', (h) => Object.assign(h.accounts[2], { hours: [WINDOW], grantUntil: 1767272400000 }), 'accounts[2].grantUntil: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z (found a number)'],
    ['a zone name of 65 characters', (h) => (h.timeZone = `America/${'A'.repeat(57)}`), 'timeZone: expected an IANA time zone name, such as Europe/Berlin (found another string)'],
  ])('%s: 78 naming the field', (_what, change, message) => {
    expect(problem(stored(change))).toBe(message);
  });

  test('100 windows and a zone name of 64 characters are read', () => {
    const value = stored((h) => {
      h.accounts[2].hours = windows(100);
      h.timeZone = `America/${'A'.repeat(56)}`;
    });
    const parsed = parseHousehold(value);
    expect(parsed.accounts[2].hours).toHaveLength(100);
    expect(parsed.timeZone).toHaveLength(64);
  });

  test('a field that is not there is not there as undefined either: the parsed store has no such key', () => {
    const parsed = parseHousehold(stored(() => {}));
    expect(Object.keys(parsed)).toEqual(['version', 'sequence', 'plan', 'accounts']);
    for (const account of parsed.accounts) expect(Object.keys(account)).toEqual(['name', 'kind', 'email', 'restriction', 'passwordHash', 'pinHash', 'failures']);
  });
});
