import { findAccount, requireAccount, type Account, type Household, type SecretKind } from '../domain/accounts.js';
import type { AuditDraft } from '../domain/audit.js';
import { HouseholdError } from '../domain/errors.js';
import { boundedCoolingOff, checkRefusal, cleared, recordAttempt, wrongSecretError } from '../domain/lockout.js';
import { validatePinFormat } from '../domain/pin.js';
import { ensureAllowed, requiredProof, type Action } from '../domain/rules.js';
import type { Context } from './context.js';

/**
 * Proofs of a secret (a PIN, a password), checked so that no number of parallel or waiting processes
 * gets more secrets checked than the lockout allows:
 *
 * 1. before any prompt, a proof that is cooling off or disabled is refused (75 / 77), without asking;
 * 2. once the secret is typed, the attempt is recorded as a failure under the lock (checking the
 *    cooling-off and the hard limit again), and only then does argon2 run, with no lock held;
 * 3. a right secret takes the attempt back in the same locked write as the change it proves (`apply`),
 *    or in a write of its own if the command stops first (`settle`); a wrong one stays counted.
 *
 * If the attempt cannot be recorded (the lock is not had in 15 s, the disk is full), the secret is never
 * checked, so a right and a wrong one get the same exit code.
 */
interface Proven {
  account: string;
  kind: SecretKind;
  /** The hash the secret matched: if the account holds another by the time of the change, it changed. */
  hash: string;
  /** A fresh hash of the same secret when the stored one has older parameters (passwords only). */
  upgraded: string | null;
  /** The secret itself, only in memory: a new secret that equals it is no change (password set). */
  secret: string;
}

const hashField = { pin: 'pinHash', password: 'passwordHash' } as const;
const secretName: Record<SecretKind, string> = { pin: 'PIN', password: 'password' };

export function proofLabel(account: Pick<Account, 'name'>, kind: SecretKind): string {
  return kind === 'pin' ? `${account.name}'s current PIN` : `${account.name}'s password`;
}

/** The audit line of a proof that failed or was refused: never the secret, only its kind and the count. */
export function proofLine(command: string, account: Account, kind: SecretKind, error: HouseholdError, details: Record<string, unknown> = {}): AuditDraft {
  return {
    command,
    account: account.name,
    outcome: error.code,
    exit: error.exitCode,
    details: { proof: secretName[kind], ...details },
  };
}

export class Proofs {
  private readonly proven: Proven[] = [];
  // Stryker disable next-line BooleanLiteral: read only when the command completed, and every command that completes with proofs applies them in its last write
  private applied = false;

  constructor(
    private readonly ctx: Context,
    /** The command, as the audit log names it: "pin remove". */
    private readonly command: string,
  ) {}

  /** Before anything is typed: a proof that is cooling off or disabled is refused, and the refusal logged. */
  async ensureCheckable(account: Account, kind: SecretKind, details?: Record<string, unknown>): Promise<void> {
    const now = this.ctx.clock.now();
    const refusal = checkRefusal(account, kind, account.failures[kind], now);
    if (!refusal) return;
    await this.ctx.store.update((household, audit) => {
      const current = findAccount(household, account.name);
      if (current) current.failures[kind] = boundedCoolingOff(current.failures[kind], now);
      audit.event(proofLine(this.command, account, kind, refusal, details));
    });
    throw refusal;
  }

  /** Asks for `account`'s secret of `kind` (by `label`) and checks it; throws unless it is right. */
  async prove(account: Account, kind: SecretKind, options: { label?: string; details?: Record<string, unknown> } = {}): Promise<void> {
    await this.ensureCheckable(account, kind, options.details);
    const label = options.label ?? proofLabel(account, kind);
    const secret = await this.ctx.prompter.secret({ message: label });
    // A current PIN that is not 4 digits cannot be right: refused (65) without counting it.
    if (kind === 'pin') validatePinFormat(secret, label);
    await this.check(account, kind, secret, options.details);
  }

  /** Records the attempt, then runs argon2 on `secret` against the hash `seen` had. */
  async check(seen: Account, kind: SecretKind, secret: string, details: Record<string, unknown> = {}): Promise<void> {
    const hash = seen[hashField[kind]];
    // Stryker disable next-line ConditionalExpression,StringLiteral: a guard against a caller's mistake (every caller asks for a secret the account has); no input reaches it
    if (hash === null) throw new Error(`asked for a ${kind} proof of ${seen.name}, who has none`);
    const recorded = await this.ctx.store.update((household, audit) => {
      const current = requireAccount(household, seen.name);
      if (current.kind !== seen.kind || current[hashField[kind]] !== hash) return { changed: true as const };
      const now = this.ctx.clock.now();
      const attempt = recordAttempt(current, kind, current.failures[kind], now);
      if ('refusal' in attempt) {
        current.failures[kind] = boundedCoolingOff(current.failures[kind], now);
        audit.event(proofLine(this.command, current, kind, attempt.refusal, details));
        return { refusal: attempt.refusal };
      }
      current.failures[kind] = attempt.after;
      return { after: attempt.after };
    });
    if ('changed' in recorded) throw accountChanged(seen.name);
    if ('refusal' in recorded) throw recorded.refusal;
    if (!(await this.ctx.hasher.verify(hash, secret))) {
      const wrong = wrongSecretError(seen, kind, recorded.after);
      // The failure is counted already; the line says so. If it cannot be written, that is the error
      // (74), as it is for a right secret whose change cannot be logged: the two stay alike.
      await this.ctx.store.update((_household, audit) => audit.event(proofLine(this.command, seen, kind, wrong, { ...details, failures: recorded.after.count })));
      throw wrong;
    }
    const upgraded = kind === 'password' && (await this.ctx.hasher.needsRehash(hash)) ? await this.ctx.hasher.hash(secret) : null;
    this.proven.push({ account: seen.name, kind, hash, upgraded, secret });
  }

  /** Whether `secret` is the one proven right for the account's `kind`, with no second argon2 run. */
  isProven(account: Pick<Account, 'name'>, kind: SecretKind, secret: string): boolean {
    return this.proven.some((proof) => proof.account === account.name && proof.kind === kind && proof.secret === secret);
  }

  /**
   * Under the lock of the change the proofs allow: takes each attempt back (its count to 0, its
   * cooling-off cleared) and upgrades old password hashes. Throws 75 when a proven secret changed since
   * it was checked; the attempts are then taken back by `settle`.
   */
  apply(household: Household): void {
    const accounts = this.proven.map((proof) => {
      const current = provenAccount(household, proof);
      if (!current) throw accountChanged(proof.account);
      return current;
    });
    this.proven.forEach((proof, i) => {
      accounts[i].failures[proof.kind] = cleared();
      if (proof.upgraded) accounts[i][hashField[proof.kind]] = proof.upgraded;
    });
    this.applied = true;
  }

  /**
   * After the command, whatever happened: a right secret whose change did not happen (a mismatched new
   * PIN, Ctrl+C, a change in between, a change whose write failed) is still taken back, in a write of its
   * own. If even that cannot be written, the attempt stays counted, which is the safe side.
   * `completed`: the command ran to its end, so a write that applied the proofs landed. Otherwise
   * `apply` may have run in a write that then failed (the log or the store could not be written).
   */
  async settle(completed: boolean): Promise<void> {
    if ((completed && this.applied) || this.proven.length === 0) return;
    try {
      await this.ctx.store.update((household) => {
        for (const proof of this.proven) {
          const current = provenAccount(household, proof);
          if (current) current.failures[proof.kind] = cleared();
        }
      });
    } catch {
      // counted it stays
    }
  }
}

/**
 * The account a proof was of, as the household holds it now, or undefined if its secret changed. It is
 * found by its name or, when no account has that name any more (renamed while the person typed), by the
 * hash the secret matched: a rename changes neither the person nor the secret, so the proof still holds
 * and a right secret is still taken back.
 */
function provenAccount(household: Household, proof: Proven): Account | undefined {
  const field = hashField[proof.kind];
  const named = household.accounts.find((account) => account.name === proof.account);
  if (named) return named[field] === proof.hash ? named : undefined;
  return household.accounts.find((account) => account[field] === proof.hash);
}

export function accountChanged(name: string): HouseholdError {
  return new HouseholdError('ACCOUNT_CHANGED', `the account ${name} changed while you were typing; try again`, 'nothing was changed');
}

/** Runs `body` with a fresh set of proofs, settling them however it ends. */
export async function withProofs<T>(ctx: Context, command: string, body: (proofs: Proofs) => Promise<T>): Promise<T> {
  const proofs = new Proofs(ctx, command);
  let completed = false;
  try {
    const result = await body(proofs);
    completed = true;
    return result;
  } finally {
    await proofs.settle(completed);
  }
}

/**
 * Under the lock: the account as it is now, provided the change is still allowed by what was proven
 * while the person typed. If its secrets or its kind changed meanwhile (the proof the rules ask for
 * depends on nothing else), a proven change stops (75), and so does an unproven one that the rules would
 * now want a proof for.
 */
export function stillAllowed(household: Household, action: Action, seen: Account, proven: boolean): Account {
  const current = requireAccount(household, seen.name);
  const changed =
    current.kind !== seen.kind ||
    current.pinHash !== seen.pinHash ||
    current.passwordHash !== seen.passwordHash;
  if (changed && (proven || requiredProof(action, current).kind !== 'nothing')) throw accountChanged(seen.name);
  return current;
}

/**
 * Asks and checks the proof the rules table wants for `action` on `account` (77 when the table refuses
 * it). Returns whether anything was proven. `pin reset` and `password reset` ask in their own order.
 */
export async function proveAsRequired(proofs: Proofs, action: Action, account: Account): Promise<boolean> {
  const proof = ensureAllowed(action, account);
  switch (proof.kind) {
    case 'nothing':
      return false;
    case 'current-pin':
      await proofs.prove(account, 'pin');
      return true;
    case 'password':
      await proofs.prove(account, 'password');
      return true;
    case 'current-password':
      await proofs.prove(account, 'password', { label: `${account.name}'s current password` });
      // Stryker disable next-line BooleanLiteral: only password set asks for this proof, and it does not look at the answer
      return true;
    // Stryker disable next-line ConditionalExpression,StringLiteral: a guard against a caller's mistake: pin reset and password reset ask in their own order and never come here
    default:
      // Stryker disable next-line StringLiteral: see above
      throw new Error(`${action} asks for its proofs in its own order`);
  }
}
