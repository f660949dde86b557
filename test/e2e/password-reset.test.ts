import { Sandbox } from './cli.js';
import { accountsOf, lines, refusedWithCode, view } from './households.js';

/** `password reset` from the built CLI: a member's forgotten password, vouched for by the admin's. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { stored, logText, household, show, logLines, passwordWorks } = accountsOf(() => box);

describe('password reset, end to end', () => {
  test("a member: the admin's password, then the new one twice; both accounts' password failures cleared", async () => {
    await household();
    // bob forgot his password: two wrong tries of his own, then one wrong admin password.
    for (let i = 0; i < 2; i += 1) expect((await box.run(['password', 'set', 'bob', '--stdin'], lines('forgotten1'))).code).toBe(77);
    const wrong = await box.run(['password', 'reset', 'bob', '--stdin', '--json'], lines('not-alices', 'bobs-new-password', 'bobs-new-password'));
    expect([wrong.code, JSON.parse(wrong.stderr)]).toEqual([77, { error: { code: 'WRONG_PASSWORD', message: 'wrong password for alice; 4 more wrong tries start a 1-minute cooling-off' } }]);
    expect(await show('alice')).toEqual(view('alice', 'admin', { password: 1 }));
    expect(await show('bob')).toEqual(view('bob', 'member', { password: 2 }));

    const reset = await box.run(['password', 'reset', 'bob', '--stdin', '--json'], lines('alice-password', 'bobs-new-password', 'bobs-new-password'));
    expect([reset.code, JSON.parse(reset.stdout), reset.stderr]).toEqual([0, { passwordReset: 'bob' }, '']);
    expect(await show('bob')).toEqual(view('bob', 'member'));
    expect(await show('alice')).toEqual(view('alice', 'admin'));
    expect((await passwordWorks('bob', 'bobs-new-password')).code).toBe(0);
    // The admin's own password is unchanged.
    expect((await box.run(['password', 'set', 'alice', '--stdin'], lines('alice-password', 'alice-password-2', 'alice-password-2'))).code).toBe(0);
    const plain = await box.run(['password', 'reset', 'bob', '--stdin'], lines('alice-password-2', 'bobs-third-password', 'bobs-third-password'));
    expect(plain).toEqual({ code: 0, stdout: '', stderr: 'reset the password of bob\n' });

    const log = (await logLines()).filter((line) => line.command === 'password reset');
    expect(log.map((line) => [line.account, line.outcome, line.details])).toEqual([
      ['alice', 'WRONG_PASSWORD', { proof: 'password', for: 'bob', failures: 1 }],
      ['bob', 'ok', { vouchedBy: 'alice' }],
      ['bob', 'ok', { vouchedBy: 'alice' }],
    ]);
  });

  test('a mismatch is 65 and the admin\'s attempt is taken back', async () => {
    await household();
    refusedWithCode(await box.run(['password', 'reset', 'bob', '--stdin'], lines('alice-password', 'bobs-new-password', 'bobs-new-passworD')), 65, 'the two passwords do not match; nothing was changed');
    expect(await show('alice')).toEqual(view('alice', 'admin'));
    expect((await passwordWorks('bob', 'bob-password')).code).toBe(0);
  });

  test('the admin and managed accounts are refused (77) before anything is read, however secrets would be asked', async () => {
    await household();
    const [before, log] = [stored(), logText()];
    for (const flags of [['--stdin'], [], ['--no-input']]) {
      refusedWithCode(
        await box.run(['password', 'reset', 'alice', ...flags], lines('alice-password', 'new-password', 'new-password')),
        77,
        'refused: password reset on alice: nobody can vouch for the admin; the admin changes it with household password set, knowing the current one',
      );
      refusedWithCode(await box.run(['password', 'reset', 'kid1', ...flags], lines('alice-password', 'new-password', 'new-password')), 77, 'refused: password reset on kid1: a managed account has no password to reset');
    }
    refusedWithCode(await box.run(['password', 'reset', 'bob']), 64, /alice's password.*cannot ask for it/);
    refusedWithCode(await box.run(['password', 'reset', 'nobody', '--stdin']), 67, 'no account named nobody');
    expect([stored(), logText()]).toEqual([before, log]);
    expect(await show('alice')).toEqual(view('alice', 'admin'));
  });

  test("the admin's password cooling off: 75 with nothing read", async () => {
    await household();
    for (let i = 0; i < 5; i += 1) expect((await box.run(['password', 'reset', 'bob', '--stdin'], lines('not-alices'))).code).toBe(77);
    refusedWithCode(await box.run(['password', 'reset', 'bob', '--stdin']), 75, /^household: alice's password checks are cooling off after 5 wrong tries in a row/);
    refusedWithCode(await box.run(['password', 'reset', 'bob', '--stdin'], lines('alice-password', 'bobs-new-password', 'bobs-new-password')), 75, /cooling off/);
    expect(((await show('alice')) as { lockout: { password: { failures: number } } }).lockout.password.failures).toBe(5);
    expect(await show('bob')).toEqual(view('bob', 'member'));
    expect((await passwordWorks('bob', 'bob-password')).code).toBe(0);
  });
});
