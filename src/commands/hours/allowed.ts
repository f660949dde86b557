import type { Account, Household } from '../../domain/accounts.js';
import type { AuditDraft } from '../../domain/audit.js';
import { clockTimeAndDay, clockTimeFrom, formatHours, hoursState, outsideHours, type HoursState, type HoursWindow } from '../../domain/hours.js';
import { isoUtc, parseIsoUtc } from '../../domain/time.js';
import type { Context } from '../context.js';

/** The household's zone: the one it was given, else the machine's (a store from before version 3). */
export function householdZone(ctx: Context, household: Household): string {
  return household.timeZone ?? ctx.zones.machine();
}

/** An account's hours and grant at `now`, as `users show` prints them (also for accounts without hours). */
export interface HoursView {
  hours: HoursWindow[] | null;
  timeZone: string;
  allowedNow: boolean;
  nextChange: string | null;
  grantUntil: string | null;
}

export interface HoursReport {
  view: HoursView;
  /** `users show`'s lines about hours (none for an account without hours). */
  lines: Array<[string, string]>;
  /** The refusal an attempt to use the account now meets (77 OUTSIDE_HOURS), or null when allowed. */
  refusal: ReturnType<typeof outsideHours> | null;
}

/** Everything about an account's hours now, computed in one pass in the household's zone. */
export function hoursReport(ctx: Context, household: Household, account: Account, now: number): HoursReport {
  const zoneName = householdZone(ctx, household);
  const hours = account.hours ?? null;
  // Stryker disable next-line ConditionalExpression: parseIsoUtc(undefined) is null as well ("undefined" is no time); the test says what is meant
  const grant = account.grantUntil === undefined ? null : parseIsoUtc(account.grantUntil);
  return ctx.zones.within(zoneName, (zone) => {
    const state: HoursState = hoursState(hours, grant, zone, now);
    const view: HoursView = {
      hours,
      timeZone: zoneName,
      allowedNow: state.allowed,
      nextChange: state.nextChange === null ? null : isoUtc(state.nextChange),
      grantUntil: state.grantUntil === null ? null : isoUtc(state.grantUntil),
    };
    const lines: Array<[string, string]> = [];
    if (hours !== null) {
      lines.push(['hours', `${formatHours(hours)} (${zoneName})`]);
      const next = state.nextChange;
      if (state.allowed) lines.push(['now', next === null ? 'allowed' : `allowed until ${clockTimeFrom(zone, next, now)}`]);
      // Stryker disable next-line ConditionalExpression,StringLiteral: not reached: every window holds some minutes of a day each week, so hours that refuse now always have a next time in the days laid out
      else lines.push(['now', next === null ? 'not allowed' : `not allowed; next at ${clockTimeAndDay(zone, next)}`]);
      if (state.grantUntil !== null) lines.push(['grant', `until ${clockTimeFrom(zone, state.grantUntil, now)}`]);
    }
    return { view, lines, refusal: state.allowed ? null : outsideHours(account.name, state, zone) };
  });
}

/** Whether each account may be used now (users list --json), with one zone computation for all. */
export function allowedNow(ctx: Context, household: Household, now: number): Map<Account, boolean> {
  const zoneName = householdZone(ctx, household);
  return ctx.zones.within(zoneName, (zone) => {
    const result = new Map<Account, boolean>();
    for (const account of household.accounts) {
      // Stryker disable next-line ConditionalExpression: parseIsoUtc(undefined) is null as well ("undefined" is no time); the test says what is meant
      const grant = account.grantUntil === undefined ? null : parseIsoUtc(account.grantUntil);
      result.set(account, hoursState(account.hours ?? null, grant, zone, now).allowed);
    }
    return result;
  });
}

/**
 * Refuses (77 OUTSIDE_HOURS) an account used outside its hours with no grant in force, before anything
 * is asked or counted, and logs the refusal as an event of `command`.
 */
export async function ensureWithinHours(ctx: Context, household: Household, account: Account, command: string): Promise<void> {
  if (account.hours === undefined) return;
  const { view, refusal } = hoursReport(ctx, household, account, ctx.clock.now());
  if (!refusal) return;
  const line: AuditDraft = { command, account: account.name, outcome: refusal.code, exit: refusal.exitCode, details: { nextAllowed: view.nextChange, timeZone: view.timeZone } };
  await ctx.store.update((_household, audit) => audit.event(line));
  throw refusal;
}
