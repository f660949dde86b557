import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';
import { passwordRecoverRun } from './recover.js';

export interface PasswordResetOptions {
  name: string;
  /** The admin's own forgotten password, proven by a recovery code (v3). */
  recoveryCode?: boolean;
}

/**
 * A member's forgotten password: the admin vouches with the admin's password (a counted proof of the
 * admin's), then the member's new password is typed twice. Refused on the admin, whom nobody can vouch
 * for (the admin's own way back is a recovery code: `--recovery-code`), and on managed accounts, which
 * have none.
 */
export async function passwordResetRun(ctx: Context, opts: PasswordResetOptions): Promise<void> {
  if (opts.recoveryCode) return passwordRecoverRun(ctx, { name: opts.name });
  const { seen } = await changeAccountWithProofs(ctx, {
    command: 'password reset',
    name: opts.name,
    needs: (_member, [admin]) => `${admin.account.name}'s password`,
    newSecret: { kind: 'password' },
    apply: (audit, member, [admin]) => audit.change({ command: 'password reset', account: member.name, outcome: 'ok', exit: 0, details: { vouchedBy: admin.account.name } }),
  });
  ctx.io.result({ passwordReset: seen.name }, `reset the password of ${seen.name}`);
}

export const command: CommandSpec<PasswordResetOptions, [string], { recoveryCode?: boolean }> = {
  description: "a member's forgotten password, vouched for by the admin's password; or the admin's, with a recovery code",
  arguments: [{ name: '<name>', description: 'the member (or the admin, with --recovery-code)', completes: 'accounts' }],
  options: [{ flags: '--recovery-code', description: "the admin's forgotten password, proven by one of the admin's recovery codes (used up)" }],
  help: `${asks("the admin's password, then the member's new password, new password again")}\nWith --recovery-code (the admin only): the recovery code, the new password, the new password again.\nWithout a code, nobody can vouch for the admin: the admin's way back is one of the recovery codes that init or household recovery codes printed.`,
  parse: ({ args: [name], flags }) => ({ name, recoveryCode: Boolean(flags.recoveryCode) }),
  run: passwordResetRun,
};
