import { Sandbox } from './cli.js';
import { pinHouseholdOf } from './households.js';

/** `pin reset` with --stdin from the built CLI: a forgotten PIN, proven by the account password. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { stored, household } = pinHouseholdOf(() => box);

describe('pin reset, end to end', () => {
  test('pin reset: new PIN twice then the password; refused for managed accounts; open during a PIN lockout', async () => {
    await household();
    for (let i = 0; i < 5; i += 1) expect((await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '5038\n' })).code).toBe(77);
    const locked = await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '7391\n' });
    expect(locked.code).toBe(75);
    expect(locked.stderr).toMatch(/try again in (59|60) seconds|try again in 1 minute/);
    const reset = await box.run(['pin', 'reset', 'alice', '--stdin', '--json'], { input: '2749\n2749\nalice-password\n' });
    expect([reset.code, JSON.parse(reset.stdout)]).toEqual([0, { pinReset: 'alice' }]);
    expect(stored().accounts[0].failures.pin).toEqual({ count: 0, coolingOffUntil: null });
    expect((await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '2749\n' })).code).toBe(0);

    const managed = await box.run(['pin', 'reset', 'kid1', '--stdin'], { input: '4829\n4829\n' });
    expect(managed.code).toBe(77);
    expect(managed.stderr).toContain('a managed account has no password');
    const wrong = await box.run(['pin', 'reset', 'bob', '--stdin'], { input: '4829\n4829\nnot-bobs\n' });
    expect([wrong.code, wrong.stderr]).toEqual([77, 'household: wrong password for bob; 4 more wrong tries start a 1-minute cooling-off\n']);
  });
});
