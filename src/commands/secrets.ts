import { passwordProblem } from '../domain/accounts.js';
import { HouseholdError } from '../domain/errors.js';
import { COMMON_PIN_MESSAGE, isCommonPin, isPinFormat } from '../domain/pin.js';
import type { Context } from './context.js';

/** For commands that always need a secret: refuse (64) before touching the store. */
export async function ensureCanAsk(ctx: Context, what: string): Promise<void> {
  // A prompter that cannot ask throws on the first question, saying why and how to pass secrets.
  if (!ctx.prompter.canAsk) await ctx.prompter.secret({ message: what });
}

/** On a terminal a refused new secret is asked again: 3 tries in all. With --stdin, one. */
const TRIES_ON_A_TERMINAL = 3;

interface NewSecret {
  message: string;
  optional?: boolean;
  problem: (answer: string) => HouseholdError | null;
  mismatch: () => HouseholdError;
}

/**
 * A new secret, typed twice. A refused first entry (too short, not 4 digits) is typed again in place;
 * entries that differ are both asked again, since either may hold the typo. Each refusal uses a try.
 */
async function askNewSecret(ctx: Context, spec: NewSecret): Promise<string | undefined> {
  const tries = ctx.prompter.interactive ? TRIES_ON_A_TERMINAL : 1;
  let refusals = 0;
  const tryAgain = () => {
    refusals += 1;
    return refusals < tries;
  };
  for (;;) {
    const first = await ctx.prompter.secret({ message: spec.message, optional: spec.optional, refuse: spec.problem, retry: tryAgain });
    if (spec.optional && first === '') return undefined;
    // Every prompter applies `refuse`; checked again here, so that no prompter can let a bad secret through.
    const problem = spec.problem(first);
    if (problem) throw problem;
    try {
      // Compared once the repetition is typed, not refused inside its prompt: the prompt would show the
      // mismatch as final ("nothing was changed") just before the note that asks for both again.
      const again = await ctx.prompter.secret({ message: `${spec.message} again` });
      if (again !== first) throw spec.mismatch();
      return first;
    } catch (error) {
      if (!(error instanceof HouseholdError) || (error.code !== 'PIN_MISMATCH' && error.code !== 'PASSWORD_MISMATCH') || !tryAgain()) throw error;
      // Stryker disable next-line Regex: a mismatch's message says "; nothing was changed" only at its end
      ctx.io.note(`${error.message.replace(/; nothing was changed$/, '')}; type both again (${tries - refusals} ${tries - refusals === 1 ? 'try' : 'tries'} left)`);
    }
  }
}

/** A new PIN, typed twice; `optional` (init) lets an empty answer mean "no PIN". */
export async function askNewPin(ctx: Context, accountName: string, optional = false): Promise<string | undefined> {
  return askNewSecret(ctx, {
    message: `New PIN for ${accountName}`,
    optional,
    problem: (pin) => {
      if (!isPinFormat(pin)) return new HouseholdError('INVALID_PIN', 'the new PIN must be exactly 4 digits (0-9)');
      // Only a new PIN: a current PIN typed as a proof is checked by its format alone.
      if (isCommonPin(pin)) return new HouseholdError('INVALID_PIN', COMMON_PIN_MESSAGE);
      return null;
    },
    mismatch: () => new HouseholdError('PIN_MISMATCH', 'the two PINs do not match; nothing was changed'),
  });
}

/** A new password, typed twice. */
export async function askNewPassword(ctx: Context, message: string): Promise<string> {
  const password = await askNewSecret(ctx, {
    message,
    problem: (answer) => {
      const problem = passwordProblem(answer);
      return problem ? new HouseholdError('INVALID_PASSWORD', problem) : null;
    },
    mismatch: () => new HouseholdError('PASSWORD_MISMATCH', 'the two passwords do not match; nothing was changed'),
  });
  return password!;
}
