import { requireAccount, type Account } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { clockMinutes, clockTimeFrom, nextClockTime, parseGrantDuration } from '../../domain/hours.js';
import { shellWord, visible } from '../../domain/text.js';
import { isoUtc } from '../../domain/time.js';
import type { Context } from '../context.js';
import { householdZone } from './allowed.js';
import type { CommandSpec } from '../spec.js';

export interface HoursGrantOptions {
  name: string;
  /** `30m`, `2h`: from now. */
  for?: string;
  /** `HH:MM`: the next such time in the household's zone. */
  until?: string;
}

/** Grants and revokes are for managed accounts with hours: 65 for any other. */
export function ensureHasHours(account: Account): void {
  if (account.kind !== 'managed') {
    throw new HouseholdError('INVALID_CHANGE', `${account.name} is ${account.kind === 'admin' ? 'the admin' : 'a member account'}: only managed accounts have allowed hours, and so grants`);
  }
  if (account.hours === undefined) {
    throw new HouseholdError('INVALID_CHANGE', `${account.name} has no allowed hours: it may be used at any time, so there is nothing to grant`, (household) => `${household} users set ${shellWord(account.name)} --hours SPEC sets some`);
  }
}

/**
 * Allows a managed account outside its hours until a time at most 24 hours ahead; a later grant
 * replaces an earlier one. Needs nothing beyond access to the store, like `users set`.
 */
export async function hoursGrantRun(ctx: Context, opts: HoursGrantOptions): Promise<void> {
  if ((opts.for === undefined) === (opts.until === undefined)) {
    throw new HouseholdError('USAGE', 'say how long: --for DURATION (such as 30m or 2h) or --until HH:MM, one of them');
  }
  const length = opts.for === undefined ? undefined : parseGrantDuration(opts.for);
  if (opts.until !== undefined && clockMinutes(opts.until, false) === null) {
    throw new HouseholdError('INVALID_INPUT', `invalid time "${visible(opts.until)}": expected HH:MM from 00:00 to 23:59`);
  }
  const { name, until, zone, text } = await ctx.store.update((household, audit) => {
    const account = requireAccount(household, opts.name);
    ensureHasHours(account);
    const now = ctx.clock.now();
    const zone = householdZone(ctx, household);
    const { until, text } = ctx.zones.within(zone, (rules) => {
      const until = length === undefined ? nextClockTime(opts.until!, rules, now) : now + length;
      return { until, text: clockTimeFrom(rules, until, now) };
    });
    account.grantUntil = isoUtc(until);
    audit.change({ command: 'hours grant', account: account.name, outcome: 'ok', exit: 0, details: { until: account.grantUntil } });
    return { name: account.name, until: account.grantUntil, zone, text };
  });
  ctx.io.result({ granted: name, until }, `${name} may use the account until ${text} (${zone}), whatever its hours`);
}

export const command: CommandSpec<HoursGrantOptions, [string], { for?: string; until?: string }> = {
  description: 'allow a managed account outside its hours until then (at most 24 hours ahead; replaces an earlier grant)',
  arguments: [{ name: '<name>', description: 'a managed account with hours', completes: 'accounts' }],
  options: [
    { flags: '--for <duration>', description: 'for this long from now: 30m, 2h, 1h30m' },
    { flags: '--until <time>', description: "until the next HH:MM in the household's time zone" },
  ],
  parse: ({ args: [name], flags }) => ({ name, for: flags.for, until: flags.until }),
  run: hoursGrantRun,
};
