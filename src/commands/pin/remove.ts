import { requireAccount, type Account, type Household } from '../../domain/accounts.js';
import type { AuditRecorder } from '../../domain/audit.js';
import { HouseholdError } from '../../domain/errors.js';
import { cleared } from '../../domain/lockout.js';
import type { Context } from '../context.js';
import { changeWithProofs, proofsRequired, setHash, type ProofRequest } from '../proof.js';
import { asks, type CommandSpec } from '../spec.js';

export interface PinRemoveOptions {
  names: string[];
  allManaged: boolean;
}

export interface PinRemoveResult {
  removed: string[];
  unchanged: string[];
}

/** The named accounts in the order given, then (with --all-managed) every other managed one; 67 for an unknown name. */
function targetsIn(household: Household, opts: PinRemoveOptions): Account[] {
  const targets: Account[] = [];
  const add = (account: Account) => {
    if (!targets.includes(account)) targets.push(account);
  };
  for (const name of opts.names) add(requireAccount(household, name));
  if (opts.allManaged) household.accounts.filter((account) => account.kind === 'managed').forEach(add);
  return targets;
}

function removeAll(targets: Account[], audit: AuditRecorder): PinRemoveResult {
  const result: PinRemoveResult = { removed: [], unchanged: [] };
  for (const account of targets) {
    if (account.pinHash === null) {
      result.unchanged.push(account.name);
      continue;
    }
    result.removed.push(account.name);
    setHash(account, 'pin', null, undefined);
    // Nothing is left to guess: the count of guesses at the removed PIN goes with it.
    account.failures.pin = cleared();
  }
  // One line for the one change, naming the account when there is only one.
  const account = targets.length === 1 ? targets[0].name : null;
  audit.change({ command: 'pin remove', account, outcome: 'ok', exit: 0, details: { ...result } });
  return result;
}

/**
 * All or nothing, and idempotent. When no target needs a proof (the cron job's case) it is one lock,
 * one read and one write. Otherwise the proofs are asked, in the order the names were given, with no
 * lock held, and the change is made in a second locked read-modify-write.
 */
export async function pinRemoveRun(ctx: Context, opts: PinRemoveOptions): Promise<void> {
  if (opts.names.length === 0 && !opts.allManaged) {
    throw new HouseholdError('USAGE', 'name at least one account, or pass --all-managed');
  }
  const first = await ctx.store.update((household, audit) => {
    const targets = targetsIn(household, opts);
    const proofs = targets.flatMap((account) => proofsRequired('pin remove', account, household));
    // One clone, so that each proof's account is its target's.
    if (proofs.length > 0) return { needsProofs: structuredClone({ targets, proofs, keyFile: household.keyFile }) };
    return { done: removeAll(targets, audit) };
  });
  const result = first.done ?? (await removeWithProofs(ctx, opts, first.needsProofs!));
  report(ctx, result);
}

async function removeWithProofs(ctx: Context, opts: PinRemoveOptions, seen: { targets: Account[]; proofs: ProofRequest[]; keyFile: string | undefined }): Promise<PinRemoveResult> {
  return changeWithProofs(ctx, {
    command: 'pin remove',
    accounts: seen.targets,
    // In the order the names were given.
    proofs: seen.proofs,
    keyFile: seen.keyFile,
    apply: (household, audit, current) => {
      const extra = opts.allManaged ? targetsIn(household, { names: [], allManaged: true }).filter((account) => !current.includes(account)) : [];
      return removeAll([...current, ...extra], audit);
    },
  });
}

function report(ctx: Context, result: PinRemoveResult): void {
  const parts: string[] = [];
  if (result.removed.length) parts.push(`removed the PIN of ${result.removed.join(', ')}`);
  if (result.unchanged.length) parts.push(`unchanged (no PIN): ${result.unchanged.join(', ')}`);
  // No account at all: only --all-managed without names can find none (a name not found is 67 before).
  if (parts.length === 0) parts.push('no managed accounts; nothing to change');
  ctx.io.result(result, parts.join('; '));
}

export const command: CommandSpec<PinRemoveOptions, [string[]], { allManaged?: boolean }> = {
  description: 'remove PINs; an account without one is reported unchanged',
  arguments: [{ name: '[names...]', description: 'the accounts', completes: 'accounts' }],
  options: [{ flags: '--all-managed', description: 'also every managed account' }],
  help: `${asks('for each named admin or member that has a PIN, in the order named, its current PIN; managed accounts need nothing')}\nAll or nothing: an unknown name or a wrong PIN removes no PIN at all.`,
  parse: ({ args: [names], flags }) => ({ names, allManaged: Boolean(flags.allManaged) }),
  run: pinRemoveRun,
};
