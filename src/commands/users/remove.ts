import { requireAccount } from '../../domain/accounts.js';
import { ensureCanRemove } from '../../domain/rules.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';

export interface RemoveOptions {
  name: string;
}

export async function removeRun(ctx: Context, opts: RemoveOptions): Promise<void> {
  const removed = await ctx.store.update((household, audit) => {
    const account = requireAccount(household, opts.name);
    ensureCanRemove(account);
    household.accounts.splice(household.accounts.indexOf(account), 1);
    audit.change({ command: 'users remove', account: account.name, outcome: 'ok', exit: 0, details: { kind: account.kind } });
    return account;
  });
  ctx.io.result({ removed: removed.name }, `removed ${removed.kind} account ${removed.name}`);
}

export const command: CommandSpec<RemoveOptions, [string]> = {
  description: 'remove an account (never the admin)',
  arguments: [{ name: '<name>', description: 'the account to remove', completes: 'accounts' }],
  parse: ({ args: [name] }) => ({ name }),
  run: removeRun,
};
