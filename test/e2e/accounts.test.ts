import { Sandbox } from './cli.js';
import { accountsOf, lines, refusedWithCode, view } from './households.js';

// Every run starts node and most run argon2: generous, as the machine may be busy.

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { stored, logText, household, show, logLines, passwordWorks } = accountsOf(() => box);

describe('users set, end to end', () => {
  test('usage: at least one option, and not --email with --no-email (64); nothing written or logged', async () => {
    await household();
    const [before, log] = [stored(), logText()];
    refusedWithCode(await box.run(['users', 'set', 'bob']), 64, 'say what to change: --rename NEW, --restriction R, --email ADDR, --no-email, --hours SPEC or --no-hours');
    refusedWithCode(await box.run(['users', 'set', 'bob', '--email', 'bob@example.org', '--no-email']), 64, 'choose one of --email ADDR and --no-email, not both');
    refusedWithCode(await box.run(['users', 'set', 'bob', '--no-email', '--email', 'bob@example.org']), 64, 'choose one of --email ADDR and --no-email, not both');
    const json = await box.run(['users', 'set', 'bob', '--json']);
    expect([json.code, JSON.parse(json.stderr).error.code]).toEqual([64, 'USAGE']);
    refusedWithCode(await box.run(['users', 'set', 'kid1', '--restriction', 'toddler']), 64, /--restriction.*toddler/);
    expect([stored(), logText()]).toEqual([before, log]);
  });

  test('refusals: restriction on the admin or a member, e-mail on a managed account, bad names and addresses, duplicates, unknown accounts', async () => {
    await household();
    const [before, log] = [stored(), logText()];
    refusedWithCode(await box.run(['users', 'set', 'alice', '--restriction', 'teen']), 65, 'alice is the admin: only managed accounts have a restriction');
    refusedWithCode(await box.run(['users', 'set', 'bob', '--restriction', 'teen']), 65, 'bob is a member account: only managed accounts have a restriction');
    refusedWithCode(await box.run(['users', 'set', 'kid1', '--email', 'kid@example.org']), 65, 'kid1 is a managed account: managed accounts have no e-mail');
    refusedWithCode(await box.run(['users', 'set', 'bob', '--rename', ' robert']), 65, 'invalid name: a name cannot start or end with white space');
    refusedWithCode(await box.run(['users', 'set', 'bob', '--rename', 'r'.repeat(33)]), 65, 'invalid name: a name has at most 32 characters (this one has 33)');
    refusedWithCode(await box.run(['users', 'set', 'bob', '--rename', 'rob\u200bert']), 65, 'invalid name: a name cannot hold invisible format characters or line separators');
    for (const taken of ['alice', 'ALICE', 'Kid1', 'ａｌｉｃｅ']) {
      refusedWithCode(await box.run(['users', 'set', 'bob', '--rename', taken]), 73, /^household: an account named (alice|kid1) already exists\n/);
    }
    refusedWithCode(await box.run(['users', 'set', 'bob', '--email', 'not-an-address']), 65, 'invalid e-mail address: expected the form name@host');
    const unknown = await box.run(['users', 'set', 'nobody', '--email', 'x@example.org', '--json']);
    expect([unknown.code, JSON.parse(unknown.stderr)]).toEqual([67, { error: { code: 'NO_ACCOUNT', message: 'no account named nobody', hint: `household --store ${box.store} users list shows every account` } }]);
    expect(stored()).toBe(before);
    // Refusals of a change that needs no proof are usage of the store, not changes: the log holds no new line.
    expect(logText()).toBe(log);
    expect(await show('bob')).toEqual(view('bob', 'member'));
  });

  test('rename, restriction and e-mail: each shows in users show; --json is {"updated": <users show object>}', async () => {
    await household();
    const renamed = await box.run(['users', 'set', 'bob', '--rename', 'BOB', '--json']);
    expect([renamed.code, renamed.stderr]).toEqual([0, '']);
    expect(JSON.parse(renamed.stdout)).toEqual({ updated: view('BOB', 'member') });
    expect(JSON.parse(renamed.stdout).updated).toEqual(await show('bob'));

    const email = await box.run(['users', 'set', 'bob', '--email', 'bob@example.org']);
    expect([email.code, email.stdout, email.stderr]).toEqual([0, '', 'updated BOB: e-mail changed\n']);
    expect(await show('BOB')).toEqual(view('BOB', 'member', { email: 'bob@example.org' }));
    const plain = await box.run(['users', 'show', 'bob']);
    expect(plain.stdout).toBe(
      [
        'name:              BOB',
        'kind:              member',
        'PIN:               no',
        'restriction:       -',
        'e-mail:            bob@example.org',
        'PIN failures:      0 in a row',
        'PIN checks:        open',
        'password failures: 0 in a row',
        'password checks:   open',
        'PIN keyed:         -',
        `password keyed:    yes (key ${(await show('bob') as { keyed: { password: string } }).keyed.password})`,
        '',
      ].join('\n'),
    );

    const removed = await box.run(['users', 'set', 'bob', '--no-email', '--json']);
    expect(JSON.parse(removed.stdout)).toEqual({ updated: view('BOB', 'member') });
    expect(await show('bob')).toEqual(view('BOB', 'member'));

    const teen = await box.run(['users', 'set', 'KID1', '--restriction', 'teen', '--json']);
    expect(JSON.parse(teen.stdout)).toEqual({ updated: view('kid1', 'managed', { restriction: 'teen' }) });
    expect(await show('kid1')).toEqual(view('kid1', 'managed', { restriction: 'teen' }));
    expect((await box.run(['users', 'show', 'kid1'])).stdout).toBe(
      [
        'name:              kid1',
        'kind:              managed',
        'PIN:               no',
        'restriction:       teen',
        'e-mail:            -',
        'PIN failures:      0 in a row',
        'PIN checks:        open',
        'password failures: none (a managed account has no password)',
        'PIN keyed:         -',
        'password keyed:    -',
        '',
      ].join('\n'),
    );
    const list = await box.run(['users', 'list']);
    expect(list.stdout).toBe('alice\tadmin\tno\t-\nBOB\tmember\tno\t-\nkid1\tmanaged\tno\tteen\n');

    const log = await logLines();
    expect(log.filter((line) => line.command === 'users set').map((line) => [line.account, line.details])).toEqual([
      ['BOB', { previousName: 'bob' }],
      ['BOB', { email: 'changed' }],
      ['BOB', { email: 'removed' }],
      ['kid1', { restriction: 'teen' }],
    ]);
    expect(logText()).not.toContain('example.org');
  });

  test('nothing to change: says so, writes nothing, logs nothing', async () => {
    await household();
    const [before, log] = [stored(), logText()];
    expect(await box.run(['users', 'set', 'kid1', '--restriction', 'younger-kid'])).toEqual({ code: 0, stdout: '', stderr: 'kid1 already is as asked; nothing changed\n' });
    expect(await box.run(['users', 'set', 'Bob', '--rename', 'bob', '--no-email'])).toEqual({ code: 0, stdout: '', stderr: 'bob already is as asked; nothing changed\n' });
    const json = await box.run(['users', 'set', 'bob', '--no-email', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ updated: view('bob', 'member') });
    expect([stored(), logText()]).toEqual([before, log]);
  });

  test('a rename keeps the PIN, the password and the failures; pin set and password set find it by its new name only', async () => {
    await household();
    expect((await box.run(['pin', 'set', 'bob', '--stdin'], lines('bob-password', '2468', '2468'))).code).toBe(0);
    expect((await box.run(['password', 'set', 'bob', '--stdin'], lines('wrong-password'))).code).toBe(77);
    const before = await show('bob');
    expect(before).toEqual(view('bob', 'member', { pinRequired: true, password: 1 }));

    expect(await box.run(['users', 'set', 'bob', '--rename', 'robert'])).toEqual({ code: 0, stdout: '', stderr: 'updated robert: renamed from bob\n' });
    expect(await show('robert')).toEqual({ ...(before as object), name: 'robert' });
    refusedWithCode(await box.run(['users', 'show', 'bob']), 67, 'no account named bob');
    refusedWithCode(await box.run(['pin', 'set', 'bob', '--stdin'], lines('2468', '1357', '1357')), 67, 'no account named bob');

    // The PIN proof of the renamed account: its current PIN, asked by its new name.
    const pin = await box.run(['pin', 'set', 'robert', '--stdin', '--json'], lines('2468', '1357', '1357'));
    expect([pin.code, JSON.parse(pin.stdout)]).toEqual([0, { pinSet: 'robert', replaced: true }]);
    const wrongPin = await box.run(['pin', 'remove', 'ROBERT', '--stdin'], lines('2468'));
    refusedWithCode(wrongPin, 77, 'wrong PIN for robert; 4 more wrong tries start a 1-minute cooling-off');
    expect(await box.run(['pin', 'remove', 'robert', '--stdin'], lines('1357'))).toEqual({ code: 0, stdout: '', stderr: 'removed the PIN of robert\n' });
    // Without a PIN, pin set proves robert by the password the account had as bob.
    expect((await passwordWorks('robert', 'bob-password')).code).toBe(0);
    expect(await show('robert')).toEqual(view('robert', 'member', { pinRequired: true }));
    const password = await box.run(['password', 'set', 'robert', '--stdin', '--json'], lines('bob-password', 'roberts-password', 'roberts-password'));
    expect([password.code, JSON.parse(password.stdout)]).toEqual([0, { passwordSet: 'robert' }]);
  });
});

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

describe('help says what each command asks', () => {
  test.each([
    [['users', 'set'], ['Needs nothing beyond access to the store, and at least one option.', '--rename <new>', '--no-email']],
    [['password', 'set'], ['Asks, in this order (and so reads with --stdin): current password, new\npassword, new password again.']],
    [['password', 'reset'], ["Asks, in this order (and so reads with --stdin): the admin's password, then the\nmember's new password, new password again.", 'nobody can vouch for the admin']],
  ])('%j --help', async (command, texts) => {
    const help = await box.run([...command, '--help'], { env: { COLUMNS: '80' } });
    expect([help.code, help.stderr]).toEqual([0, '']);
    for (const text of texts) expect(help.stdout).toContain(text);
  });
});
