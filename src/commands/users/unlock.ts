import { requireAccount, type LockoutKind, type SecretKind } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { shellWord } from '../../domain/text.js';
import { cleared } from '../../domain/lockout.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';

export interface UnlockOptions {
  name: string;
  pin: boolean;
  password: boolean;
}

const label: Record<LockoutKind, string> = { pin: 'PIN', password: 'password', recovery: 'recovery code' };

/** Clears failure counts, cooling-offs and the hard limit's disabling, like `faillock --reset`. */
export async function unlockRun(ctx: Context, opts: UnlockOptions): Promise<void> {
  const kinds = await ctx.store.update((household, audit) => {
    const account = requireAccount(household, opts.name);
    const hasPassword = account.kind !== 'managed';
    if (opts.password && !hasPassword) {
      throw new HouseholdError('INVALID_CHANGE', `${account.name} is a managed account: it has no password to unlock`, (household) => `${household} users unlock ${shellWord(account.name)} --pin`);
    }
    const named = opts.pin || opts.password;
    const chosen: LockoutKind[] = named ? (['pin', 'password'] as SecretKind[]).filter((kind) => opts[kind]) : hasPassword ? ['pin', 'password'] : ['pin'];
    // With neither named, the admin's recovery code failures too, once there are any (v3).
    if (!named && account.failures.recovery !== undefined) chosen.push('recovery');
    for (const kind of chosen) account.failures[kind] = cleared();
    audit.change({ command: 'users unlock', account: account.name, outcome: 'ok', exit: 0, details: { kinds: chosen } });
    return { name: account.name, chosen };
  });
  ctx.io.result({ unlocked: kinds.name, kinds: kinds.chosen }, `cleared the ${kinds.chosen.map((kind) => label[kind]).join(' and ')} failures of ${kinds.name}`);
}

export const command: CommandSpec<UnlockOptions, [string], { pin?: boolean; password?: boolean }> = {
  description: 'clear failure counts, cooling-off and disabling (both kinds when neither is named; like faillock --reset)',
  arguments: [{ name: '<name>', description: 'the account', completes: 'accounts' }],
  options: [
    { flags: '--pin', description: 'the PIN failures' },
    { flags: '--password', description: 'the password failures' },
  ],
  parse: ({ args: [name], flags }) => ({ name, pin: Boolean(flags.pin), password: Boolean(flags.password) }),
  run: unlockRun,
};
