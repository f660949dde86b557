import { PLANS, type Plan } from '../../domain/accounts.js';
import type { Context } from '../context.js';
import type { CommandSpec } from '../spec.js';

export interface PlanSetOptions {
  plan: Plan;
}

/** Managed accounts stay when the plan goes back to free; only adding new ones needs pass. */
export async function planSetRun(ctx: Context, opts: PlanSetOptions): Promise<void> {
  const previous = await ctx.store.update((household, audit) => {
    const before = household.plan;
    household.plan = opts.plan;
    audit.change({ command: 'plan set', account: null, outcome: 'ok', exit: 0, details: { plan: opts.plan, previous: before } });
    return before;
  });
  ctx.io.result(
    { plan: opts.plan, previous },
    previous === opts.plan ? `the plan is already ${opts.plan}; nothing changed` : `the plan is now ${opts.plan} (was ${previous})`,
  );
}

export const command: CommandSpec<PlanSetOptions, [Plan]> = {
  description: 'set the plan; managed accounts need pass to be added, and stay when it goes back to free',
  arguments: [{ name: '<plan>', description: 'free or pass', choices: PLANS }],
  parse: ({ args: [plan] }) => ({ plan }),
  run: planSetRun,
};
