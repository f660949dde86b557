import { requireAccount } from '../../domain/accounts.js';
import { cleared } from '../../domain/lockout.js';
import type { Context } from '../context.js';
import { proveAsRequired, stillAllowed, withProofs } from '../proof.js';
import { askNewPin, ensureCanAsk } from '../secrets.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PinSetOptions {
  name: string;
}

/** Asks: the proof the rules require (if any), then the new PIN twice. */
export async function pinSetRun(ctx: Context, opts: PinSetOptions): Promise<void> {
  await ensureCanAsk(ctx, `New PIN for ${opts.name}`);
  const seen = requireAccount(await ctx.store.read(), opts.name);
  const replaced = await withProofs(ctx, 'pin set', async (proofs) => {
    const proven = await proveAsRequired(proofs, 'pin set', seen);
    const pinHash = await ctx.hasher.hash((await askNewPin(ctx, seen.name))!);
    return ctx.store.update((household, audit) => {
      const account = stillAllowed(household, 'pin set', seen, proven);
      proofs.apply(household);
      const had = account.pinHash !== null;
      account.pinHash = pinHash;
      // The count was of guesses at the old PIN; a managed account's lockout ends with a new one too.
      account.failures.pin = cleared();
      audit.change({ command: 'pin set', account: account.name, outcome: 'ok', exit: 0, details: { replaced: had } });
      return had;
    });
  });
  ctx.io.result({ pinSet: seen.name, replaced }, `${replaced ? 'changed' : 'set'} the PIN of ${seen.name}`);
}

export const command: CommandSpec<PinSetOptions, [string]> = {
  description: 'set or change the PIN of an account',
  arguments: [{ name: '<name>', description: 'the account', completes: 'accounts' }],
  help: asks("the proof the rules require (the admin's or a member's current PIN; a member without a PIN: its password; a managed account: nothing), then the new PIN, new PIN again"),
  parse: ({ args: [name] }) => ({ name }),
  run: pinSetRun,
};
