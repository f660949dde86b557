import { requireAccount, type Account, type Household, type SecretKind } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { cleared, ensureNotCoolingOff, withFailure, wrongSecretError } from '../../domain/lockout.js';
import { validatePinFormat } from '../../domain/pin.js';
import { requiredProof, type PinAction } from '../../domain/rules.js';
import type { Context } from '../../cli/context.js';

/** A proof that was checked against the store as read, to be applied under the lock. */
export interface Verified {
  kind: SecretKind;
  /** The hash it matched: if the account holds another one by the time of the write, it changed. */
  hash: string;
  /** A fresh hash of the same secret when the stored one has older parameters (password proofs only). */
  upgraded: string | null;
}

const hashField = { pin: 'pinHash', password: 'passwordHash' } as const;

export function proofLabel(account: Account, kind: SecretKind): string {
  return kind === 'pin' ? `${account.name}'s current PIN` : `${account.name}'s password`;
}

/**
 * Asks for one proof and checks it: cooling-off first (75, not counted), then the format of a PIN (65,
 * not counted), then one argon2 verify. A wrong one is counted under the lock and refused (77).
 */
export async function prove(ctx: Context, account: Account, kind: SecretKind): Promise<Verified> {
  ensureNotCoolingOff(account.name, kind, account.failures[kind], ctx.clock.now());
  const secret = await ctx.prompter.secret({ message: proofLabel(account, kind) });
  if (kind === 'pin') validatePinFormat(secret, proofLabel(account, kind));
  const hash = account[hashField[kind]];
  if (hash === null) throw new Error(`asked for a ${kind} proof of ${account.name}, who has none`);
  if (!(await ctx.hasher.verify(hash, secret))) {
    const after = await ctx.store.update((household) => {
      const current = requireAccount(household, account.name);
      current.failures[kind] = withFailure(current.failures[kind], ctx.clock.now());
      return current.failures[kind];
    });
    throw wrongSecretError(account.name, kind, after);
  }
  // A PIN proof is always followed by the PIN's replacement or removal, so only a password is re-hashed.
  const upgraded = kind === 'password' && (await ctx.hasher.needsRehash(hash)) ? await ctx.hasher.hash(secret) : null;
  return { kind, hash, upgraded };
}

/** The proof a change needs, asked and checked; undefined when the rules ask for nothing. */
export async function proveFor(ctx: Context, action: PinAction, account: Account): Promise<Verified | undefined> {
  const proof = requiredProof(action, account);
  switch (proof.kind) {
    case 'nothing':
      return undefined;
    case 'current-pin':
      return prove(ctx, account, 'pin');
    case 'password':
      return prove(ctx, account, 'password');
    case 'new-pin-then-password':
      // pin reset asks the new PIN before the password, so it calls prove() itself.
      throw new Error('pin reset proves itself');
    case 'refused':
      throw refusal(action, account, proof.rule);
  }
}

export function refusal(action: PinAction, account: Account, rule: string): HouseholdError {
  return new HouseholdError('REFUSED', `refused: ${action} on ${account.name}: ${rule}`);
}

/**
 * Under the lock: the account as it is now, provided nothing that the proof rested on changed while
 * the person was typing (its secrets, its kind, or which proof the rules ask for).
 */
export function stillProven(household: Household, action: PinAction, seen: Account, verified: Verified | undefined): Account {
  const current = requireAccount(household, seen.name);
  const changed =
    current.kind !== seen.kind ||
    current.pinHash !== seen.pinHash ||
    current.passwordHash !== seen.passwordHash ||
    requiredProof(action, current).kind !== requiredProof(action, seen).kind;
  if (changed && (verified !== undefined || requiredProof(action, current).kind !== 'nothing')) {
    throw new HouseholdError('ACCOUNT_CHANGED', `the account ${seen.name} changed while you were typing; try again`, 'nothing was changed');
  }
  if (verified) {
    current.failures[verified.kind] = cleared();
    if (verified.upgraded && current[hashField[verified.kind]] === verified.hash) {
      current[hashField[verified.kind]] = verified.upgraded;
    }
  }
  return current;
}
