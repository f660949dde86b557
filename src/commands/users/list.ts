import { summarize } from '../../domain/accounts.js';
import { byListingOrder } from '../../domain/names.js';
import type { Context } from '../context.js';

export const LIST_HEADERS = ['NAME', 'KIND', 'PIN', 'RESTRICTION'];

/** Admin first, then by name without regard to case, in every format. */
export async function listRun(ctx: Context): Promise<void> {
  const household = await ctx.store.read();
  const accounts = household.accounts.map(summarize).sort(byListingOrder);
  await ctx.io.table(
    LIST_HEADERS,
    accounts.map((account) => [account.name, account.kind, account.pinRequired ? 'yes' : 'no', account.restriction ?? '-']),
    accounts,
  );
}
