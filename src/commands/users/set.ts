import { ensureNameFree, requireAccount, RESTRICTIONS, validateEmail, type Restriction } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { validateNewName } from '../../domain/names.js';
import type { Context } from '../context.js';
import { accountView } from './show.js';
import type { CommandSpec } from '../spec.js';

export interface UsersSetOptions {
  name: string;
  rename?: string;
  restriction?: Restriction;
  /** A new address; null to remove it (--no-email). */
  email?: string | null;
}

/** Needs nothing beyond access to the store, like `users add`. */
export async function usersSetRun(ctx: Context, opts: UsersSetOptions): Promise<void> {
  if (opts.rename === undefined && opts.restriction === undefined && opts.email === undefined) {
    throw new HouseholdError('USAGE', 'say what to change: --rename NEW, --restriction R, --email ADDR or --no-email');
  }
  const rename = opts.rename === undefined ? undefined : validateNewName(opts.rename);
  const email = typeof opts.email === 'string' ? validateEmail(opts.email) : opts.email;
  const { account, changes } = await ctx.store.update((household, audit) => {
    const account = requireAccount(household, opts.name);
    if (opts.restriction !== undefined && account.kind !== 'managed') {
      throw new HouseholdError('INVALID_CHANGE', `${account.name} is ${account.kind === 'admin' ? 'the admin' : 'a member account'}: only managed accounts have a restriction`);
    }
    if (email !== undefined && account.kind === 'managed') {
      throw new HouseholdError('INVALID_CHANGE', `${account.name} is a managed account: managed accounts have no e-mail`);
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
    audit.change({ command: 'users set', account: account.name, outcome: 'ok', exit: 0, details });
    return { account, changes };
  });
  ctx.io.result(
    { updated: accountView(account, ctx.clock.now()) },
    changes.length === 0 ? `${account.name} already is as asked; nothing changed` : `updated ${account.name}: ${changes.join(', ')}`,
  );
}

export const command: CommandSpec<UsersSetOptions, [string], { rename?: string; restriction?: Restriction; email?: string | false }> = {
  description: "change an account's name, restriction (managed accounts) or e-mail (the admin and members)",
  arguments: [{ name: '<name>', description: 'the account', completes: 'accounts' }],
  options: [
    { flags: '--rename <new>', description: 'a new name, by the same rules as a new account' },
    { flags: '--restriction <profile>', description: 'restriction profile of a managed account', choices: RESTRICTIONS },
    { flags: '--email <address>', description: 'a new e-mail address' },
    { flags: '--no-email', description: 'remove the e-mail address' },
  ],
  help: 'Needs nothing beyond access to the store, and at least one option.',
  parse: ({ args: [name], flags, typed }) => {
    // --email and --no-email share one value, so which of them was typed is asked of the command line.
    if (typed.has('--email') && typed.has('--no-email')) throw new HouseholdError('USAGE', 'choose one of --email ADDR and --no-email, not both');
    const email = flags.email === false ? null : flags.email;
    return { name, rename: flags.rename, restriction: flags.restriction, email };
  },
  run: usersSetRun,
};
