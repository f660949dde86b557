import { adminOf, failuresOf } from '../../domain/accounts.js';
import { lockoutState } from '../../domain/lockout.js';
import { RECOVERY_CODE_COUNT, recoveryCodesLeft } from '../../domain/recovery.js';
import { localDateTime } from '../../domain/time.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';

/** `recovery status`: how many of the admin's recovery codes are left (`--json`: `{"left": 7}`). Needs no proof. */
export async function recoveryStatusRun(ctx: Context): Promise<void> {
  const admin = adminOf(await ctx.store.read());
  const left = recoveryCodesLeft(admin);
  const state = lockoutState(failuresOf(admin, 'recovery'), ctx.clock.now());
  const checks = state.disabled
    ? `disabled after ${state.failures} wrong tries in a row, until household users unlock`
    : state.coolingOffUntil
      ? `cooling off until ${localDateTime(Date.parse(state.coolingOffUntil))}`
      : state.failures > 0
        ? `open (${state.failures} wrong ${state.failures === 1 ? 'try' : 'tries'} in a row)`
        : 'open';
  ctx.io.fields(
    [
      ['admin', admin.name],
      ['recovery codes left', `${left} of ${RECOVERY_CODE_COUNT}${left === 0 ? ' (household recovery codes makes a new set)' : ''}`],
      ['recovery code checks', checks],
    ],
    { left },
  );
}

export const command: CommandSpec<undefined> = {
  description: "how many of the admin's recovery codes are left, and whether their checks are cooling off (no proof needed)",
  parse: () => undefined,
  run: recoveryStatusRun,
};
