import { showRun } from '../../src/commands/users/show.js';
import { findAccount } from '../../src/domain/accounts.js';
import { testContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';
import { NOW, shown, view } from '../fakes/lookups.js';

describe('users show', () => {
  test('plain: one "field: value" line each, aligned', async () => {
    const h = household({ bob: '4829' });
    findAccount(h, 'bob')!.email = 'bob@example.org';
    findAccount(h, 'bob')!.failures.password = { count: 5, coolingOffUntil: new Date(NOW + 60_000).toISOString() };
    const ctx = testContext({ household: h });
    await showRun(ctx, { name: 'BOB' });
    expect(ctx.stdout.text).toBe(
      [
        'name:              bob',
        'kind:              member',
        'PIN:               yes',
        'restriction:       -',
        'e-mail:            bob@example.org',
        'PIN failures:      0 in a row',
        'PIN checks:        open',
        'password failures: 5 in a row',
        'password checks:   cooling off until 2026-01-01 12:01:00',
        'PIN keyed:         no (made again with the key at its next right proof)',
        'password keyed:    no (made again with the key at its next right proof)',
        '',
      ].join('\n'),
    );
  });

  test('a managed account has no password lockout: null in JSON, said so in plain', async () => {
    const ctx = testContext({ household: household() });
    await showRun(ctx, { name: 'kid1' });
    expect(ctx.stdout.text).toContain('restriction:       younger-kid\n');
    expect(ctx.stdout.text).toContain('password failures: none (a managed account has no password)\n');
    expect(await shown(ctx, 'kid1')).toEqual(view('kid1', 'managed', { restriction: 'younger-kid' }));
  });

  test('an expired cooling-off is null; a disabled kind says so', async () => {
    const h = household();
    findAccount(h, 'bob')!.failures = {
      pin: { count: 100, coolingOffUntil: null },
      password: { count: 6, coolingOffUntil: new Date(NOW - 1000).toISOString() },
    };
    const ctx = testContext({ household: h });
    expect(await shown(ctx, 'bob')).toEqual({
      ...view('bob', 'member'),
      lockout: { pin: { failures: 100, coolingOffUntil: null, disabled: true }, password: { failures: 6, coolingOffUntil: null, disabled: false } },
    });
    await showRun(ctx, { name: 'bob' });
    expect(ctx.stdout.text).toContain('PIN checks:        disabled until household users unlock\n');
    expect(ctx.stdout.text).toContain('password checks:   open\n');
  });
});

describe('users list, remove, set, show, unlock: their lines', () => {
  test('show: an account without a PIN or e-mail says "no" and "-"', async () => {
    const ctx = testContext({ household: household() });
    await showRun(ctx, { name: 'kid1' });
    expect(ctx.stdout.text).toBe(
      [
        'name:              kid1',
        'kind:              managed',
        'PIN:               no',
        'restriction:       younger-kid',
        'e-mail:            -',
        'PIN failures:      0 in a row',
        'PIN checks:        open',
        'password failures: none (a managed account has no password)',
        'PIN keyed:         -',
        'password keyed:    -',
        '',
      ].join('\n'),
    );
  });
});
