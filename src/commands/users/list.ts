import { summarize } from '../../domain/accounts.js';
import { byListingOrder } from '../../domain/names.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';

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

export const command: CommandSpec<undefined> = {
  description: 'every account: name, kind, whether a PIN is required, restriction (admin first, then by name)',
  help: 'On a terminal: a table. Piped: name, kind, PIN (yes/no), restriction (- for none), tab-separated, no header.',
  parse: () => undefined,
  run: listRun,
};
