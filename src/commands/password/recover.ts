import { requireAccount } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { recoveryCodesLeft } from '../../domain/recovery.js';
import { shellWord } from '../../domain/text.js';
import type { Context } from '../context.js';
import { changeWithProofs } from '../proof.js';
import { ensureCanAsk } from '../secrets.js';

export interface PasswordRecoverOptions {
  name: string;
}

/**
 * `password reset ADMIN --recovery-code`: the way back for a forgotten admin password. Asks the recovery
 * code, then the new password twice; the code is a counted proof of its own kind (`recovery`), and is
 * used up in the write that sets the password. Clears the admin's password failures, a disabled password
 * too. The audit line names the code's number (1-10), never the code.
 */
export async function passwordRecoverRun(ctx: Context, opts: PasswordRecoverOptions): Promise<void> {
  const household = await ctx.store.read();
  const seen = requireAccount(household, opts.name);
  // Refusals that need no typing come before any question of how to ask (77 before 64).
  if (seen.kind !== 'admin') {
    throw new HouseholdError(
      'REFUSED',
      `refused: password reset --recovery-code on ${seen.name}: recovery codes are the admin's; ${seen.kind === 'managed' ? 'a managed account has no password' : "a member's password is reset with the admin's password"}`,
      seen.kind === 'member' ? (household) => `${household} password reset ${shellWord(seen.name)}` : undefined,
    );
  }
  if (recoveryCodesLeft(seen) === 0) {
    throw new HouseholdError('REFUSED', `refused: ${seen.name} has no recovery codes left`, (household) => `while the password is known, ${household} recovery codes makes a new set`);
  }
  await ensureCanAsk(ctx, `a recovery code for ${seen.name}`);
  const left = await changeWithProofs(ctx, {
    command: 'password reset',
    accounts: [seen],
    proofs: [{ account: seen, kind: 'recovery' }],
    // The codes are checked with the key their set names; the new password is hashed with the newest.
    keyFile: household.keyFile,
    newSecret: { kind: 'password' },
    apply: (_household, audit, [admin], used) => {
      audit.change({ command: 'password reset', account: admin.name, outcome: 'ok', exit: 0, details: { recoveryCode: used.recoveryCode } });
      // The code is used up by now (in this same write).
      return recoveryCodesLeft(admin);
    },
  });
  ctx.io.result({ passwordReset: seen.name }, `reset the password of ${seen.name} with a recovery code, now used up; ${left} ${left === 1 ? 'code is' : 'codes are'} left`);
}
