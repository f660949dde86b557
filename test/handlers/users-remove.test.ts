import { removeRun } from '../../src/commands/users/remove.js';
import { attempt, testContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';

describe('users remove', () => {
  test('removes an account found without regard to case', async () => {
    const ctx = testContext({ household: household(), json: true });
    expect(await attempt(ctx, () => removeRun(ctx, { name: 'KID1' }))).toBeUndefined();
    expect(JSON.parse(ctx.stdout.text)).toEqual({ removed: 'kid1' });
    expect(ctx.store.current().accounts.map((a) => a.name)).toEqual(['alice', 'bob', 'kid2']);
  });

  test('never the admin (77)', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => removeRun(ctx, { name: 'alice' }));
    expect([error?.code, error?.exitCode]).toEqual(['REFUSED', 77]);
    expect(ctx.store.writes).toBe(0);
  });

  test('an unknown name is 67', async () => {
    const ctx = testContext({ household: household() });
    expect((await attempt(ctx, () => removeRun(ctx, { name: 'ghost' })))?.exitCode).toBe(67);
  });
});

describe('users list, remove, set, show, unlock: their lines', () => {
  test('remove: the line names the kind and the account as stored', async () => {
    const ctx = testContext({ household: household() });
    await removeRun(ctx, { name: 'BOB' });
    expect(ctx.stderr.text).toBe('removed member account bob\n');
  });

  test('remove the admin: 77, saying why', async () => {
    const ctx = testContext({ household: household() });
    const error = await attempt(ctx, () => removeRun(ctx, { name: 'ALICE' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['REFUSED', 77, 'refused: alice is the admin, and the admin cannot be removed']);
  });
});
