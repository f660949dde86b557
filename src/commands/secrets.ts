import { confirmPassword, confirmPin, validatePinFormat } from '../domain/pin.js';
import { validatePasswordFormat } from '../domain/accounts.js';
import type { Context } from '../cli/context.js';

/** For commands that always need a secret: refuse (64) before touching the store. */
export async function ensureCanAsk(ctx: Context, what: string): Promise<void> {
  // A prompter that cannot ask throws on the first question, saying why and how to pass secrets.
  if (!ctx.prompter.canAsk) await ctx.prompter.secret({ message: what });
}

/** A new PIN, typed twice; format (65) is checked on the first entry, so a typo costs one line. */
export async function askNewPin(ctx: Context, accountName: string, optional = false): Promise<string | undefined> {
  const pin = await ctx.prompter.secret({ message: `New PIN for ${accountName}`, optional });
  if (optional && pin === '') return undefined;
  validatePinFormat(pin, 'the new PIN');
  confirmPin(pin, await ctx.prompter.secret({ message: `New PIN for ${accountName} again` }));
  return pin;
}

/** A new password, typed twice. */
export async function askNewPassword(ctx: Context, message: string): Promise<string> {
  const password = await ctx.prompter.secret({ message });
  validatePasswordFormat(password);
  confirmPassword(password, await ctx.prompter.secret({ message: `${message} again` }));
  return password;
}
