import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';

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

export const command: CommandSpec<PinSetOptions, [string]> = {
  description: 'set or change the PIN of an account',
  arguments: [{ name: '<name>', description: 'the account', completes: 'accounts' }],
  help: asks("the proof the rules require (the admin's or a member's current PIN; a member without a PIN: its password; a managed account: nothing), then the new PIN, new PIN again"),
  parse: ({ args: [name] }) => ({ name }),
  run: pinSetRun,
};
