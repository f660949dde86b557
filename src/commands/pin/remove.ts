import { requireAccount, type Account, type Household } from '../../domain/accounts.js';
import { HouseholdError } from '../../domain/errors.js';
import { ensureNotCoolingOff } from '../../domain/lockout.js';
import { requiredProof } from '../../domain/rules.js';
import type { Context } from '../../cli/context.js';
import { proveFor, stillProven, type Verified } from './proof.js';

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

function removeAll(targets: Account[]): PinRemoveResult {
  const result: PinRemoveResult = { removed: [], unchanged: [] };
  for (const account of targets) {
    (account.pinHash === null ? result.unchanged : result.removed).push(account.name);
    account.pinHash = null;
  }
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
  const first = await ctx.store.update((household) => {
    const targets = targetsIn(household, opts);
    if (targets.some((account) => requiredProof('pin remove', account).kind !== 'nothing')) {
      return { needsProof: structuredClone(targets) };
    }
    return { done: removeAll(targets) };
  });
  const result = first.done ?? (await removeWithProofs(ctx, opts, first.needsProof!));
  report(ctx, result, opts);
}

async function removeWithProofs(ctx: Context, opts: PinRemoveOptions, seen: Account[]): Promise<PinRemoveResult> {
  const now = ctx.clock.now();
  const needing = seen.filter((account) => requiredProof('pin remove', account).kind !== 'nothing');
  // Every refusal that needs no typing comes before the first prompt.
  for (const account of needing) ensureNotCoolingOff(account.name, 'pin', account.failures.pin, now);
  const proofs = new Map<Account, Verified | undefined>();
  for (const account of seen) proofs.set(account, await proveFor(ctx, 'pin remove', account));
  return ctx.store.update((household) => {
    const current = seen.map((account) => stillProven(household, 'pin remove', account, proofs.get(account)));
    const extra = opts.allManaged ? targetsIn(household, { names: [], allManaged: true }).filter((account) => !current.includes(account)) : [];
    return removeAll([...current, ...extra]);
  });
}

function report(ctx: Context, result: PinRemoveResult, opts: PinRemoveOptions): void {
  const parts: string[] = [];
  if (result.removed.length) parts.push(`removed the PIN of ${result.removed.join(', ')}`);
  if (result.unchanged.length) parts.push(`unchanged (no PIN): ${result.unchanged.join(', ')}`);
  if (parts.length === 0) parts.push(opts.allManaged ? 'no managed accounts; nothing to change' : 'nothing to change');
  ctx.io.result(result, parts.join('; '));
}

