import { ensureNameFree, requireAccount, validateEmail, type Restriction } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { validateNewName } from '../../domain/names.js';
import { formatHours, parseHoursSpec } from '../../domain/hours.js';
import type { Context } from '../context.js';
import { accountView } from './show.js';

export interface UsersSetOptions {
  name: string;
  rename?: string;
  restriction?: Restriction;
  /** A new address; null to remove it (--no-email). */
  email?: string | null;
  /** A managed account's allowed hours (a SPEC); null to remove them (--no-hours). */
  hours?: string | null;
}

/** Needs nothing beyond access to the store, like `users add`. */
export async function usersSetRun(ctx: Context, opts: UsersSetOptions): Promise<void> {
  if (opts.rename === undefined && opts.restriction === undefined && opts.email === undefined && opts.hours === undefined) {
    throw new HouseholdError('USAGE', 'say what to change: --rename NEW, --restriction R, --email ADDR, --no-email, --hours SPEC or --no-hours');
  }
  const rename = opts.rename === undefined ? undefined : validateNewName(opts.rename);
  const email = typeof opts.email === 'string' ? validateEmail(opts.email) : opts.email;
  const hours = typeof opts.hours === 'string' ? parseHoursSpec(opts.hours) : opts.hours;
  const { household, account, changes } = await ctx.store.update((household, audit) => {
    const account = requireAccount(household, opts.name);
    if (opts.restriction !== undefined && account.kind !== 'managed') {
      throw new HouseholdError('INVALID_CHANGE', `${account.name} is ${account.kind === 'admin' ? 'the admin' : 'a member account'}: only managed accounts have a restriction`);
    }
    if (email !== undefined && account.kind === 'managed') {
      throw new HouseholdError('INVALID_CHANGE', `${account.name} is a managed account: managed accounts have no e-mail`);
    }
    if (hours !== undefined && account.kind !== 'managed') {
      throw new HouseholdError('INVALID_CHANGE', `${account.name} is ${account.kind === 'admin' ? 'the admin' : 'a member account'}: only managed accounts have allowed hours`);
    }
    const changes: string[] = [];
    const details: Record<string, unknown> = {};
    if (rename !== undefined && rename !== account.name) {
      ensureNameFree(household, rename, account);
      details.previousName = account.name;
      changes.push(`renamed from ${account.name}`);
      account.name = rename;
    }
    if (opts.restriction !== undefined && opts.restriction !== account.restriction) {
      details.restriction = opts.restriction;
      changes.push(`restriction ${opts.restriction}`);
      account.restriction = opts.restriction;
    }
    if (email !== undefined && email !== account.email) {
      // The address is personal data: the log says that it changed, not what it is.
      details.email = email === null ? 'removed' : 'changed';
      changes.push(email === null ? 'e-mail removed' : 'e-mail changed');
      account.email = email;
    }
    const before = account.hours === undefined ? null : formatHours(account.hours);
    const after = hours === undefined ? before : hours === null ? null : formatHours(hours);
    if (after !== before) {
      details.hours = after;
      changes.push(after === null ? 'hours removed (always allowed)' : `hours ${after}`);
      if (hours) account.hours = hours;
      else {
        // A grant means nothing without hours: it goes with them.
        delete account.hours;
        delete account.grantUntil;
      }
    }
    audit.change({ command: 'users set', account: account.name, outcome: 'ok', exit: 0, details });
    return { household, account, changes };
  });
  ctx.io.result(
    { updated: accountView(ctx, household, account).view },
    changes.length === 0 ? `${account.name} already is as asked; nothing changed` : `updated ${account.name}: ${changes.join(', ')}`,
  );
}
