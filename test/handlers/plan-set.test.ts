import { command as planSetCommand, planSetRun } from '../../src/commands/plan/set.js';
import { testContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';

describe('plan set and config', () => {
  test('plan set changes the plan; managed accounts stay', async () => {
    const ctx = testContext({ household: household(), json: true });
    await planSetRun(ctx, { plan: 'free' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ plan: 'free', previous: 'pass' });
    expect(ctx.store.current().accounts.filter((a) => a.kind === 'managed')).toHaveLength(2);
  });
});

describe('plan set', () => {
  test('a change: the line says from what to what, and the log has it', async () => {
    const ctx = testContext({ household: household() });
    await planSetRun(ctx, { plan: 'free' });
    expect(ctx.stderr.text).toBe('the plan is now free (was pass)\n');
    expect(ctx.store.current().plan).toBe('free');
    expect(ctx.store.log.map((line) => [line.command, line.details])).toEqual([['plan set', { plan: 'free', previous: 'pass' }]]);
  });

  test('the same plan: nothing changed, said so, no line in the log', async () => {
    const ctx = testContext({ household: household({}, 'free') });
    await planSetRun(ctx, { plan: 'free' });
    expect(ctx.stderr.text).toBe('the plan is already free; nothing changed\n');
    expect([ctx.store.writes, ctx.store.log]).toEqual([0, []]);
  });
});

test('the parse: the plan named is the plan set', () => {
  const line = { flags: {}, typed: new Set<string>(), cwd: '/', env: {}, completionScript: () => '' };
  expect(planSetCommand.parse({ ...line, args: ['free'] })).toEqual({ plan: 'free' });
  expect(planSetCommand.parse({ ...line, args: ['pass'] })).toEqual({ plan: 'pass' });
});
