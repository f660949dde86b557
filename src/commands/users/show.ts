import { requireAccount, summarize, type Account } from '../../domain/accounts.js';
import { lockoutState } from '../../domain/lockout.js';
import { localDateTime } from '../../domain/time.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';

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
}

export function accountView(account: Account, now: number): AccountView {
  return {
    ...summarize(account),
    email: account.email,
    lockout: {
      pin: lockoutState(account.failures.pin, now),
      // A managed account has no password, so nothing to lock.
      password: account.kind === 'managed' ? null : lockoutState(account.failures.password, now),
    },
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

export function accountFields(view: AccountView): Array<[string, string]> {
  return [
    ['name', view.name],
    ['kind', view.kind],
    ['PIN', view.pinRequired ? 'yes' : 'no'],
    ['restriction', view.restriction ?? '-'],
    ['e-mail', view.email ?? '-'],
    ...lockoutLines('PIN', view.lockout.pin),
    ...lockoutLines('password', view.lockout.password),
  ];
}

/** One account with the lockout state of each kind of secret, like `faillock --user`. */
export async function showRun(ctx: Context, opts: ShowOptions): Promise<void> {
  const view = accountView(requireAccount(await ctx.store.read(), opts.name), ctx.clock.now());
  ctx.io.fields(accountFields(view), view);
}

export const command: CommandSpec<ShowOptions, [string]> = {
  description: 'one account, with the lockout state of its PIN and its password (like faillock --user)',
  arguments: [{ name: '<name>', description: 'the account', completes: 'accounts' }],
  parse: ({ args: [name] }) => ({ name }),
  run: showRun,
};
