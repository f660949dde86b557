import { ensureRoomFor, noFailures, RESTRICTIONS, summarize, type Account, type Household, type Restriction } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { validateNewName } from '../../domain/names.js';
import { ensureCanAddManaged } from '../../domain/rules.js';
import type { Context } from '../context.js';
import { newestKey, type Key } from '../../domain/keys.js';
import { keyFileChanged, keysFor, keysHeldNow, type KeyRing } from '../proof.js';
import { askNewPassword, ensureCanAsk } from '../secrets.js';
import { asks, type CommandSpec } from '../spec.js';

export type AddOptions = { name: string } & ({ kind: 'managed'; restriction: Restriction } | { kind: 'member' });

export async function addRun(ctx: Context, opts: AddOptions): Promise<void> {
  const name = validateNewName(opts.name);
  if (opts.kind === 'member') await ensureCanAsk(ctx, `Password for ${name}`);
  const check = (household: Household) => {
    if (opts.kind === 'managed') ensureCanAddManaged(household.plan);
    ensureRoomFor(household, name);
  };
  // A member's password is typed before the change: check first, so nobody types it for nothing.
  // The check under the lock is the one that counts.
  let passwordHash: string | null = null;
  let key: Key | undefined;
  let keyFile: string | undefined;
  let ring: KeyRing | null = null;
  if (opts.kind === 'member') {
    const household = await ctx.store.read();
    check(household);
    // The password is hashed with the newest key: a key file that cannot be read is 78 before it is typed.
    keyFile = household.keyFile;
    ring = await keysFor(ctx, keyFile, []);
    key = ring ? newestKey(ring.keys) : undefined;
    passwordHash = await ctx.hasher.hash(await askNewPassword(ctx, `Password for ${name}`), key?.bytes);
  }
  const account: Account = {
    name,
    kind: opts.kind,
    email: null,
    restriction: opts.kind === 'managed' ? opts.restriction : null,
    passwordHash,
    pinHash: null,
    ...(key === undefined ? {} : { passwordKeyId: key.id }),
    failures: noFailures(),
  };
  await ctx.store.update(async (household, audit) => {
    check(household);
    // The key file it was hashed for must still be the store's, and still hold the key.
    if (opts.kind === 'member' && household.keyFile !== keyFile) throw keyFileChanged();
    if (key !== undefined && !(await keysHeldNow(ctx, household, ring)).has(key.id)) throw keyFileChanged();
    household.accounts.push(account);
    audit.change({ command: 'users add', account: name, outcome: 'ok', exit: 0, details: { kind: opts.kind, restriction: summarize(account).restriction } });
  });
  const restriction = opts.kind === 'managed' && opts.restriction !== 'none' ? ` (restriction ${opts.restriction})` : '';
  ctx.io.result({ added: summarize(account) }, `added ${opts.kind} account ${name}${restriction}`);
}

export function addKind(flags: { managed?: boolean; member?: boolean; restriction?: string }): 'managed' | 'member' {
  if (flags.managed && flags.member) throw new HouseholdError('USAGE', 'choose one of --managed and --member, not both');
  if (!flags.managed && !flags.member) throw new HouseholdError('USAGE', 'say which kind of account: --managed or --member');
  if (flags.member && flags.restriction !== undefined) throw new HouseholdError('USAGE', '--restriction is only for --managed accounts');
  return flags.managed ? 'managed' : 'member';
}

export const command: CommandSpec<AddOptions, [string], { managed?: boolean; member?: boolean; restriction?: Restriction }> = {
  description: 'add a managed account (needs plan pass) or a member (asks a password twice)',
  arguments: [{ name: '<name>', description: 'the new account; 1-32 characters, unique without regard to case' }],
  options: [
    { flags: '--managed', description: 'a managed account: no password, no e-mail' },
    { flags: '--member', description: 'a member with a password of their own' },
    { flags: '--restriction <profile>', description: 'restriction profile of a managed account', choices: RESTRICTIONS },
  ],
  help: asks('with --member: password, password again; with --managed: nothing'),
  parse: ({ args: [name], flags }) => {
    const kind = addKind(flags);
    return kind === 'managed' ? { name, kind, restriction: flags.restriction ?? 'none' } : { name, kind };
  },
  run: addRun,
};
