import { adminOf, failuresOf, findAccount, requireAccount, type Account, type Household, type LockoutKind, type SecretKind } from '../domain/accounts.js';
import type { AuditDraft, AuditRecorder } from '../domain/audit.js';
import { HouseholdError } from '../domain/errors.js';
import { keyFileUnusable, newestKey, type Key } from '../domain/keys.js';
import { boundedCoolingOff, checkRefusal, cleared, recordAttempt, wrongSecretError } from '../domain/lockout.js';
import { validatePinFormat } from '../domain/pin.js';
import { normalizeRecoveryCode, unusedRecoveryCodes } from '../domain/recovery.js';
import { ensureAllowed, requiredProof, type Action } from '../domain/rules.js';
import type { Context } from './context.js';
import { askNewPassword, askNewPin, ensureCanAsk } from './secrets.js';

/**
 * The one flow of every command that checks a secret (`pin set`, `pin remove`, `pin reset`, `pin verify`,
 * `password set`, `password reset`). A command describes what it proves and what it changes (a
 * `SecretChange`); `changeWithProofs` runs it in the order the lockout depends on:
 *
 * 1. before any prompt, the store's key file is read when a hash is to be checked or made with it, and
 *    a hash whose key cannot be had (no file, an unsafe one, no key with its id) is refused (78), with
 *    nothing counted; then a proof that is cooling off or disabled is refused (75 / 77), without asking;
 * 2. the secrets are asked (a new one before the proofs where the rules say so: `pin reset`);
 * 3. once a proof's secret is typed, its attempt is recorded as a failure under the lock (checking the
 *    cooling-off and the hard limit again), and only then does argon2 run, with no lock held; if the
 *    attempt cannot be recorded (the lock is not had in 15 s, the disk is full), the secret is never
 *    checked, so a right and a wrong one get the same exit code;
 * 4. under the lock of the change, the accounts are checked again ("the account changed while you were
 *    typing", 75), each right secret's attempt is taken back in that same write (its hash made again
 *    with the newest key, or today's parameters, when it was made without them), and the change is made;
 * 5. a right secret whose change did not happen (a mismatched new PIN, Ctrl+C, a change in between) is
 *    taken back in a write of its own; a wrong one stays counted.
 *
 * A recovery code (v3: `password reset ADMIN --recovery-code`) is a proof like the others, of its own
 * kind for the lockout, and needs the key its set was made with as a PIN or password needs its own: its
 * attempt is recorded first; argon2 then runs against each unused code's hash (at most ten); and the code
 * that matched is used up in the write of the change, under the lock, which refuses it if it was used
 * (or revoked) meanwhile: of any number of processes given one code, at most one changes anything.
 */

/** One proof a command asks: whose secret, of which kind, and how it is asked. */
export interface ProofRequest {
  account: Account;
  kind: LockoutKind;
  /** The prompt; by default "alice's current PIN" or "bob's password". */
  label?: string;
  /** Added to the audit lines of this proof's refusals and failures. */
  details?: Record<string, unknown>;
  /** With --stdin, the end of input is an empty answer (pam_exec writes nothing for one). */
  endIsEmpty?: boolean;
  /** How a PIN of the wrong form is named in its 65; by default the label. */
  formatLabel?: string;
}

/** What a command proves and what it changes; `changeWithProofs` owns the order. */
export interface SecretChange<R> {
  /** The command, as the rules table and the audit log name it (`recovery codes` is in no rules table: always proven). */
  command: Action | 'recovery codes';
  /**
   * The accounts the change is to, as read before anything was typed (the first one gets the new
   * secret). Under the lock each must still be as the proofs found it (`stillAllowed`).
   */
  accounts: Account[];
  /** The proofs, in the order they are asked (`proofsRequired` gives the rules table's). */
  proofs: ProofRequest[];
  /** The store's key file, as read with the accounts: every hash checked or made needs its keys. */
  keyFile: string | undefined;
  /**
   * A new secret for the first account, typed twice. `first`: asked before the proofs, so a typo in it
   * costs no attempt (`pin reset`). It replaces the account's secret of its kind after `apply`, and the
   * count of guesses at the old one goes with it.
   */
  newSecret?: { kind: SecretKind; first?: boolean; notTheProvenOne?: boolean };
  /**
   * Slow work for the change (argon2 of new recovery codes), once every proof is right, before its lock;
   * `newest`: the key new hashes are made with (undefined for a store without a key file).
   */
  prepare?: (newest: Key | undefined) => Promise<void>;
  /**
   * The change, synchronous and under the lock, on the accounts as they are now (in the order of
   * `accounts`), with the line it writes to the audit log. Its result is the command's. `used.recoveryCode`:
   * the number (1-10) of the recovery code proven, now used up, for the line; null without one.
   */
  apply(household: Household, audit: AuditRecorder, accounts: Account[], used: { recoveryCode: number | null }): R;
}

interface Proven {
  account: string;
  kind: LockoutKind;
  /** The hash the secret matched: if the account holds another by the time of the change, it changed. */
  hash: string;
  /**
   * A fresh hash of the same secret when the stored one was made without the newest key, or (passwords
   * only) with older parameters; with the id of the key it was made with.
   */
  upgraded: { hash: string; keyId: string | undefined } | null;
  /** The secret itself, only in memory: a new secret that equals it is no change (password set). */
  secret: string;
  /** For a recovery code: its number (1-10), the place of `hash` among the admin's codes; 0 for a PIN or password. */
  codeNumber: number;
  /** What the audit line of the proof says beside it. */
  details: Record<string, unknown>;
}

const hashField = { pin: 'pinHash', password: 'passwordHash' } as const;
/** What a secret of `kind` is called in messages and audit lines. */
function secretName(kind: LockoutKind): string {
  return { pin: 'PIN', password: 'password', recovery: 'recovery code' }[kind];
}

function proofLabel(account: Pick<Account, 'name'>, kind: LockoutKind): string {
  return kind === 'pin' ? `${account.name}'s current PIN` : kind === 'password' ? `${account.name}'s password` : `A recovery code for ${account.name}`;
}

/** The hashes a secret of `kind` may match, with the number of each (1-10 for recovery codes, 0 otherwise). */
function candidates(account: Account, kind: LockoutKind): Array<{ number: number; hash: string }> {
  if (kind === 'recovery') return unusedRecoveryCodes(account);
  const hash = account[hashField[kind]];
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: every caller asks for a secret the account has (check() refuses none first); the empty list is for the type
  return hash === null ? [] : [{ number: 0, hash }];
}

/** Where the id of the key is kept: beside each hash, and for recovery codes once for the whole set. */
const keyField = { pin: 'pinKeyId', password: 'passwordKeyId', recovery: 'recoveryKeyId' } as const;

/** Sets an account's hash of `kind` with the id of the key it was made with (none: the field goes). */
export function setHash(account: Account, kind: SecretKind, hash: string | null, keyId: string | undefined): void {
  account[hashField[kind]] = hash;
  // Every caller that removes a hash (null) gives no key id.
  // Stryker disable next-line ConditionalExpression: a key id assigned undefined is left out of the store's JSON as a deleted one is
  if (keyId === undefined) delete account[keyField[kind]];
  else account[keyField[kind]] = keyId;
}

/** The keys of the store's key file, or none for a store without one. */
export interface KeyRing {
  path: string;
  keys: Key[];
}

/**
 * Before anything is asked: the keys every hash to be checked or made needs. A store that names a key
 * file has it read (78 naming it when it is missing or unsafe), and every proof's hash must name a key
 * it holds; so a stolen store without its key file gets no secret checked, and nothing counted.
 */
export async function keysFor(ctx: Context, keyFile: string | undefined, proofs: ReadonlyArray<Pick<ProofRequest, 'account' | 'kind'>>): Promise<KeyRing | null> {
  if (keyFile === undefined) return null;
  const ring = { path: keyFile, keys: await ctx.keys.read(keyFile) };
  for (const { account, kind } of proofs) keyOf(ring, account, kind);
  return ring;
}

/** 75: the store's key file lost the key a hash was just made with, or the store names another one. */
export function keyFileChanged(): HouseholdError {
  return new HouseholdError('ACCOUNT_CHANGED', "the store's key file changed while you were typing; try again", 'nothing was changed');
}

/**
 * Under the store's lock, before a hash made with a key of `ring` is written: the ids of the keys the
 * store's key file holds now (key rotate and prune change it under the same lock). 75 when the store
 * names another key file than the one read.
 */
export async function keysHeldNow(ctx: Context, household: Household, ring: KeyRing | null): Promise<ReadonlySet<string>> {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only a keyed store makes a hash with a key, so ring is there
  if (ring === null || household.keyFile !== ring.path) throw keyFileChanged();
  return new Set((await ctx.keys.read(ring.path)).map((key) => key.id));
}

/**
 * The key the account's hash of `kind` (for recovery codes: their set) was made with; undefined for
 * hashes made without one.
 */
function keyOf(ring: KeyRing | null, account: Account, kind: LockoutKind): Key | undefined {
  const id = account[keyField[kind]];
  if (id === undefined) return undefined;
  // Stryker disable next-line OptionalChaining: the schema refuses a key id in a store without a key file, so ring is there
  const key = ring?.keys.find((candidate) => candidate.id === id);
  const made = kind === 'recovery' ? `${account.name}'s recovery codes were` : `${account.name}'s ${secretName(kind)} was`;
  // Stryker disable next-line ConditionalExpression,OptionalChaining,StringLiteral: the schema refuses a key id in a store without a key file, so ring is there
  if (!key) throw keyFileUnusable(ring?.path ?? '(none)', `it holds no key with the id ${id}, which ${made} made with`);
  return key;
}

/** The secrets of `kind` as stored, to tell whether they changed since `seen` was read. */
function secretsOf(account: Account, kind: SecretKind): string | null {
  return account[hashField[kind]];
}

/** The audit line of a proof that failed or was refused: never the secret, only its kind and the count. */
function proofLine(command: string, account: Pick<Account, 'name'>, kind: LockoutKind, error: HouseholdError, details: Record<string, unknown> = {}): AuditDraft {
  return {
    command,
    account: account.name,
    outcome: error.code,
    exit: error.exitCode,
    details: { proof: secretName(kind), ...details },
  };
}

/**
 * The proofs the rules table wants for `action` on `account` (77 when the table refuses it), in the
 * order they are asked. `household` is where `account` was read (the admin vouches in `password reset`).
 */
export function proofsRequired(action: Action, account: Account, household: Household): ProofRequest[] {
  const proof = ensureAllowed(action, account);
  switch (proof.kind) {
    case 'nothing':
      return [];
    case 'current-pin':
      return [{ account, kind: 'pin' }];
    case 'password':
    case 'new-pin-then-password':
      return [{ account, kind: 'password' }];
    case 'current-password':
      return [{ account, kind: 'password', label: `${account.name}'s current password` }];
    case 'admin-password-then-new': {
      const admin = adminOf(household);
      return [{ account: admin, kind: 'password', label: `${admin.name}'s password (the admin's, to reset ${account.name}'s)`, details: { for: account.name } }];
    }
  }
}

/** Runs `change`: refuse before asking, ask, record each attempt under the lock, check outside it, change. */
export async function changeWithProofs<R>(ctx: Context, change: SecretChange<R>): Promise<R> {
  // Every refusal that needs no typing comes before the first prompt: the keys first (nothing counted).
  // Every change proves a secret or makes one (or both): the key file is needed, or its absence is.
  const ring = await keysFor(ctx, change.keyFile, change.proofs);
  const proofs = new Proofs(ctx, change.command, ring);
  let completed = false;
  try {
    for (const request of change.proofs) await proofs.ensureCheckable(request.account, request.kind, request.details);
    let secret = change.newSecret?.first ? await askNewSecret(ctx, change) : undefined;
    for (const request of change.proofs) await proofs.prove(request);
    if (change.newSecret && !change.newSecret.first) secret = await askNewSecret(ctx, change);
    const newest = ring ? newestKey(ring.keys) : undefined;
    if (change.prepare) await change.prepare(newest);
    // A "change" to the secret just proven would say "changed" and change nothing a person meant.
    if (change.newSecret?.notTheProvenOne && proofs.isProven(change.accounts[0], change.newSecret.kind, secret)) {
      const name = change.accounts[0].name;
      throw new HouseholdError('INVALID_PASSWORD', `the new password is ${name}'s current one; nothing was changed`, 'choose a password other than the current one');
    }
    const newHash = secret === undefined ? null : await ctx.hasher.hash(secret, newest?.bytes);
    const result = await ctx.store.update(async (household, audit) => {
      // A recovery code used meanwhile by another process is that (77), whatever that process changed on
      // the account (its new password would otherwise read as "changed", 75).
      proofs.refuseCodesUsedMeanwhile(household);
      const accounts = change.accounts.map((seen) => stillAllowed(household, change.command, seen));
      // A new hash (or set of codes) made with the newest key is written only if the key file still holds
      // it: a key rotate and prune in between would otherwise leave a hash no key can check.
      const madeWithNewest = newest !== undefined && (newHash !== null || change.prepare !== undefined);
      const held = madeWithNewest || proofs.upgradesWithKey() ? await keysHeldNow(ctx, household, ring) : null;
      if (madeWithNewest && !held!.has(newest.id)) throw keyFileChanged();
      const used = proofs.apply(household, held);
      const outcome = change.apply(household, audit, accounts, used);
      if (newHash !== null) {
        const kind = change.newSecret!.kind;
        setHash(accounts[0], kind, newHash, newest?.id);
        accounts[0].failures[kind] = cleared();
      }
      return outcome;
    });
    completed = true;
    return result;
  } finally {
    await proofs.settle(completed);
  }
}

/** A change to one account, named on the command line, that gets a new secret. */
export interface AccountChange<R> {
  command: Action;
  /** As typed: found without regard to case. */
  name: string;
  /**
   * The secret a 64 names when nothing can be asked. A string when the command asks something whatever
   * the account (`pin set`: the new PIN), checked before the store is read; otherwise from the account
   * and its proofs, checked after the rules' refusal, which needs no typing (77 before 64).
   */
  needs: string | ((seen: Account, proofs: ProofRequest[]) => string);
  newSecret: NonNullable<SecretChange<R>['newSecret']>;
  /**
   * The change beside the new secret (its audit line), under the lock, on the account as it is now;
   * `proofs` as they were asked.
   */
  apply(audit: AuditRecorder, account: Account, proofs: ProofRequest[]): R;
}

/** Reads the account, asks what the rules table wants for the change, and makes it; returns the account as read. */
export async function changeAccountWithProofs<R>(ctx: Context, change: AccountChange<R>): Promise<{ seen: Account; result: R }> {
  if (typeof change.needs === 'string') await ensureCanAsk(ctx, change.needs);
  const household = await ctx.store.read();
  const seen = requireAccount(household, change.name);
  const proofs = proofsRequired(change.command, seen, household);
  if (typeof change.needs === 'function') await ensureCanAsk(ctx, change.needs(seen, proofs));
  const result = await changeWithProofs(ctx, {
    command: change.command,
    accounts: [seen],
    proofs,
    keyFile: household.keyFile,
    newSecret: change.newSecret,
    apply: (_household, audit, [account]) => change.apply(audit, account, proofs),
  });
  return { seen, result };
}

async function askNewSecret(ctx: Context, change: SecretChange<unknown>): Promise<string> {
  const name = change.accounts[0].name;
  return change.newSecret!.kind === 'pin' ? (await askNewPin(ctx, name))! : askNewPassword(ctx, `New password for ${name}`);
}

class Proofs {
  private readonly proven: Proven[] = [];
  // Stryker disable next-line BooleanLiteral: read only when the command completed, and every command that completes with proofs applies them in its last write
  private applied = false;
  /** A recovery code proven right but used or revoked by another command before the change: its refusal, for the log. */
  private usedMeanwhile: { proof: Proven; error: HouseholdError } | undefined;

  constructor(
    private readonly ctx: Context,
    /** The command, as the audit log names it: "pin remove". */
    private readonly command: string,
    /** The keys, read before anything was asked; null for a store without a key file. */
    private readonly ring: KeyRing | null,
  ) {}

  /** Before anything is typed: a proof that is cooling off or disabled is refused, and the refusal logged. */
  async ensureCheckable(account: Account, kind: LockoutKind, details?: Record<string, unknown>): Promise<void> {
    const now = this.ctx.clock.now();
    const refusal = checkRefusal(account, kind, failuresOf(account, kind), now);
    if (!refusal) return;
    await this.ctx.store.update((household, audit) => {
      const current = findAccount(household, account.name);
      if (current) current.failures[kind] = boundedCoolingOff(failuresOf(current, kind), now);
      audit.event(proofLine(this.command, account, kind, refusal, details));
    });
    throw refusal;
  }

  /** Asks for the secret `request` names and checks it; throws unless it is right. */
  async prove(request: ProofRequest): Promise<void> {
    const label = request.label ?? proofLabel(request.account, request.kind);
    const typed = await this.ctx.prompter.secret({ message: label, endIsEmpty: request.endIsEmpty });
    // A current PIN that is not 4 digits cannot be right: refused (65) without counting it; so is
    // anything that cannot be a recovery code, which is checked in the form its hash was made of.
    if (request.kind === 'pin') validatePinFormat(typed, request.formatLabel ?? label);
    const secret = request.kind === 'recovery' ? normalizeRecoveryCode(typed) : typed;
    await this.check(request.account, request.kind, secret, request.details);
  }

  /**
   * Records the attempt, then runs argon2 on `secret` against the hash `seen` had (for a recovery code,
   * against each unused code's hash: at most ten runs, side by side).
   */
  private async check(seen: Account, kind: LockoutKind, secret: string, details: Record<string, unknown> = {}): Promise<void> {
    const hashes = candidates(seen, kind);
    // Stryker disable next-line ConditionalExpression,StringLiteral: a guard against a caller's mistake (every caller asks for a secret the account has); no input reaches it
    if (hashes.length === 0) throw new Error(`asked for a ${kind} proof of ${seen.name}, who has none`);
    const recorded = await this.ctx.store.update((household, audit) => {
      const current = requireAccount(household, seen.name);
      // A PIN or password changed meanwhile is not the one typed against. Recovery codes used or revoked
      // meanwhile are not a change of that kind: the code typed is checked against the set as it was read,
      // and a match whose code is gone by the time of the change is refused then (77, logged).
      // Stryker disable next-line ConditionalExpression,StringLiteral: a recovery kind has no hash field, so secretsOf is undefined on both sides
      if (current.kind !== seen.kind || (kind !== 'recovery' && secretsOf(current, kind) !== secretsOf(seen, kind))) return { changed: true as const };
      const now = this.ctx.clock.now();
      const attempt = recordAttempt(current, kind, failuresOf(current, kind), now);
      if ('refusal' in attempt) {
        current.failures[kind] = boundedCoolingOff(failuresOf(current, kind), now);
        audit.event(proofLine(this.command, current, kind, attempt.refusal, details));
        return { refusal: attempt.refusal };
      }
      current.failures[kind] = attempt.after;
      return { after: attempt.after };
    });
    if ('changed' in recorded) throw accountChanged(seen.name);
    if ('refusal' in recorded) throw recorded.refusal;
    const key = keyOf(this.ring, seen, kind)?.bytes;
    const matches = await Promise.all(hashes.map((candidate) => this.ctx.hasher.verify(candidate.hash, secret, key)));
    const match = hashes.find((_, i) => matches[i]);
    if (!match) {
      const wrong = wrongSecretError(seen, kind, recorded.after);
      // The failure is counted already; the line says so. If it cannot be written, that is the error
      // (74), as it is for a right secret whose change cannot be logged: the two stay alike.
      await this.ctx.store.update((_household, audit) => audit.event(proofLine(this.command, seen, kind, wrong, { ...details, failures: recorded.after.count })));
      throw wrong;
    }
    const { hash } = match;
    // A PIN or password made without the newest key (or, a password, with older parameters) is made again
    // with it; recovery codes are used up, never made again.
    const newest = this.ring ? newestKey(this.ring.keys) : undefined;
    const rekey = kind !== 'recovery' && newest !== undefined && seen[keyField[kind]] !== newest.id;
    const upgrade = rekey || (kind === 'password' && (await this.ctx.hasher.needsRehash(hash)));
    const upgraded = upgrade ? { hash: await this.ctx.hasher.hash(secret, newest?.bytes), keyId: newest?.id } : null;
    this.proven.push({ account: seen.name, kind, hash, upgraded, secret, details, codeNumber: match.number });
  }

  /** Whether a proof's hash was made again with a key (so the write must find that key still held). */
  upgradesWithKey(): boolean {
    return this.proven.some((proof) => proof.upgraded?.keyId !== undefined);
  }

  /** Whether `secret` is the one proven right for the account's `kind`, with no second argon2 run. */
  isProven(account: Pick<Account, 'name'>, kind: LockoutKind, secret: string | undefined): boolean {
    // Stryker disable next-line MethodExpression,ConditionalExpression,LogicalOperator: its one caller, password set, proves the account's own password and nothing else (one proof, of that account and kind)
    return this.proven.some((proof) => proof.account === account.name && proof.kind === kind && proof.secret === secret);
  }

  /**
   * Under the lock of the change, before anything else is looked at: 77 when a recovery code proven right
   * was used or revoked meanwhile (its refusal logged by `settle`).
   */
  refuseCodesUsedMeanwhile(household: Household): void {
    const gone = this.proven.find((proof) => proof.kind === 'recovery' && provenAccount(household, proof) === undefined);
    if (!gone) return;
    this.usedMeanwhile = { proof: gone, error: codeUsedMeanwhile() };
    throw this.usedMeanwhile.error;
  }

  /**
   * Under the lock of the change the proofs allow, after `refuseCodesUsedMeanwhile`: takes each attempt
   * back (its count to 0, its cooling-off cleared), upgrades old password hashes and uses up a recovery
   * code. Throws 75 when a proven secret changed since it was checked; the attempts are then taken back
   * by `settle`. Returns the recovery code's number.
   */
  apply(household: Household, held: ReadonlySet<string> | null): { recoveryCode: number | null } {
    const accounts = this.proven.map((proof) => {
      const current = provenAccount(household, proof);
      if (!current) throw accountChanged(proof.account);
      return current;
    });
    let recoveryCode: number | null = null;
    this.proven.forEach((proof, i) => {
      accounts[i].failures[proof.kind] = cleared();
      if (proof.kind === 'recovery') {
        // Used up in the same write as the change it proves: it never works again.
        accounts[i].recoveryCodes![proof.codeNumber - 1] = null;
        recoveryCode = proof.codeNumber;
        // Stryker disable next-line OptionalChaining: held is null only when no proof was made again with a key (upgradesWithKey), and only such a proof reads it
      } else if (proof.upgraded && (proof.upgraded.keyId === undefined || held?.has(proof.upgraded.keyId))) {
        // Made again with the key only if the key file still holds it (else the hash stays as it was).
        setHash(accounts[i], proof.kind, proof.upgraded.hash, proof.upgraded.keyId);
      }
    });
    this.applied = true;
    return { recoveryCode };
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
      await this.ctx.store.update((household, audit) => {
        for (const proof of this.proven) {
          // A recovery code used or revoked meanwhile was right when it was checked: no guess to count.
          const current = provenAccount(household, proof) ?? (proof === this.usedMeanwhile?.proof ? findAccount(household, proof.account) : undefined);
          if (current) current.failures[proof.kind] = cleared();
        }
        // Each failed try at a recovery code is audited, this one too: which code, never the code.
        if (this.usedMeanwhile) {
          const { proof, error } = this.usedMeanwhile;
          audit.event(proofLine(this.command, { name: proof.account }, proof.kind, error, { ...proof.details, recoveryCode: proof.codeNumber }));
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
 * hash the secret matched (a recovery code: always by its hash, in its place among the codes): a rename
 * changes neither the person nor the secret, so the proof still holds and a right secret is still taken
 * back.
 */
function provenAccount(household: Household, proof: Proven): Account | undefined {
  if (proof.kind === 'recovery') {
    // Still unused: the place of the code holds the hash it matched (null once used, another once revoked).
    // Only the admin has codes, and each hash is salted: the account that holds it is the admin, renamed or not.
    return household.accounts.find((account) => account.recoveryCodes?.[proof.codeNumber - 1] === proof.hash);
  }
  const field = hashField[proof.kind];
  const named = household.accounts.find((account) => account.name === proof.account);
  if (named) return named[field] === proof.hash ? named : undefined;
  return household.accounts.find((account) => account[field] === proof.hash);
}

function codeUsedMeanwhile(): HouseholdError {
  return new HouseholdError('REFUSED', 'that recovery code was used or revoked by another command meanwhile; nothing was changed', (household) => `${household} recovery status says how many codes are left`);
}

function accountChanged(name: string): HouseholdError {
  return new HouseholdError('ACCOUNT_CHANGED', `the account ${name} changed while you were typing; try again`, 'nothing was changed');
}

/**
 * Under the lock: the account as it is now, provided the change is still allowed by what was proven
 * while the person typed. If its secrets or its kind changed meanwhile (the proof the rules ask for
 * depends on nothing else), a change that needed a proof stops (75), and so does one that needed none
 * but that the rules would now want a proof for.
 */
function stillAllowed(household: Household, action: Action | 'recovery codes', seen: Account): Account {
  const current = requireAccount(household, seen.name);
  const changed =
    current.kind !== seen.kind ||
    current.pinHash !== seen.pinHash ||
    current.passwordHash !== seen.passwordHash;
  if (changed && (action === 'recovery codes' || requiredProof(action, seen).kind !== 'nothing' || requiredProof(action, current).kind !== 'nothing')) throw accountChanged(seen.name);
  return current;
}
