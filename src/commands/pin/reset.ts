import { requireAccount } from '../../domain/accounts.js';
import { cleared } from '../../domain/lockout.js';
import { ensureAllowed } from '../../domain/rules.js';
import type { Context } from '../context.js';
import { stillAllowed, withProofs } from '../proof.js';
import { askNewPin, ensureCanAsk } from '../secrets.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PinResetOptions {
  name: string;
}

/**
 * A forgotten PIN: asks the new PIN twice, then the account's password. Only the password's lockout
 * applies, so this stays the way back while the PIN is cooling off or disabled; it clears both.
 */
export async function pinResetRun(ctx: Context, opts: PinResetOptions): Promise<void> {
  const seen = requireAccount(await ctx.store.read(), opts.name);
  // A rule's refusal needs no typing: it comes before any question of how to ask.
  ensureAllowed('pin reset', seen);
  await ensureCanAsk(ctx, `New PIN for ${seen.name}`);
  await withProofs(ctx, 'pin reset', async (proofs) => {
    // Cooling-off comes before anything is typed; the new PIN's format before the password is spent.
    await proofs.ensureCheckable(seen, 'password');
    const pin = (await askNewPin(ctx, seen.name))!;
    await proofs.prove(seen, 'password');
    const pinHash = await ctx.hasher.hash(pin);
    await ctx.store.update((household, audit) => {
      const account = stillAllowed(household, 'pin reset', seen, true);
      proofs.apply(household);
      account.pinHash = pinHash;
      account.failures.pin = cleared();
      audit.change({ command: 'pin reset', account: account.name, outcome: 'ok', exit: 0, details: {} });
    });
  });
  ctx.io.result({ pinReset: seen.name }, `reset the PIN of ${seen.name}`);
}

export const command: CommandSpec<PinResetOptions, [string]> = {
  description: 'forgotten PIN: set a new one, proven by the account password',
  arguments: [{ name: '<name>', description: 'the admin or a member', completes: 'accounts' }],
  help: asks('new PIN, new PIN again, then the account password'),
  parse: ({ args: [name] }) => ({ name }),
  run: pinResetRun,
};
