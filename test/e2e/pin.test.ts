import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { acquireLock } from '../../src/store/lock.js';
import { Sandbox } from './cli.js';
import { pinHouseholdOf } from './households.js';

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { stored, household } = pinHouseholdOf(() => box);

describe('pin commands with --stdin, end to end', () => {
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

  test('pin remove: idempotent, --all-managed, proofs in order, all or nothing', async () => {
    await household();
    await box.run(['pin', 'set', 'kid1', '--stdin'], { input: '4829\n4829\n' });
    const cron = await box.run(['pin', 'remove', '--all-managed', '--json']);
    expect([cron.code, JSON.parse(cron.stdout)]).toEqual([0, { removed: ['kid1'], unchanged: ['kid2'] }]);
    const again = await box.run(['pin', 'remove', '--all-managed', '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ removed: [], unchanged: ['kid1', 'kid2'] });

    await box.run(['pin', 'set', 'bob', '--stdin'], { input: 'bob-password\n6142\n6142\n' });
    const wrongSecond = await box.run(['pin', 'remove', 'bob', 'alice', '--stdin'], { input: '6142\n6517\n' });
    expect(wrongSecond.code).toBe(77);
    expect(wrongSecond.stderr).toContain('wrong PIN for alice');
    expect(stored().accounts.map((a: { pinHash: string | null }) => a.pinHash !== null)).toEqual([true, true, false, false]);
    const both = await box.run(['pin', 'remove', 'bob', 'alice', 'kid1', '--stdin', '--json'], { input: '6142\n7391\n' });
    expect(JSON.parse(both.stdout)).toEqual({ removed: ['bob', 'alice'], unchanged: ['kid1'] });
    const unknown = await box.run(['pin', 'remove', 'kid1', 'nobody']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([67, 'household: no account named nobody']);
  });

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

  test('plan set with --json', async () => {
    await box.init();
    const result = await box.run(['plan', 'set', 'free', '--json']);
    expect([result.code, JSON.parse(result.stdout)]).toEqual([0, { plan: 'free', previous: 'pass' }]);
  });
});

describe('the lock, end to end', () => {
  test('a lock held by another command makes a change wait, then exit 75 after 15 seconds', async () => {
    await box.init();
    const before = readFileSync(box.store, 'utf8');
    const release = await acquireLock(box.store);
    try {
      const started = Date.now();
      const result = await box.run(['users', 'add', 'kid', '--managed']);
      expect(result.code).toBe(75);
      expect(result.stderr).toContain('is locked by another household command (waited 15 seconds)');
      expect(Date.now() - started).toBeGreaterThanOrEqual(15_000);
    } finally {
      release();
    }
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });

  test('an empty lock folder nobody holds (as version 2 left one after a kill) is no obstacle', async () => {
    await box.init();
    rmSync(`${box.store}.lock`, { recursive: true });
    mkdirSync(`${box.store}.lock`);
    const result = await box.run(['users', 'add', 'kid', '--managed']);
    expect(result.code).toBe(0);
    expect(stored().accounts.map((a: { name: string }) => a.name)).toEqual(['alice', 'kid']);
  });

  test('users list reads without waiting for the lock', async () => {
    await box.init();
    const release = await acquireLock(box.store);
    try {
      expect((await box.run(['users', 'list'])).code).toBe(0);
    } finally {
      release();
    }
  });
});
