import { adminOf, requireAccount } from '../../domain/accounts.js';
import { cleared } from '../../domain/lockout.js';
import { ensureAllowed } from '../../domain/rules.js';
import type { Context } from '../context.js';
import { stillAllowed, withProofs } from '../proof.js';
import { askNewPassword, ensureCanAsk } from '../secrets.js';
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
  const household = await ctx.store.read();
  const seen = requireAccount(household, opts.name);
  ensureAllowed('password reset', seen);
  const admin = adminOf(household);
  await ensureCanAsk(ctx, `${admin.name}'s password`);
  await withProofs(ctx, 'password reset', async (proofs) => {
    await proofs.prove(admin, 'password', { label: `${admin.name}'s password (the admin's, to reset ${seen.name}'s)`, details: { for: seen.name } });
    const passwordHash = await ctx.hasher.hash(await askNewPassword(ctx, `New password for ${seen.name}`));
    await ctx.store.update((current, audit) => {
      const member = stillAllowed(current, 'password reset', seen, true);
      proofs.apply(current);
      member.passwordHash = passwordHash;
      member.failures.password = cleared();
      audit.change({ command: 'password reset', account: member.name, outcome: 'ok', exit: 0, details: { vouchedBy: admin.name } });
    });
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
