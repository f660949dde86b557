import { findAccount, type Account, type Household } from '../../domain/accounts.js';
import type { AuditDraft } from '../../domain/audit.js';
import { HouseholdError } from '../../domain/errors.js';
import { NO_PIN_HASH, validatePinFormat } from '../../domain/pin.js';
import { shellWord } from '../../domain/text.js';
import type { Context } from '../context.js';
import { changeWithProofs } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';
import { ensureWithinHours } from '../hours/allowed.js';

export interface PinVerifyOptions {
  name: string;
  /**
   * The name came from PAM_USER (pam_exec), not from the command line: whoever sits at a login prompt
   * chose it, so a refusal must not tell them whether the account exists or has a PIN.
   */
  fromPam?: boolean;
  /** Refuse (77 NO_PIN) an account that has no PIN instead of letting it through. */
  requirePin: boolean;
}

const COMMAND = 'pin verify';

/** Outcomes that are logged here; the proof's own (wrong, cooling off, disabled) are logged as it records them. */
const LOGGED_HERE = new Set(['INVALID_PIN', 'INVALID_INPUT', 'INTERRUPTED', 'INPUT_ENDED', 'ACCOUNT_CHANGED', 'NO_PIN']);

function line(account: string | null, outcome: string, exit: number, details: Record<string, unknown>): AuditDraft {
  return { command: COMMAND, account, outcome, exit, details };
}

/**
 * Whether a PIN is right, for another program (a kiosk, a script, PAM's pam_exec): exit 0 when it is
 * (or when the account has none and no PIN is required), and every verify leaves a line in the audit log.
 * A right PIN clears the account's PIN failures, in a write of its own.
 */
export async function pinVerifyRun(ctx: Context, opts: PinVerifyOptions): Promise<void> {
  const household = await ctx.store.read();
  if (opts.fromPam) return pamVerify(ctx, household, opts);
  const account = findAccount(household, opts.name);
  if (!account) {
    const error = new HouseholdError('NO_ACCOUNT', `no account named ${opts.name}`, (household) => `${household} users list shows every account`);
    // Not the name typed: at a login prompt a password typed into the name field would end up in the log.
    await ctx.store.update((_household, audit) => audit.event(line(null, error.code, error.exitCode, {})));
    throw error;
  }
  // Outside its hours the account is refused before any PIN is asked: nothing typed, nothing counted.
  await ensureWithinHours(ctx, household, account, COMMAND);
  await verifyAccount(ctx, household, account, opts.requirePin, `PIN for ${account.name}`);
}

async function verifyAccount(ctx: Context, household: Household, account: Account, requirePin: boolean, label: string): Promise<void> {
  try {
    if (account.pinHash === null) {
      if (requirePin) throw new HouseholdError('NO_PIN', `${account.name} has no PIN, and --require-pin was given`, (household) => `set one with: ${household} pin set ${shellWord(account.name)}`);
      await ctx.store.update((_household, audit) => audit.event(line(account.name, 'ok', 0, { pinRequired: false })));
      ctx.io.result({ verified: account.name, pinRequired: false }, `${account.name} has no PIN; nothing to verify`);
      return;
    }
    await verifyPin(ctx, household.keyFile, account, label);
  } catch (error) {
    if (error instanceof HouseholdError && LOGGED_HERE.has(error.code)) {
      await ctx.store.update((_household, audit) => audit.event(line(account.name, error.code, error.exitCode, { pinRequired: account.pinHash !== null })));
    }
    throw error;
  }
  ctx.io.result({ verified: account.name, pinRequired: true }, `${account.name}'s PIN is right`);
}

async function verifyPin(ctx: Context, keyFile: string | undefined, account: Account, label: string): Promise<void> {
  await changeWithProofs(ctx, {
    command: COMMAND,
    keyFile,
    // Nothing is changed: the attempt is taken back in a write of its own, with the line that says so.
    accounts: [],
    // pam_exec writes nothing at all for an empty answer: a PIN of the wrong form (65), not missing input.
    proofs: [{ account, kind: 'pin', label, endIsEmpty: true, formatLabel: 'the PIN' }],
    apply: (_household, audit) => audit.event(line(account.name, 'ok', 0, { pinRequired: true })),
  });
}

/**
 * The account PAM_USER names: spelled as stored, up to case (`KID1` is kid1), and nothing looser than
 * that. Two system users are two people: a fullwidth `ｋｉｄ１` is another login than `kid1`, and must
 * not share its PIN, as `users` commands' wider sameness (NFKC) would have it.
 */
/**
 * The account a command for PAM names: NAME when given, else $PAM_USER (pam_exec names the account only
 * in its environment); 64 when neither says.
 */
export function accountNamed(name: string | undefined, env: Readonly<Record<string, string | undefined>>): { name: string; fromPam: boolean } {
  const account = name ?? (env.PAM_USER || undefined);
  if (account === undefined) throw new HouseholdError('USAGE', 'name the account (or run it from pam_exec, which sets PAM_USER)');
  return { name: account, fromPam: name === undefined };
}

export function pamAccount(household: Household, user: string): Account | undefined {
  const key = user.toLowerCase();
  return household.accounts.find((account) => account.name.toLowerCase() === key);
}

/**
 * Through PAM the person at the prompt chose the name, and whatever we print is shown to them: a
 * refusal for want of a right PIN reads the same for a wrong PIN, an unknown account and (with
 * --require-pin) an account without a PIN. It names the account as PAM_USER spelled it, and says
 * nothing of tries left, which an unknown account would not have. The audit log keeps what it was.
 */
export function pamRefusal(user: string): HouseholdError {
  return new HouseholdError('WRONG_PIN', `wrong PIN for ${user}`);
}

async function pamVerify(ctx: Context, household: Household, opts: PinVerifyOptions): Promise<void> {
  const label = `PIN for ${opts.name}`;
  const account = pamAccount(household, opts.name);
  if (account) await ensureWithinHours(ctx, household, account, COMMAND);
  if (!account || (account.pinHash === null && opts.requirePin)) return refuseUnchecked(ctx, account, label, opts.name);
  try {
    await verifyAccount(ctx, household, account, opts.requirePin, label);
  } catch (error) {
    // The proof has logged the wrong PIN with its count; the person is told no more than pamRefusal says.
    if (error instanceof HouseholdError && error.code === 'WRONG_PIN') throw pamRefusal(opts.name);
    throw error;
  }
}

/**
 * PAM named an account with no PIN to check the answer against (none by that name, or one without a
 * PIN where one is required). It is answered as a wrong PIN is, after the same question, the same
 * format check and the same argon2 run (against NO_PIN_HASH), so neither the words nor the time tell
 * which it was. Logged with the account when there is one, never with the name as PAM spelled it: at a
 * login prompt a password typed into the name field would end up in the log.
 */
async function refuseUnchecked(ctx: Context, account: Account | undefined, label: string, user: string): Promise<never> {
  const name = account?.name ?? null;
  const details = account ? { pinRequired: false } : { noSuchAccount: true };
  try {
    const pin = await ctx.prompter.secret({ message: label, endIsEmpty: true });
    validatePinFormat(pin, 'the PIN');
    await ctx.hasher.verify(NO_PIN_HASH, pin);
  } catch (error) {
    if (error instanceof HouseholdError && LOGGED_HERE.has(error.code)) {
      await ctx.store.update((_household, audit) => audit.event(line(name, error.code, error.exitCode, details)));
    }
    throw error;
  }
  const refusal = pamRefusal(user);
  await ctx.store.update((_household, audit) => audit.event(line(name, account ? 'NO_PIN' : refusal.code, refusal.exitCode, details)));
  throw refusal;
}

export const command: CommandSpec<PinVerifyOptions, [string | undefined], { requirePin?: boolean }> = {
  description: 'check a PIN for another program: exit 0 right, 77 wrong or refused, 75 cooling off',
  arguments: [{ name: '[name]', description: 'the account (default: $PAM_USER, as pam_exec sets it)', completes: 'accounts' }],
  options: [{ flags: '--require-pin', description: 'refuse an account without a PIN (77) instead of letting it through' }],
  help: `${asks('the PIN (nothing when the account has none)')}\nA wrong PIN is counted like any other. For PAM (pam_exec with expose_authtok), the recipe is in the man page, under PAM: man household.`,
  parse: ({ args: [name], flags, env }) => ({ ...accountNamed(name, env), requirePin: Boolean(flags.requirePin) }),
  run: pinVerifyRun,
};
