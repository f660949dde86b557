import { Sandbox } from './cli.js';

// Every run starts node and most run argon2: generous, as the machine may be busy.

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

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
