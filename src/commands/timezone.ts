import { HouseholdError } from '../domain/errors.js';
import { visible } from '../domain/text.js';
import type { Context } from './context.js';
import { householdZone } from './hours/allowed.js';
import type { CommandSpec } from './spec.js';

export interface TimezoneOptions {
  /** The zone to set; undefined to show the current one. */
  zone?: string;
}

/** Shows or sets the IANA zone that allowed hours are wall-clock times in. */
export async function timezoneRun(ctx: Context, opts: TimezoneOptions): Promise<void> {
  if (opts.zone === undefined) {
    const household = await ctx.store.read();
    const zone = householdZone(ctx, household);
    ctx.io.value({ timeZone: zone, machine: household.timeZone === undefined }, zone);
    return;
  }
  const zone = ctx.zones.canonical(opts.zone);
  if (zone === null) {
    throw new HouseholdError('INVALID_INPUT', `unknown time zone "${visible(opts.zone)}": expected an IANA name such as Europe/Berlin or America/New_York`, 'timedatectl list-timezones lists them');
  }
  const previous = await ctx.store.update((household, audit) => {
    const previous = household.timeZone ?? null;
    // In the place the store's format gives it (before the accounts), as a fresh read would put it.
    const { accounts } = household;
    delete (household as { accounts?: unknown }).accounts;
    Object.assign(household, { timeZone: zone, accounts });
    audit.change({ command: 'timezone', account: null, outcome: 'ok', exit: 0, details: { timeZone: zone, previous } });
    return previous;
  });
  ctx.io.result({ timeZone: zone }, previous === zone ? `the household's time zone already is ${zone}; nothing changed` : `the household's time zone is now ${zone}`);
}

export const command: CommandSpec<TimezoneOptions, [string | undefined]> = {
  description: "show or set the household's time zone, in which allowed hours are wall-clock times",
  arguments: [{ name: '[zone]', description: 'an IANA time zone, such as Europe/Berlin (default: show the current one)' }],
  help: "init records the machine's zone; a store without one uses the machine's zone until one is set. The TZ of a process never matters.",
  parse: ({ args: [zone] }) => ({ zone }),
  run: timezoneRun,
};
