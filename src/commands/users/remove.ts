import { requireAccount } from '../../domain/accounts.js';
import { ensureCanRemove } from '../../domain/rules.js';
import type { Context } from '../../cli/context.js';

export interface RemoveOptions {
  name: string;
}

export async function removeRun(ctx: Context, opts: RemoveOptions): Promise<void> {
  const removed = await ctx.store.update((household) => {
    const account = requireAccount(household, opts.name);
    ensureCanRemove(account);
    household.accounts.splice(household.accounts.indexOf(account), 1);
    return account;
  });
  ctx.io.result({ removed: removed.name }, `removed ${removed.kind} account ${removed.name}`);
}
