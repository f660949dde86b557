import { closeSync, openSync } from 'node:fs';
import { Sandbox, type Run } from './cli.js';
import { pinHouseholdOf } from './households.js';
import { fixture, hashSecrets, writtenStoreOf } from './written-stores.js';

/** `pin remove` from the built CLI: several accounts at once, --all-managed, and a confirmation that cannot be written. */
beforeAll(hashSecrets);

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { household } = pinHouseholdOf(() => box);
const { writeStore, stored, logLines, start } = writtenStoreOf(() => box);

describe('pin remove, end to end', () => {
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
});

test('a change whose confirmation cannot be written (stdout on /dev/full) is 74, and stderr says the change was made', async () => {
  writeStore(fixture());
  const full = openSync('/dev/full', 'w');
  let result: Run;
  try {
    const { child, done } = start(['pin', 'remove', '--all-managed', '--json'], { stdout: full });
    child.stdin.end();
    result = await done;
  } finally {
    closeSync(full);
  }
  expect(result.code).toBe(74);
  const error = JSON.parse(result.stderr).error;
  expect(error.code).toBe('OUTPUT_FAILED');
  expect(error.message).toBe('the change was made (removed the PIN of kid1), but its confirmation could not be written (ENOSPC)');
  expect(stored().accounts.find((a) => a.name === 'kid1')!.pinHash).toBeNull();
  expect(logLines().filter((line) => line.command === 'pin remove')).toMatchObject([{ outcome: 'ok', details: { removed: ['kid1'] } }]);
});
