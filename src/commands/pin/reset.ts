import { requireAccount } from '../../domain/accounts.js';
import { cleared, ensureNotCoolingOff } from '../../domain/lockout.js';
import { requiredProof } from '../../domain/rules.js';
import type { Context } from '../../cli/context.js';
import { askNewPin, ensureCanAsk } from '../secrets.js';
import { prove, refusal, stillProven } from './proof.js';

export interface PinResetOptions {
  name: string;
}

/**
 * A forgotten PIN: asks the new PIN twice, then the account's password. Only the password's lockout
 * applies, so this stays the way back while the PIN is cooling off.
 */
export async function pinResetRun(ctx: Context, opts: PinResetOptions): Promise<void> {
  await ensureCanAsk(ctx, `New PIN for ${opts.name}`);
  const seen = requireAccount(await ctx.store.read(), opts.name);
  const proof = requiredProof('pin reset', seen);
  if (proof.kind === 'refused') throw refusal('pin reset', seen, proof.rule);
  // Cooling-off comes before anything is typed; the new PIN's format before the password is spent.
  ensureNotCoolingOff(seen.name, 'password', seen.failures.password, ctx.clock.now());
  const pin = (await askNewPin(ctx, seen.name))!;
  const verified = await prove(ctx, seen, 'password');
  const pinHash = await ctx.hasher.hash(pin);
  await ctx.store.update((household) => {
    const account = stillProven(household, 'pin reset', seen, verified);
    account.pinHash = pinHash;
    account.failures.pin = cleared();
  });
  ctx.io.result({ pinReset: seen.name }, `reset the PIN of ${seen.name}`);
}
