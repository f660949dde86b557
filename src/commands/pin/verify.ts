import { findAccount, type Account } from '../../domain/accounts.js';
import type { AuditDraft } from '../../domain/audit.js';
import { HouseholdError } from '../../domain/errors.js';
import { validatePinFormat } from '../../domain/pin.js';
import { shellWord } from '../../domain/text.js';
import type { Context } from '../context.js';
import { withProofs } from '../proof.js';
import { ensureCanAsk } from '../secrets.js';

export interface PinVerifyOptions {
  name: string;
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
  const account = findAccount(await ctx.store.read(), opts.name);
  if (!account) {
    const error = new HouseholdError('NO_ACCOUNT', `no account named ${opts.name}`, (household) => `${household} users list shows every account`);
    // Not the name typed: at a login prompt a password typed into the name field would end up in the log.
    await ctx.store.update((_household, audit) => audit.event(line(null, error.code, error.exitCode, {})));
    throw error;
  }
  try {
    if (account.pinHash === null) {
      if (opts.requirePin) throw new HouseholdError('NO_PIN', `${account.name} has no PIN, and --require-pin was given`, (household) => `set one with: ${household} pin set ${shellWord(account.name)}`);
      await ctx.store.update((_household, audit) => audit.event(line(account.name, 'ok', 0, { pinRequired: false })));
      ctx.io.result({ verified: account.name, pinRequired: false }, `${account.name} has no PIN; nothing to verify`);
      return;
    }
    await verifyPin(ctx, account);
  } catch (error) {
    if (error instanceof HouseholdError && LOGGED_HERE.has(error.code)) {
      await ctx.store.update((_household, audit) => audit.event(line(account.name, error.code, error.exitCode, { pinRequired: account.pinHash !== null })));
    }
    throw error;
  }
  ctx.io.result({ verified: account.name, pinRequired: true }, `${account.name}'s PIN is right`);
}

async function verifyPin(ctx: Context, account: Account): Promise<void> {
  await withProofs(ctx, COMMAND, async (proofs) => {
    await proofs.ensureCheckable(account, 'pin');
    await ensureCanAsk(ctx, `PIN for ${account.name}`);
    const label = `PIN for ${account.name}`;
    const pin = await ctx.prompter.secret({ message: label });
    validatePinFormat(pin, 'the PIN');
    await proofs.check(account, 'pin', pin);
    // Its own write: the attempt taken back, and the line that says the PIN was right.
    await ctx.store.update((household, audit) => {
      proofs.apply(household);
      audit.event(line(account.name, 'ok', 0, { pinRequired: true }));
    });
  });
}
