import type { Context } from '../context.js';
import { changeAccountWithProofs } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PasswordSetOptions {
  name: string;
}

/** Like passwd: the current password (a counted proof), then the new one twice. Refused on managed accounts. */
export async function passwordSetRun(ctx: Context, opts: PasswordSetOptions): Promise<void> {
  const { seen } = await changeAccountWithProofs(ctx, {
    command: 'password set',
    name: opts.name,
    needs: (account) => `${account.name}'s current password`,
    newSecret: { kind: 'password', notTheProvenOne: true },
    apply: (audit, account) => audit.change({ command: 'password set', account: account.name, outcome: 'ok', exit: 0, details: {} }),
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
