import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PinResetOptions {
  name: string;
}

/**
 * A forgotten PIN: asks the new PIN twice, then the account's password. Only the password's lockout
 * applies, so this stays the way back while the PIN is cooling off or disabled; it clears both.
 */
export async function pinResetRun(ctx: Context, opts: PinResetOptions): Promise<void> {
  const { seen } = await changeAccountWithProofs(ctx, {
    command: 'pin reset',
    name: opts.name,
    needs: (account) => `New PIN for ${account.name}`,
    // The new PIN's format before the password is spent: a typo costs no password attempt.
    newSecret: { kind: 'pin', first: true },
    apply: (audit, account) => audit.change({ command: 'pin reset', account: account.name, outcome: 'ok', exit: 0, details: {} }),
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
