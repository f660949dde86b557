import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseHousehold } from '../../src/store/schema.js';
import { Sandbox } from './cli.js';

/**
 * Parallel commands never lose each other's changes: 14 CLI processes start at once on one store,
 * each making a different change, and every change and every counted failure must be there after.
 */
const KID_PINS = ['3974', '1586', '4072'];
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

test.each([1, 2, 3])('14 writers at once, round %i: every change lands, every failure is counted', async () => {
  await box.init('7391');
  await box.run(['users', 'add', 'bob', '--member', '--stdin'], { input: 'bob-password\nbob-password\n' });
  await box.run(['pin', 'set', 'bob', '--stdin'], { input: 'bob-password\n6142\n6142\n' });
  for (const kid of ['kid1', 'kid2', 'kid3', 'kid4']) await box.run(['users', 'add', kid, '--managed']);
  await box.run(['pin', 'set', 'kid4', '--stdin'], { input: '9263\n9263\n' });

  const writers = [
    ...['new1', 'new2', 'new3', 'new4', 'new5'].map((name) => box.run(['users', 'add', name, '--managed'])),
    // Three different uncommon PINs (a repeated digit is refused as a new PIN).
    ...['kid1', 'kid2', 'kid3'].map((name, i) => box.run(['pin', 'set', name, '--stdin'], { input: `${KID_PINS[i]}\n${KID_PINS[i]}\n` })),
    box.run(['pin', 'remove', 'kid4']),
    // Four wrong PINs for bob, and a wrong password for alice's reset: each must be counted once.
    ...[0, 1, 2, 3].map(() => box.run(['pin', 'remove', 'bob', '--stdin'], { input: '6517\n' })),
    box.run(['pin', 'reset', 'alice', '--stdin'], { input: '2749\n2749\nnot-alice\n' }),
  ];
  const results = await Promise.all(writers);
  expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 77, 77, 77, 77, 77]);

  const after = parseHousehold(JSON.parse(readFileSync(box.store, 'utf8')));
  const byName = new Map(after.accounts.map((a) => [a.name, a]));
  expect([...byName.keys()].sort()).toEqual(['alice', 'bob', 'kid1', 'kid2', 'kid3', 'kid4', 'new1', 'new2', 'new3', 'new4', 'new5']);
  expect(['kid1', 'kid2', 'kid3'].map((name) => byName.get(name)!.pinHash !== null)).toEqual([true, true, true]);
  expect(byName.get('kid4')!.pinHash).toBeNull();
  expect(byName.get('bob')!.failures.pin.count).toBe(4);
  expect(byName.get('alice')!.failures.password.count).toBe(1);

  // Each PIN is the one its own process typed, not another's (checked by the CLI: the hashes are keyed).
  for (const [i, name] of ['kid1', 'kid2', 'kid3'].entries()) {
    expect((await box.run(['pin', 'verify', name, '--stdin'], { input: `${KID_PINS[i]}\n` })).code).toBe(0);
  }
  expect(readdirSync(dirname(box.store)).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
});
