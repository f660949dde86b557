import { findAccount } from '../../domain/accounts.js';
import type { AuditDraft } from '../../domain/audit.js';
import { HouseholdError } from '../../domain/errors.js';
import type { Context } from '../context.js';
import { accountNamed, pamAccount, pamRefusal } from '../pin/verify.js';
import { ensureWithinHours, hoursReport } from './allowed.js';
import type { CommandSpec } from '../spec.js';

export interface HoursCheckOptions {
  name: string;
  /** The name came from PAM_USER (pam_exec's account phase), not from the command line. */
  fromPam?: boolean;
}

const COMMAND = 'hours check';

/**
 * Whether an account may be used now, for PAM's account phase: 0 allowed (also an account without
 * hours), 77 OUTSIDE_HOURS. Reads no secret. An allowed check is a read and writes nothing; a refusal
 * leaves its line in the audit log.
 */
export async function hoursCheckRun(ctx: Context, opts: HoursCheckOptions): Promise<void> {
  const household = await ctx.store.read();
  const account = opts.fromPam ? pamAccount(household, opts.name) : findAccount(household, opts.name);
  if (!account) {
    // Through PAM an unknown account is answered as pin verify answers it: like a wrong PIN, so the
    // person at the login prompt learns nothing of which accounts exist. Never logged by the name typed.
    const error = opts.fromPam ? pamRefusal(opts.name) : new HouseholdError('NO_ACCOUNT', `no account named ${opts.name}`, (household) => `${household} users list shows every account`);
    const line: AuditDraft = { command: COMMAND, account: null, outcome: error.code, exit: error.exitCode, details: opts.fromPam ? { noSuchAccount: true } : {} };
    await ctx.store.update((_household, audit) => audit.event(line));
    throw error;
  }
  await ensureWithinHours(ctx, household, account, COMMAND);
  const { view } = hoursReport(ctx, household, account, ctx.clock.now());
  ctx.io.result({ account: account.name, allowedNow: true, nextChange: view.nextChange }, `${account.name} may use the account now`);
}

export const command: CommandSpec<HoursCheckOptions, [string | undefined]> = {
  description: "whether an account may be used now: exit 0 allowed, 77 outside its hours (for PAM's account phase)",
  arguments: [{ name: '[name]', description: 'the account (default: $PAM_USER, as pam_exec sets it)', completes: 'accounts' }],
  help: 'Reads no secret. For PAM: an account line running it with pam_exec (no expose_authtok); the recipe is in the man page, under PAM: man household.',
  parse: ({ args: [name], env }) => accountNamed(name, env),
  run: hoursCheckRun,
};
