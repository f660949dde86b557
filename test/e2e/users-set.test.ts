import { Sandbox } from './cli.js';
import { accountsOf, lines, refusedWithCode, view } from './households.js';

/** `users set` from the built CLI: rename, restriction and e-mail, what it refuses, and `users show` after each. */
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
