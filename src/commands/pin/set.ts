import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';

export interface PinSetOptions {
  name: string;
}

/** Asks: the proof the rules require (if any), then the new PIN twice. */
export async function pinSetRun(ctx: Context, opts: PinSetOptions): Promise<void> {
  const { seen, result: replaced } = await changeAccountWithProofs(ctx, {
    command: 'pin set',
    name: opts.name,
    // Every pin set asks the new PIN: 64 before the store is read.
    needs: `New PIN for ${opts.name}`,
    // The new PIN ends the count of guesses at the old one: a managed account's lockout ends with it too.
    newSecret: { kind: 'pin' },
    apply: (audit, account) => {
      const had = account.pinHash !== null;
      audit.change({ command: 'pin set', account: account.name, outcome: 'ok', exit: 0, details: { replaced: had } });
      return had;
    },
  });
  ctx.io.result({ pinSet: seen.name, replaced }, `${replaced ? 'changed' : 'set'} the PIN of ${seen.name}`);
}
