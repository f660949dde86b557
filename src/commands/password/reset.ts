import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PasswordResetOptions {
  name: string;
}

/**
 * A member's forgotten password: the admin vouches with the admin's password (a counted proof of the
 * admin's), then the member's new password is typed twice. Refused on the admin, whom nobody can vouch
 * for, and on managed accounts, which have none.
 */
export async function passwordResetRun(ctx: Context, opts: PasswordResetOptions): Promise<void> {
  const { seen } = await changeAccountWithProofs(ctx, {
    command: 'password reset',
    name: opts.name,
    needs: (_member, [admin]) => `${admin.account.name}'s password`,
    newSecret: { kind: 'password' },
    apply: (audit, member, [admin]) => audit.change({ command: 'password reset', account: member.name, outcome: 'ok', exit: 0, details: { vouchedBy: admin.account.name } }),
  });
  ctx.io.result({ passwordReset: seen.name }, `reset the password of ${seen.name}`);
}

export const command: CommandSpec<PasswordResetOptions, [string]> = {
  description: "a member's forgotten password, vouched for by the admin's password",
  arguments: [{ name: '<name>', description: 'the member', completes: 'accounts' }],
  help: `${asks("the admin's password, then the member's new password, new password again")}\nThe admin's own password cannot be reset: nobody can vouch for the admin.`,
  parse: ({ args: [name] }) => ({ name }),
  run: passwordResetRun,
};
