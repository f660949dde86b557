import { readFileSync } from 'node:fs';
import { Sandbox } from './cli.js';
import { pinHouseholdOf } from './households.js';

/** `pin set` with --stdin from the built CLI: who must prove what, and the new PIN's rules. (On a terminal: terminal.test.ts.) */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { stored, household } = pinHouseholdOf(() => box);

describe('pin set, end to end', () => {
  test('pin set: managed needs nothing; a member without a PIN needs its password; the admin its current PIN', async () => {
    await household();
    expect(await box.run(['pin', 'set', 'kid1', '--stdin'], { input: '4829\n4829\n' })).toEqual({ code: 0, stdout: '', stderr: 'set the PIN of kid1\n' });
    const member = await box.run(['pin', 'set', 'bob', '--stdin', '--json'], { input: 'bob-password\n6142\n6142\n' });
    expect([member.code, JSON.parse(member.stdout)]).toEqual([0, { pinSet: 'bob', replaced: false }]);
    const admin = await box.run(['pin', 'set', 'alice', '--stdin'], { input: '7391\n8163\n8163\n' });
    expect([admin.code, admin.stderr]).toEqual([0, 'changed the PIN of alice\n']);
    const wrong = await box.run(['pin', 'set', 'alice', '--stdin', '--json'], { input: '7391\n9263\n9263\n' });
    expect(wrong.code).toBe(77);
    expect(JSON.parse(wrong.stderr)).toEqual({ error: { code: 'WRONG_PIN', message: 'wrong PIN for alice; 4 more wrong tries start a 1-minute cooling-off' } });
    expect(wrong.stderr).not.toContain('7391');
    expect(stored().accounts[0].failures.pin.count).toBe(1);
  });

  test('pin set refuses a bad new PIN (65) and a mismatch (65), changing nothing', async () => {
    await household();
    const before = readFileSync(box.store, 'utf8');
    for (const input of ['12a4\n12a4\n', '4829\n1243\n', '12345\n12345\n', '١٢٣٤\n١٢٣٤\n']) {
      const result = await box.run(['pin', 'set', 'kid1', '--stdin'], { input });
      expect(result.code).toBe(65);
      expect(result.stderr).not.toContain(input.split('\n')[0]);
    }
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });
});
