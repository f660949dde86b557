import { requireAccount } from '../../domain/accounts.js';
import type { Context } from '../context.js';
import { ensureHasHours } from './grant.js';
import type { CommandSpec } from '../spec.js';

export interface HoursRevokeOptions {
  name: string;
}

/** Ends a grant; idempotent (an account without one is left as it is, exit 0). */
export async function hoursRevokeRun(ctx: Context, opts: HoursRevokeOptions): Promise<void> {
  const { name, had } = await ctx.store.update((household, audit) => {
    const account = requireAccount(household, opts.name);
    ensureHasHours(account);
    // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN, never after now; the test says what is meant
    const had = account.grantUntil !== undefined && Date.parse(account.grantUntil) > ctx.clock.now();
    delete account.grantUntil;
    audit.change({ command: 'hours revoke', account: account.name, outcome: 'ok', exit: 0, details: { hadGrant: had } });
    return { name: account.name, had };
  });
  ctx.io.result({ revoked: name }, had ? `ended the grant of ${name}: its hours apply again` : `${name} has no grant in force; its hours apply`);
}

export const command: CommandSpec<HoursRevokeOptions, [string]> = {
  description: "end a managed account's grant (nothing to do when it has none)",
  arguments: [{ name: '<name>', description: 'a managed account with hours', completes: 'accounts' }],
  parse: ({ args: [name] }) => ({ name }),
  run: hoursRevokeRun,
};
