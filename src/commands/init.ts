import { noFailures, PLANS, SCHEMA_VERSION, validateEmail, type Household, type Plan } from '../domain/accounts.js';
import { validateNewName } from '../domain/names.js';
import type { Context } from './context.js';
import { newRecoveryCodes, showNewRecoveryCodes } from './recovery/codes.js';
import { askNewPassword, askNewPin, ensureCanAsk } from './secrets.js';
import { asks, type CommandSpec } from './spec.js';

export interface InitOptions {
  admin: string;
  email?: string;
  plan: Plan;
}

/**
 * Asks: admin password, again, PIN (empty for none), PIN again (only when one was given). Makes the
 * admin's ten recovery codes and prints them once, after the store is written.
 */
export async function initRun(ctx: Context, opts: InitOptions): Promise<void> {
  const admin = validateNewName(opts.admin);
  const email = opts.email === undefined ? null : validateEmail(opts.email);
  await ensureCanAsk(ctx, 'Admin password');
  await ctx.store.ensureAbsent();
  const password = await askNewPassword(ctx, `Password for ${admin}`);
  const pin = await askNewPin(ctx, admin, true);
  const [passwordHash, pinHash, recovery] = await Promise.all([
    ctx.hasher.hash(password),
    pin === undefined ? null : ctx.hasher.hash(pin),
    newRecoveryCodes(ctx),
  ]);
  const household: Household = {
    version: SCHEMA_VERSION,
    sequence: 0,
    plan: opts.plan,
    accounts: [{ name: admin, kind: 'admin', email, restriction: null, passwordHash, pinHash, failures: noFailures(), recoveryCodes: recovery.hashes }],
  };
  const path = await ctx.store.create(household, {
    command: 'init',
    account: admin,
    outcome: 'ok',
    exit: 0,
    details: { plan: opts.plan, pinRequired: pinHash !== null, recoveryCodes: recovery.codes.length },
  });
  showNewRecoveryCodes(
    ctx,
    admin,
    recovery.codes,
    { created: path, admin, plan: opts.plan, pinRequired: pinHash !== null },
    `created the household at ${path}: admin ${admin}, plan ${opts.plan}, ${pinHash ? 'with' : 'without'} a PIN`,
  );
}

export const command: CommandSpec<InitOptions, [], { admin: string; email?: string; plan: Plan }> = {
  description: 'create the household store; asks the admin password twice and an optional PIN',
  // commander marks no option as required in help: the usage line and the description say it.
  usage: '--admin <name> [options]',
  options: [
    { flags: '--admin <name>', description: "the admin's name (required)", required: true },
    { flags: '--email <address>', description: "the admin's e-mail address" },
    { flags: '--plan <plan>', description: 'the household plan', choices: PLANS, default: 'free' },
  ],
  help: asks('admin password, password again, PIN (empty for none), PIN again (only when one was given)'),
  parse: ({ flags }) => ({ admin: flags.admin, email: flags.email, plan: flags.plan }),
  run: initRun,
};
