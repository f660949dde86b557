import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';
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
