import { summarize } from '../../domain/accounts.js';
import { byListingOrder } from '../../domain/names.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';
import { allowedNow } from '../hours/allowed.js';

export const LIST_HEADERS = ['NAME', 'KIND', 'PIN', 'RESTRICTION'];

/** Admin first, then by name without regard to case, in every format. */
export async function listRun(ctx: Context): Promise<void> {
  const household = await ctx.store.read();
  const accounts = household.accounts.map(summarize).sort(byListingOrder);
  const rows = accounts.map((account) => [account.name, account.kind, account.pinRequired ? 'yes' : 'no', account.restriction ?? '-']);
  // Hours are worked out only for --json, the one format that shows them; with none set, there is nothing to work out.
  const anyHours = household.accounts.some((account) => account.hours !== undefined);
  const allowed = ctx.io.json && anyHours ? allowedNow(ctx, household, ctx.clock.now()) : undefined;
  const byName = new Map(household.accounts.map((account) => [account.name, account]));
  const json = accounts.map((summary) => ({ ...summary, allowedNow: allowed?.get(byName.get(summary.name)!) ?? true }));
  await ctx.io.table(LIST_HEADERS, rows, json);
}

export const command: CommandSpec<undefined> = {
  description: 'every account: name, kind, whether a PIN is required, restriction (admin first, then by name)',
  help: 'On a terminal: a table. Piped: name, kind, PIN (yes/no), restriction (- for none), tab-separated, no header.',
  parse: () => undefined,
  run: listRun,
};
