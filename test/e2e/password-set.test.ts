import { Sandbox } from './cli.js';
import { accountsOf, lines, refusedWithCode, view } from './households.js';

/** `password set` from the built CLI: the current password as the proof, its failures, and the new password's rules. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { logText, household, show, logLines, passwordWorks } = accountsOf(() => box);

describe('password set, end to end', () => {
  test.each([
    ['alice', 'admin', 'alice-password'],
    ['bob', 'member', 'bob-password'],
  ])('%s (%s): a wrong current password is 77 and counted; the right one then clears 3 failures', async (name, kind, current) => {
    await household();
    for (const count of [1, 2, 3]) {
      const wrong = await box.run(['password', 'set', name, '--stdin'], lines('not-the-password', 'never-read-1', 'never-read-1'));
      refusedWithCode(wrong, 77, `wrong password for ${name}; ${5 - count} more wrong tries start a 1-minute cooling-off`);
      expect(await show(name)).toEqual(view(name, kind, { password: count }));
    }
    const right = await box.run(['password', 'set', name, '--stdin', '--json'], lines(current, 'a-new-passphrase', 'a-new-passphrase'));
    expect([right.code, JSON.parse(right.stdout), right.stderr]).toEqual([0, { passwordSet: name }, '']);
    expect(await show(name)).toEqual(view(name, kind));
    // The new password is the one now proven; the old one is wrong.
    refusedWithCode(await box.run(['password', 'set', name, '--stdin'], lines(current)), 77, `wrong password for ${name}; 4 more wrong tries start a 1-minute cooling-off`);
    expect(await box.run(['password', 'set', name, '--stdin'], lines('a-new-passphrase', 'third-passphrase', 'third-passphrase'))).toEqual({
      code: 0,
      stdout: '',
      stderr: `changed the password of ${name}\n`,
    });
    expect(logText()).not.toMatch(/passphrase|not-the-password|\$argon2/);
    const outcomes = (await logLines()).filter((line) => line.command === 'password set').map((line) => line.outcome);
    expect(outcomes).toEqual(['WRONG_PASSWORD', 'WRONG_PASSWORD', 'WRONG_PASSWORD', 'ok', 'WRONG_PASSWORD', 'ok']);
  });

  test('a mismatch is 65: the attempt is taken back and the old password still works', async () => {
    await household();
    refusedWithCode(await box.run(['password', 'set', 'bob', '--stdin'], lines('bob-password', 'a-new-passphrase', 'a-new-passphrasE')), 65, 'the two passwords do not match; nothing was changed');
    expect(await show('bob')).toEqual(view('bob', 'member'));
    expect((await passwordWorks('bob', 'bob-password')).code).toBe(0);
  });

  test('new password length: 7 is 65, 8 and 1024 are accepted, 1025 is 65', async () => {
    await household();
    const [seven, eight, long, tooLong] = ['seven77', 'eight888', 'p'.repeat(1024), 'q'.repeat(1025)];
    refusedWithCode(await box.run(['password', 'set', 'bob', '--stdin'], lines('bob-password', seven, seven)), 65, 'a password needs at least 8 characters');
    expect(await show('bob')).toEqual(view('bob', 'member'));
    expect((await box.run(['password', 'set', 'bob', '--stdin'], lines('bob-password', eight, eight))).code).toBe(0);
    expect((await box.run(['password', 'set', 'bob', '--stdin'], lines(eight, long, long))).code).toBe(0);
    refusedWithCode(await box.run(['password', 'set', 'bob', '--stdin'], lines(long, tooLong, tooLong)), 65, 'a password has at most 1024 characters');
    expect((await passwordWorks('bob', long)).code).toBe(0);
  });

  test('a managed account is refused (77) before anything is read, however secrets would be asked', async () => {
    await household();
    const log = logText();
    for (const flags of [['--stdin'], [], ['--no-input']]) {
      refusedWithCode(await box.run(['password', 'set', 'kid1', ...flags], lines('whatever1', 'whatever1')), 77, 'refused: password set on kid1: a managed account has no password to set');
    }
    // Without a way to ask, the admin or a member is usage (64): the rules allow it, the typing is missing.
    refusedWithCode(await box.run(['password', 'set', 'bob']), 64, /cannot ask for it/);
    expect(logText()).toBe(log);
  });

  test('cooling off: 75 with nothing read, the right password included; users unlock opens it again', async () => {
    await household();
    for (let i = 0; i < 4; i += 1) expect((await box.run(['password', 'set', 'bob', '--stdin'], lines('wrong-password'))).code).toBe(77);
    refusedWithCode(await box.run(['password', 'set', 'bob', '--stdin'], lines('wrong-password')), 77, "wrong password for bob; its password checks are refused for 1 minute");
    // No input at all: a command that read anything would stop at the end of input (64) instead.
    refusedWithCode(await box.run(['password', 'set', 'bob', '--stdin']), 75, /^household: bob's password checks are cooling off after 5 wrong tries in a row; try again in (59 seconds|1 minute)/);
    refusedWithCode(await box.run(['password', 'set', 'bob', '--stdin'], lines('bob-password', 'a-new-passphrase', 'a-new-passphrase')), 75, /cooling off/);
    const state = (await show('bob')) as { lockout: { password: { failures: number; coolingOffUntil: string | null } } };
    expect(state.lockout.password.failures).toBe(5);
    expect(state.lockout.password.coolingOffUntil).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await box.run(['users', 'show', 'bob'])).stdout).toMatch(/\npassword checks: {3}cooling off until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\nPIN keyed: +-\npassword keyed: +yes \(key [0-9a-f]{8}\)\n$/);

    const unlock = await box.run(['users', 'unlock', 'bob', '--password', '--json']);
    expect([unlock.code, JSON.parse(unlock.stdout)]).toEqual([0, { unlocked: 'bob', kinds: ['password'] }]);
    expect(await show('bob')).toEqual(view('bob', 'member'));
    expect((await box.run(['password', 'set', 'bob', '--stdin'], lines('bob-password', 'a-new-passphrase', 'a-new-passphrase'))).code).toBe(0);
  });
});
