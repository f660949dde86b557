import { requireAccount, summarize, type Account, type Household } from '../../domain/accounts.js';
import { lockoutState } from '../../domain/lockout.js';
import { localDateTime } from '../../domain/time.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { hoursReport, type HoursView } from '../hours/allowed.js';

export interface ShowOptions {
  name: string;
}

type LockoutView = ReturnType<typeof lockoutState>;

/** One account as `users show --json` prints it (and `users set --json` after a change). Never a hash. */
export interface AccountView {
  name: string;
  kind: Account['kind'];
  pinRequired: boolean;
  restriction: Account['restriction'];
  email: string | null;
  lockout: { pin: LockoutView; password: LockoutView | null };
  hours: HoursView['hours'];
  timeZone: string;
  allowedNow: boolean;
  nextChange: string | null;
  grantUntil: string | null;
  /** Per secret: the id of the key its hash was made with, false for a hash made without one, null for no such secret. */
  keyed: { pin: string | false | null; password: string | false | null };
}

function keyedOf(hash: string | null, keyId: string | undefined): string | false | null {
  if (hash === null) return null;
  return keyId ?? false;
}

/** The account as `users show` prints it: the view (JSON) and its lines of text. */
export function accountView(ctx: Context, household: Household, account: Account): { view: AccountView; fields: Array<[string, string]> } {
  const now = ctx.clock.now();
  const hours = hoursReport(ctx, household, account, now);
  const view = lockoutView(account, now, hours.view);
  return { view, fields: [...accountFields(view), ...hours.lines] };
}

function lockoutView(account: Account, now: number, hours: HoursView): AccountView {
  return {
    ...summarize(account),
    email: account.email,
    lockout: {
      pin: lockoutState(account.failures.pin, now),
      // A managed account has no password, so nothing to lock.
      password: account.kind === 'managed' ? null : lockoutState(account.failures.password, now),
    },
    ...hours,
    keyed: { pin: keyedOf(account.pinHash, account.pinKeyId), password: keyedOf(account.passwordHash, account.passwordKeyId) },
  };
}

function lockoutLines(label: string, state: LockoutView | null): Array<[string, string]> {
  if (state === null) return [[`${label} failures`, 'none (a managed account has no password)']];
  const status = state.disabled
    ? 'disabled until household users unlock'
    : state.coolingOffUntil
      ? `cooling off until ${localDateTime(Date.parse(state.coolingOffUntil))}`
      : 'open';
  return [
    [`${label} failures`, `${state.failures} in a row`],
    [`${label} checks`, status],
  ];
}

function keyLine(keyed: string | false | null): string {
  if (keyed === null) return '-';
  return keyed === false ? 'no (made again with the key at its next right proof)' : `yes (key ${keyed})`;
}

export function accountFields(view: AccountView): Array<[string, string]> {
  return [
    ['name', view.name],
    ['kind', view.kind],
    ['PIN', view.pinRequired ? 'yes' : 'no'],
    ['restriction', view.restriction ?? '-'],
    ['e-mail', view.email ?? '-'],
    ...lockoutLines('PIN', view.lockout.pin),
    ...lockoutLines('password', view.lockout.password),
    ['PIN keyed', keyLine(view.keyed.pin)],
    ['password keyed', keyLine(view.keyed.password)],
  ];
}

/** One account with the lockout state of each kind of secret, like `faillock --user`, and whether each hash is keyed. */
export async function showRun(ctx: Context, opts: ShowOptions): Promise<void> {
  const household = await ctx.store.read();
  const { view, fields } = accountView(ctx, household, requireAccount(household, opts.name));
  ctx.io.fields(fields, view);
}

export const command: CommandSpec<ShowOptions, [string]> = {
  description: 'one account, with the lockout state of its PIN and its password (like faillock --user)',
  arguments: [{ name: '<name>', description: 'the account', completes: 'accounts' }],
  parse: ({ args: [name] }) => ({ name }),
  run: showRun,
};
