import { summarize } from '../../domain/accounts.js';
import type { Context } from '../../cli/context.js';

export const LIST_HEADERS = ['NAME', 'KIND', 'PIN', 'RESTRICTION'];

export async function listRun(ctx: Context): Promise<void> {
  const household = await ctx.store.read();
  const accounts = household.accounts.map(summarize);
  await ctx.io.table(
    LIST_HEADERS,
    accounts.map((account) => [account.name, account.kind, account.pinRequired ? 'yes' : 'no', account.restriction ?? '-']),
    accounts,
  );
}
