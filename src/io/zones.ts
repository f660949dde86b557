import { readlinkSync } from 'node:fs';
import { canonicalZone, intlZone, ZONE_NAME, type ZoneRules } from '../domain/hours.js';

/**
 * Time zones for allowed hours. Intl.DateTimeFormat costs about 50 ms to make its first formatter (as
 * long as a whole start of node), so the rules a command reads come from V8's Date instead, which uses
 * the same ICU zone data: TZ is set to the household's zone for the length of one synchronous
 * computation and put back at once, so nothing else in the process sees it. Intl checks a zone that is
 * being set (`household timezone ZONE`, `init`), where the time does not matter.
 */
export interface Zones {
  /** The machine's zone (/etc/localtime), whatever TZ says: a PAM process, cron and an SSH session agree. */
  machine(): string;
  /** The canonical name of a zone the runtime knows, or null. */
  canonical(name: string): string | null;
  /** Runs `compute` with the zone's rules; nothing may be awaited inside. */
  within<T>(name: string, compute: (zone: ZoneRules) => T): T;
}

function machineZone(): string {
  try {
    // /etc/localtime -> /usr/share/zoneinfo/Europe/Berlin (or ../usr/share/zoneinfo/...).
    const target = readlinkSync('/etc/localtime');
    const at = target.indexOf('zoneinfo/');
    const name = at < 0 ? '' : target.slice(at + 'zoneinfo/'.length);
    if (ZONE_NAME.test(name)) return name.replace(/^posix\//, '');
  } catch {
    // Not a link (a copied file) or none at all: ask the runtime below.
  }
  return withTz(undefined, () => new Intl.DateTimeFormat().resolvedOptions().timeZone);
}

function withTz<T>(tz: string | undefined, compute: () => T): T {
  const saved = process.env.TZ;
  const set = (value: string | undefined) => {
    if (value === undefined) delete process.env.TZ;
    else process.env.TZ = value;
  };
  set(tz);
  try {
    return compute();
  } finally {
    set(saved);
  }
}

const dateRules = (name: string): ZoneRules => ({
  name,
  wallAsUtc(ms) {
    const d = new Date(ms);
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds());
  },
});

export const systemZones: Zones = {
  machine: machineZone,
  canonical: canonicalZone,
  within: (name, compute) => withTz(name, () => compute(dateRules(name))),
};

/** For tests and tools: the same interface through Intl, whatever the process's TZ. */
export const intlZones: Zones = {
  machine: () => 'UTC',
  canonical: canonicalZone,
  within: (name, compute) => compute(intlZone(name)),
};
