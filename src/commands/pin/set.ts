import { requireAccount } from '../../domain/accounts.js';
import type { Context } from '../../cli/context.js';
import { askNewPin, ensureCanAsk } from '../secrets.js';
import { proveFor, stillProven } from './proof.js';

export interface PinSetOptions {
  name: string;
}

/** Asks: the proof the rules require (if any), then the new PIN twice. */
export async function pinSetRun(ctx: Context, opts: PinSetOptions): Promise<void> {
  await ensureCanAsk(ctx, `New PIN for ${opts.name}`);
  const seen = requireAccount(await ctx.store.read(), opts.name);
  const verified = await proveFor(ctx, 'pin set', seen);
  const pin = (await askNewPin(ctx, seen.name))!;
  const pinHash = await ctx.hasher.hash(pin);
  const replaced = await ctx.store.update((household) => {
    const account = stillProven(household, 'pin set', seen, verified);
    const had = account.pinHash !== null;
    account.pinHash = pinHash;
    return had;
  });
  ctx.io.result({ pinSet: seen.name, replaced }, `${replaced ? 'changed' : 'set'} the PIN of ${seen.name}`);
}
