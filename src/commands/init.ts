import { noFailures, PLANS, SCHEMA_VERSION, validateEmail, type Household, type Plan } from '../domain/accounts.js';
import { validateNewName } from '../domain/names.js';
import type { Context } from './context.js';
import { discardUnlessNamed, KEY_OPTION, keyPath } from './key/usage.js';
import { newRecoveryCodes, showNewRecoveryCodes } from './recovery/codes.js';
import { askNewPassword, askNewPin, ensureCanAsk } from './secrets.js';
import { asks, type CommandSpec } from './spec.js';

export interface InitOptions {
  admin: string;
  email?: string;
  plan: Plan;
  /** Where the key file goes (absolute); by default `$XDG_CONFIG_HOME/household/<store file name>.key`. */
  key?: string;
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
  const keyFile = opts.key ?? ctx.keys.defaultPath(await ctx.store.location());
  await ctx.keys.ensureAbsent(keyFile);
  const password = await askNewPassword(ctx, `Password for ${admin}`);
  const pin = await askNewPin(ctx, admin, true);
  // The key file is made once the secrets are typed (nothing to clean up after a typo), and taken back
  // if the store cannot be made.
  // Stryker disable next-line ArrayDeclaration: the ids a new key must not take; a made-up string is no key id, so none is taken either way
  const key = await ctx.keys.generate([]);
  await ctx.keys.create(keyFile, [key]);
  let path: string;
  let pinHash: string | null;
  let recovery: Awaited<ReturnType<typeof newRecoveryCodes>>;
  try {
    const [passwordHash, madePinHash, madeRecovery] = await Promise.all([
      ctx.hasher.hash(password, key.bytes),
      pin === undefined ? null : ctx.hasher.hash(pin, key.bytes),
      newRecoveryCodes(ctx, key),
    ]);
    pinHash = madePinHash;
    recovery = madeRecovery;
    const household: Household = {
      version: SCHEMA_VERSION,
      sequence: 0,
      plan: opts.plan,
      // Allowed hours are wall-clock times in this zone; `household timezone ZONE` changes it.
      timeZone: ctx.zones.machine(),
      accounts: [{
        name: admin,
        kind: 'admin',
        email,
        restriction: null,
        passwordHash,
        pinHash,
        ...(pinHash === null ? {} : { pinKeyId: key.id }),
        passwordKeyId: key.id,
        failures: noFailures(),
        recoveryCodes: recovery.hashes,
        recoveryKeyId: key.id,
      }],
      keyFile,
    };
    path = await ctx.store.create(household, {
      command: 'init',
      account: admin,
      outcome: 'ok',
      exit: 0,
      details: { plan: opts.plan, pinRequired: pinHash !== null, recoveryCodes: recovery.codes.length, keyFile, keyId: key.id },
    });
  } catch (error) {
    await discardUnlessNamed(ctx, keyFile);
    throw error;
  }
  showNewRecoveryCodes(
    ctx,
    admin,
    recovery.codes,
    { created: path, admin, plan: opts.plan, pinRequired: pinHash !== null },
    `created the household at ${path}: admin ${admin}, plan ${opts.plan}, ${pinHash ? 'with' : 'without'} a PIN`,
  );
}

export const command: CommandSpec<InitOptions, [], { admin: string; email?: string; plan: Plan; key?: string }> = {
  description: 'create the household store; asks the admin password twice and an optional PIN',
  // commander marks no option as required in help: the usage line and the description say it.
  usage: '--admin <name> [options]',
  options: [
    { flags: '--admin <name>', description: "the admin's name (required)", required: true },
    { flags: '--email <address>', description: "the admin's e-mail address" },
    { flags: '--plan <plan>', description: 'the household plan', choices: PLANS, default: 'free' },
    KEY_OPTION,
  ],
  help: asks('admin password, password again, PIN (empty for none), PIN again (only when one was given)'),
  parse: ({ flags, cwd }) => ({ admin: flags.admin, email: flags.email, plan: flags.plan, key: keyPath(flags.key, cwd) }),
  run: initRun,
};
