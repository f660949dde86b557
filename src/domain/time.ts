/** Times as people and scripts read them: local and to the second for people, ISO 8601 UTC in JSON. */
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-27 07:12:03` in the local time zone. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `07:12:03` when `ms` falls on the same local day as `now`, else the date and time. */
export function localTimeFrom(ms: number, now: number): string {
  const [day, time] = localDateTime(ms).split(' ');
  return day === localDateTime(now).split(' ')[0] ? time : `${day} ${time}`;
}

/**
 * `2026-11-27T07:12:03.000Z`, as Date's toISOString writes it for years 0 to 9999. Not toISOString
 * itself: its first call costs about 0.2 ms (of a command whose own work is a few), these getters next to nothing.
 */
export function isoUtc(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}Z`;
}

/** Strict ISO 8601 UTC, as this program writes it: `2026-11-27T07:12:03.000Z` (milliseconds optional). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export function parseIsoUtc(text: string): number | null {
  if (!ISO_UTC.test(text)) return null;
  const ms = Date.parse(text);
  // Date.parse accepts 2026-02-31 as March 3rd; a time that does not round-trip is not a real one.
  if (Number.isNaN(ms) || isoUtc(ms).slice(0, 19) !== text.slice(0, 19)) return null;
  return ms;
}

export function describeDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const head = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return rest === 0 ? head : `${head} ${rest} second${rest === 1 ? '' : 's'}`;
}
