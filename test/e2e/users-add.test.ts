import { Sandbox } from './cli.js';

/** `users add` from the built CLI, with users list and users remove to see what it did. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

describe('users add, end to end', () => {
  test('users add/list/remove, piped and --json', async () => {
    await box.init('4829');
    expect((await box.run(['users', 'add', 'Kid1', '--managed', '--restriction', 'teen'])).code).toBe(0);
    const added = await box.run(['users', 'add', 'bob', '--member', '--stdin', '--json'], { input: 'bob-password\nbob-password\n' });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ added: { name: 'bob', kind: 'member', pinRequired: false, restriction: null } });
    expect((await box.run(['users', 'list'])).stdout).toBe('alice\tadmin\tyes\t-\nbob\tmember\tno\t-\nKid1\tmanaged\tno\tteen\n');
    expect(JSON.parse((await box.run(['users', 'list', '--json'])).stdout)).toHaveLength(3);
    const removed = await box.run(['users', 'remove', 'kid1']);
    expect([removed.code, removed.stderr]).toEqual([0, 'removed managed account Kid1\n']);
  });

  test('refusals: 77 for the plan and the admin, 73 for a duplicate, 67 for an unknown name, 65 for a bad name', async () => {
    await box.init(undefined, []);
    expect((await box.run(['users', 'add', 'kid', '--managed'])).code).toBe(77);
    expect((await box.run(['users', 'remove', 'ALICE'])).code).toBe(77);
    expect((await box.run(['plan', 'set', 'pass'])).code).toBe(0);
    expect((await box.run(['users', 'add', 'kid', '--managed'])).code).toBe(0);
    expect((await box.run(['users', 'add', 'KID', '--managed'])).code).toBe(73);
    expect((await box.run(['users', 'remove', 'nobody'])).code).toBe(67);
    const bad = await box.run(['users', 'add', 'bad\u001b[31mname', '--managed']);
    expect(bad.code).toBe(65);
    expect(bad.stderr).not.toContain('\u001b');
  });

  test('a full household is 73', async () => {
    await box.init();
    for (let i = 1; i < 15; i += 1) expect((await box.run(['users', 'add', `kid${i}`, '--managed'])).code).toBe(0);
    const full = await box.run(['users', 'add', 'kid15', '--managed']);
    expect(full.code).toBe(73);
    expect(full.stderr).toContain('the household is full');
  });
});
