import { requireAccount } from '../../domain/accounts.js';
import { cleared } from '../../domain/lockout.js';
import { ensureAllowed } from '../../domain/rules.js';
import type { Context } from '../context.js';
import { proveAsRequired, stillAllowed, withProofs } from '../proof.js';
import { askNewPassword, ensureCanAsk } from '../secrets.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PasswordSetOptions {
  name: string;
}

/** Like passwd: the current password (a counted proof), then the new one twice. Refused on managed accounts. */
export async function passwordSetRun(ctx: Context, opts: PasswordSetOptions): Promise<void> {
  const seen = requireAccount(await ctx.store.read(), opts.name);
  // A rule's refusal needs no typing: it comes before any question of how to ask.
  ensureAllowed('password set', seen);
  await ensureCanAsk(ctx, `${seen.name}'s current password`);
  await withProofs(ctx, 'password set', async (proofs) => {
    await proveAsRequired(proofs, 'password set', seen);
    const passwordHash = await ctx.hasher.hash(await askNewPassword(ctx, `New password for ${seen.name}`));
    await ctx.store.update((household, audit) => {
      const account = stillAllowed(household, 'password set', seen, true);
      proofs.apply(household);
      account.passwordHash = passwordHash;
      account.failures.password = cleared();
      audit.change({ command: 'password set', account: account.name, outcome: 'ok', exit: 0, details: {} });
    });
  });
  ctx.io.result({ passwordSet: seen.name }, `changed the password of ${seen.name}`);
}

export const command: CommandSpec<PasswordSetOptions, [string]> = {
  description: 'change the password of the admin or a member',
  arguments: [{ name: '<name>', description: 'the admin or a member', completes: 'accounts' }],
  help: asks('current password, new password, new password again'),
  parse: ({ args: [name] }) => ({ name }),
  run: passwordSetRun,
};
