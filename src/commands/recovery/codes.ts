import { adminOf, type Account } from '../../domain/accounts.js';
import type { Key } from '../../domain/keys.js';
import { recoveryCodesLeft, showRecoveryCode } from '../../domain/recovery.js';
import { shellWord } from '../../domain/text.js';
import type { Context } from '../context.js';
import { changeWithProofs } from '../proof.js';
import { ensureCanAsk } from '../secrets.js';
import { asks, type CommandSpec } from '../spec.js';

/** A new set of recovery codes: the codes, to be shown once, and their argon2id hashes, to be stored. */
export interface NewRecoveryCodes {
  codes: string[];
  hashes: string[];
  /** The key every hash of the set was made with; undefined in a store without a key file. */
  keyId: string | undefined;
}

/**
 * Ten new codes and their hashes, made with `key` (the newest of the store's key file) when the store
 * has one, so that a copy of the store alone lets nobody test guesses at them offline.
 */
export async function newRecoveryCodes(ctx: Context, key: Key | undefined): Promise<NewRecoveryCodes> {
  const codes = await ctx.codes.recoveryCodes();
  const hashes = await Promise.all(codes.map((code) => ctx.hasher.hash(code, key?.bytes, 'code')));
  return { codes, hashes, keyId: key?.id };
}

/**
 * Gives the admin the set `made` (every earlier code gone), with the id of its key. A set made without
 * one is made in a store without a key file, whose codes never name a key (the schema sees to it).
 */
export function setRecoveryCodes(admin: Account, made: NewRecoveryCodes): void {
  admin.recoveryCodes = made.hashes;
  // Stryker disable next-line ConditionalExpression: a recoveryKeyId of undefined is never written (JSON leaves it out); the test says what is meant
  if (made.keyId !== undefined) admin.recoveryKeyId = made.keyId;
}

/**
 * The one place a code is ever printed, right after the store holding its hash was written: with --json
 * in the command's object on stdout (`recoveryCodes`), else the confirmation, the codes and a line
 * saying to keep them apart, on stderr (so init's stdout stays as scripts know it).
 */
export function showNewRecoveryCodes(ctx: Context, admin: string, codes: string[], jsonValue: Record<string, unknown>, line: string): void {
  const shown = codes.map(showRecoveryCode);
  ctx.io.result({ ...jsonValue, recoveryCodes: shown }, line);
  ctx.io.note(`Recovery codes for ${admin}, each good for one reset of the admin's password (household password reset ${shellWord(admin)} --recovery-code):`);
  for (const code of shown) ctx.io.note(`  ${code}`);
  ctx.io.note('Keep them apart from this server (on paper, or in a password manager): they are not shown again.');
}

/**
 * `recovery codes`: proven by the admin's password (the one flow of proof.ts), makes ten new codes with
 * the newest key (so a set made before the store had a key is replaced by a keyed one), revokes every
 * earlier one in the same write, and prints the new ones once.
 */
export async function recoveryCodesRun(ctx: Context): Promise<void> {
  const household = await ctx.store.read();
  const seen = adminOf(household);
  await ensureCanAsk(ctx, `${seen.name}'s password`);
  let made: NewRecoveryCodes | undefined;
  const admin = await changeWithProofs(ctx, {
    command: 'recovery codes',
    accounts: [seen],
    proofs: [{ account: seen, kind: 'password' }],
    keyFile: household.keyFile,
    prepare: async (newest) => {
      made = await newRecoveryCodes(ctx, newest);
    },
    apply: (_household, audit, [current]) => {
      const revoked = recoveryCodesLeft(current);
      setRecoveryCodes(current, made!);
      audit.change({ command: 'recovery codes', account: current.name, outcome: 'ok', exit: 0, details: { generated: made!.hashes.length, revoked } });
      return current.name;
    },
  });
  showNewRecoveryCodes(ctx, admin, made!.codes, {}, `made ten new recovery codes for ${admin}; every earlier one is revoked`);
}

export const command: CommandSpec<undefined> = {
  description: "print ten new recovery codes, once, and revoke every earlier one (asks the admin's password)",
  help: `${asks("the admin's password")}\nThe codes go to stderr (with --json: {"recoveryCodes": [...]} on stdout); keep them apart from this server.`,
  parse: () => undefined,
  run: recoveryCodesRun,
};
