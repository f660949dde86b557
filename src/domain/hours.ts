import { HouseholdError } from './errors.js';
import { shellWord, visible } from './text.js';

/**
 * Allowed hours of managed accounts: windows of wall-clock time in the household's time zone. Pure:
 * the time comes in as milliseconds and the zone as its rules (ZoneRules), so neither the process's TZ
 * nor its clock matters here.
 */
export const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Day = (typeof DAYS)[number];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One window as the store and `users show --json` hold it: `{"days": ["mo", ...], "start": "15:00", "end": "19:30"}`. */
export interface HoursWindow {
  days: Day[];
  start: string;
  end: string;
}

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** Minutes since midnight of `HH:MM` (24:00 only where `end` allows it), or null. */
export function clockMinutes(text: string, end: boolean): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours === 24 && minutes === 0) return end ? 24 * 60 : null;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

function dayIndex(text: string): number {
  return DAYS.indexOf(text.toLowerCase() as Day);
}

function parseDays(text: string, bad: (problem: string) => never): Day[] {
  const lower = text.toLowerCase();
  if (lower === 'daily') return [...DAYS];
  if (lower === 'weekdays') return DAYS.slice(0, 5);
  if (lower === 'weekends') return DAYS.slice(5);
  const range = /^([a-z]{2})(?:-([a-z]{2}))?$/i.exec(text);
  if (!range) bad(`"${visible(text)}" is not a day part: expected Mo..Su, a range such as Mo-Fr, daily, weekdays or weekends`);
  const first = dayIndex(range[1]);
  const last = range[2] === undefined ? first : dayIndex(range[2]);
  for (const [day, index] of [[range[1], first], [range[2], last]] as const) {
    // Stryker disable next-line ConditionalExpression: range[2] is undefined only when last is first, whose pass through the loop came first and checked the same index
    if (day !== undefined && index < 0) bad(`"${visible(day)}" is not a day: expected Mo, Tu, We, Th, Fr, Sa or Su`);
  }
  const days: Day[] = [];
  // Fr-Mo wraps past Sunday.
  for (let i = first; ; i = (i + 1) % 7) {
    days.push(DAYS[i]);
    if (i === last) break;
  }
  return days;
}

function parseWindow(text: string): HoursWindow {
  const bad: (problem: string) => never = (problem) => {
    throw new HouseholdError('INVALID_INPUT', `invalid hours in the window "${visible(text)}": ${problem}`, 'for example: --hours "Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00"');
  };
  const parts = text.split(/\s+/);
  if (text === '') bad('the window is empty (two commas in a row, or one at an end?)');
  if (parts.length !== 2) bad('expected a day part and a time range, such as Mo-Fr 15:00-19:30');
  const days = parseDays(parts[0], bad);
  const times = /^([^-]*)-([^-]*)$/.exec(parts[1]);
  if (!times) bad(`"${visible(parts[1])}" is not a time range: expected HH:MM-HH:MM, such as 15:00-19:30`);
  const start = clockMinutes(times[1], false);
  const end = clockMinutes(times[2], true);
  if (start === null) bad(`"${visible(times[1])}" is not a start time: expected HH:MM from 00:00 to 23:59`);
  if (end === null) bad(`"${visible(times[2])}" is not an end time: expected HH:MM from 00:01 to 24:00`);
  if (start === end) bad('the start and the end are the same time');
  return { days, start: times[1], end: times[2] };
}

/** `Mo-Fr 15:00-19:30, Sa-Su 09:00-21:00`: windows separated by commas. 65 naming the window and what is wrong. */
export function parseHoursSpec(spec: string): HoursWindow[] {
  return spec.split(',').map((window) => parseWindow(window.trim()));
}

/** The windows written back as a SPEC, for people: `Mo-Fr 15:00-19:30, Sa 09:00-21:00`. */
export function formatHours(windows: readonly HoursWindow[]): string {
  return windows.map((window) => `${formatDays(window.days)} ${window.start}-${window.end}`).join(', ');
}

function formatDays(days: readonly Day[]): string {
  const title = (day: Day) => day[0].toUpperCase() + day[1];
  if (days.length === 7) return 'daily';
  if (days.length === 1) return title(days[0]);
  // parseDays only makes runs of consecutive days (possibly wrapping): first and last say it all.
  return `${title(days[0])}-${title(days[days.length - 1])}`;
}

/** A problem with stored windows, for the schema, or null. */
export function hoursProblem(window: HoursWindow): string | null {
  if (window.days.length === 0 || window.days.length > 7) return 'expected 1 to 7 days';
  const first = DAYS.indexOf(window.days[0]);
  // Stryker disable next-line ConditionalExpression: with first < 0, DAYS[first % 7] is undefined, which no Day (nor any JSON value) equals, so some() says the same
  if (first < 0 || window.days.some((day, i) => day !== DAYS[(first + i) % 7])) return 'expected consecutive days mo..su';
  const start = clockMinutes(window.start, false);
  const end = clockMinutes(window.end, true);
  if (start === null || end === null) return 'expected HH:MM times (24:00 only as an end)';
  if (start === end) return 'the start and the end are the same time';
  return null;
}

// ---- the time zone ---------------------------------------------------------------------------------

/**
 * A time zone's rules, as the zone maths below needs them: the wall clock at an instant, written as if
 * it were UTC (so an offset is a difference). src/io/zones.ts gives the fast one the CLI uses;
 * intlZone() below is the reference (Intl.DateTimeFormat, about 50 ms to make the first one).
 */
export interface ZoneRules {
  readonly name: string;
  wallAsUtc(ms: number): number;
}

/** The shape of an IANA name (`Europe/Berlin`, `UTC`, `Etc/GMT+5`); not whether the runtime knows it. */
export const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  // Stryker disable next-line ConditionalExpression: a cache for speed only; a new formatter for the same zone gives the same answers
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, found);
  }
  return found;
}

/** The zone's canonical IANA name (`europe/berlin` → `Europe/Berlin`), or null for a zone the runtime does not know. */
export function canonicalZone(zone: string): string | null {
  // IANA names only: no offsets (`+01:00`), which Intl may accept but which know no daylight saving.
  if (!ZONE_NAME.test(zone) || zone.length > 64) return null;
  try {
    return formatter(zone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A zone's rules through Intl.DateTimeFormat (the zone must be one canonicalZone knows). */
export function intlZone(name: string): ZoneRules {
  return {
    name,
    wallAsUtc(ms) {
      const parts: Record<string, number> = {};
      // Stryker disable next-line ConditionalExpression,StringLiteral: the literal parts would go to parts.literal, which nothing reads
      for (const part of formatter(name).formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
      return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    },
  };
}

/** The local calendar date of `ms` in `zone`, as UTC midnight of that date, and its weekday (0 = Monday). */
export function localDay(zone: ZoneRules, ms: number): { midnight: number; weekday: number } {
  const wall = zone.wallAsUtc(ms);
  const midnight = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  return { midnight, weekday: (new Date(midnight).getUTCDay() + 6) % 7 };
}

/**
 * The instant a wall-clock time (`local`, written as UTC) happens in `zone`. Repeated (clocks went back):
 * its first occurrence. Skipped (clocks went forward): the first minute after the gap.
 */
export function instantOf(zone: ZoneRules, local: number): number {
  const offsets = [zone.wallAsUtc(local - DAY_MS) - (local - DAY_MS), zone.wallAsUtc(local + DAY_MS) - (local + DAY_MS)];
  const matches = offsets.map((offset) => local - offset).filter((instant) => zone.wallAsUtc(instant) === local);
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: the first minute whose wall clock is past `local` is where the clocks jumped.
  let low = Math.floor((local - Math.max(...offsets)) / MINUTE);
  let high = Math.ceil((local - Math.min(...offsets)) / MINUTE);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.wallAsUtc(middle * MINUTE) >= local) high = middle;
    else low = middle;
  }
  return high * MINUTE;
}

interface Interval {
  start: number;
  end: number;
}

/** How far ahead windows are laid out: a week and a day covers every weekly window from any instant. */
const AHEAD_DAYS = 9;

/** The windows as instants, from two days before `now` to AHEAD_DAYS after, merged where they touch. */
function intervals(windows: readonly HoursWindow[], zone: ZoneRules, now: number, extra: Interval[]): Interval[] {
  const today = localDay(zone, now);
  const list: Interval[] = [...extra];
  for (let offset = -2; offset <= AHEAD_DAYS; offset += 1) {
    const midnight = today.midnight + offset * DAY_MS;
    const weekday = DAYS[(((today.weekday + offset) % 7) + 7) % 7];
    for (const window of windows) {
      if (!window.days.includes(weekday)) continue;
      const start = clockMinutes(window.start, false)!;
      let end = clockMinutes(window.end, true)!;
      // An end before its start is on the next day: the window belongs to the day it starts.
      if (end < start) end += 24 * 60;
      const interval = { start: instantOf(zone, midnight + start * MINUTE), end: instantOf(zone, midnight + end * MINUTE) };
      if (interval.end > interval.start) list.push(interval);
    }
  }
  list.sort((a, b) => a.start - b.start);
  // Stryker disable next-line ArrayDeclaration: an element that is no interval has no end, so the first interval is pushed beside it (x <= undefined is false) and find() in hoursState passes over it
  const merged: Interval[] = [];
  for (const interval of list) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

export interface HoursState {
  allowed: boolean;
  /** When `allowed` next changes; null when it never does (no hours, or windows that cover every minute). */
  nextChange: number | null;
  /** The grant in force, or null. */
  grantUntil: number | null;
}

/** Whether an account with these hours (null: none) and grant may be used at `now`, and until when. */
export function hoursState(windows: readonly HoursWindow[] | null, grantUntil: number | null, zone: ZoneRules, now: number): HoursState {
  // Stryker disable next-line ConditionalExpression: for the types only; null > now is false (null counts as 0, now is after 1970)
  const grant = grantUntil !== null && grantUntil > now ? grantUntil : null;
  if (windows === null) return { allowed: true, nextChange: null, grantUntil: null };
  // Stryker disable next-line ConditionalExpression: without a grant the extra interval would end at null (0): it holds no instant, nothing starts before its end, and Math.max keeps the end it merges into
  const list = intervals(windows, zone, now, grant === null ? [] : [{ start: now, end: grant }]);
  const horizon = now + (AHEAD_DAYS - 1) * DAY_MS;
  const current = list.find((interval) => interval.start <= now && now < interval.end);
  if (current) return { allowed: true, nextChange: current.end > horizon ? null : current.end, grantUntil: grant };
  // Stryker disable next-line EqualityOperator: an interval starting at now holds now (none is empty), so it was `current` above
  const next = list.find((interval) => interval.start > now);
  return { allowed: false, nextChange: next ? next.start : null, grantUntil: grant };
}

/** `15:00` in the zone. */
export function clockTime(zone: ZoneRules, ms: number): string {
  const wall = new Date(zone.wallAsUtc(ms));
  return `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
}

/** `15:00 on Monday` in the zone. */
export function clockTimeAndDay(zone: ZoneRules, ms: number): string {
  return `${clockTime(zone, ms)} on ${DAY_NAMES[localDay(zone, ms).weekday]}`;
}

/** `19:30` when `ms` is on the same local day as `now`, else `01:00 on Saturday`. */
export function clockTimeFrom(zone: ZoneRules, ms: number, now: number): string {
  return localDay(zone, ms).midnight === localDay(zone, now).midnight ? clockTime(zone, ms) : clockTimeAndDay(zone, ms);
}

/** The refusal of an account outside its hours (77 OUTSIDE_HOURS), naming when it is next allowed. */
export function outsideHours(name: string, state: HoursState, zone: ZoneRules): HouseholdError {
  const when = state.nextChange === null ? 'is not allowed at any time by its hours' : `may use the account again at ${clockTimeAndDay(zone, state.nextChange)}`;
  return new HouseholdError('OUTSIDE_HOURS', `${visible(name)} ${when} (${zone.name})`, (household) => `an operator can allow it now with: ${household} hours grant ${shellWord(name)} --for 1h`);
}

/** The most a grant may run: 24 hours from now. */
export const MAX_GRANT_MS = DAY_MS;

/** `30m`, `2h`, `1h30m`: a grant's length, 65 for anything else, nothing, or more than 24 hours. */
export function parseGrantDuration(text: string): number {
  const match = /^(?:(\d{1,4})h)?(?:(\d{1,5})m)?$/.exec(text.trim());
  const ms = match ? (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * MINUTE : 0;
  if (!match || ms === 0) throw new HouseholdError('INVALID_INPUT', `invalid duration "${visible(text)}": expected minutes or hours such as 30m, 2h or 1h30m`);
  if (ms > MAX_GRANT_MS) throw new HouseholdError('INVALID_INPUT', `a grant runs at most 24 hours ahead ("${visible(text)}" is longer)`);
  return ms;
}

/** The next `HH:MM` after `now` in the zone (skipped by the clocks: the first minute after the gap); 65 past 24 hours. */
export function nextClockTime(text: string, zone: ZoneRules, now: number): number {
  const minutes = clockMinutes(text, false);
  if (minutes === null) throw new HouseholdError('INVALID_INPUT', `invalid time "${visible(text)}": expected HH:MM from 00:00 to 23:59`);
  const today = localDay(zone, now).midnight;
  for (let offset = 0; offset <= 2; offset += 1) {
    const instant = instantOf(zone, today + offset * DAY_MS + minutes * MINUTE);
    if (instant > now) {
      if (instant - now > MAX_GRANT_MS) break;
      return instant;
    }
  }
  throw new HouseholdError('INVALID_INPUT', `${visible(text)} is more than 24 hours ahead (the clocks change today)`);
}
