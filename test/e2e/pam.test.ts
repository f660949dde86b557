import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';

/**
 * `pin verify` behind a real PAM client: Linux-PAM's pam_exec with expose_authtok runs the built CLI,
 * pamtester plays the application. The service file is the README's recipe: the account arrives only
 * as PAM_USER, the PIN on stdin with no line end; `stdout` lets the person see our messages.
 * Needs root (to write /etc/pam.d) and pamtester; skipped, saying why, where either is missing.
 */
function whyNot(): string | null {
  try {
    accessSync('/etc/pam.d', constants.W_OK);
  } catch {
    return '/etc/pam.d is not writable (run as root to test the PAM recipe)';
  }
  if (spawnSync('pamtester', ['--version']).error) return 'pamtester is not installed (apt-get install pamtester)';
  return null;
}
const skipReason = whyNot();
if (skipReason) console.log(`skipping the PAM tests: ${skipReason}`);
const describePam = skipReason ? describe.skip : describe;

const SERVICE = `household-test-${randomBytes(6).toString('hex')}`;
const SERVICE_FILE = `/etc/pam.d/${SERVICE}`;
let box: Sandbox;

/** pamtester SERVICE USER authenticate, with `typed` on its stdin as a person would type it. */
function pamtester(user: string, typed: string): Promise<Run> {
  return runProgram('pamtester', [SERVICE, user, 'authenticate'], { env: process.env, input: typed });
}

function pinFailures(name: string): number {
  const stored = JSON.parse(readFileSync(box.store, 'utf8'));
  return stored.accounts.find((account: { name: string }) => account.name === name).failures.pin.count;
}

function lastLogLine(): { command: string; account: string | null; outcome: string; exit: number } {
  const lines = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

describePam('pin verify as the program of pam_exec, with pamtester', () => {
  beforeAll(async () => {
    box = new Sandbox();
    await box.init();
    for (const name of ['kid1', 'kid2', 'kid3']) expect((await box.run(['users', 'add', name, '--managed'])).code).toBe(0);
    expect((await box.run(['pin', 'set', 'kid1', '--stdin'], { input: '1234\n1234\n' })).code).toBe(0);
    expect((await box.run(['pin', 'set', 'kid2', '--stdin'], { input: '2468\n2468\n' })).code).toBe(0);
    // The README's recipe: an absolute program path, the store named (pam_exec passes no HOME), no account name.
    writeFileSync(
      SERVICE_FILE,
      `auth [success=ok default=die] pam_exec.so quiet stdout expose_authtok ${BIN} --store ${box.store} pin verify --stdin --require-pin\n` +
        'account required pam_permit.so\n',
      { mode: 0o644 },
    );
  });
  afterAll(() => {
    rmSync(SERVICE_FILE, { force: true });
    box?.cleanup();
  });

  test('the store is private to the user PAM runs as: the file 0600, its folder 0700', () => {
    const uid = process.getuid!();
    expect([statSync(box.store).mode & 0o777, statSync(box.store).uid]).toEqual([0o600, uid]);
    expect([statSync(dirname(box.store)).mode & 0o777, statSync(dirname(box.store)).uid]).toEqual([0o700, uid]);
  });

  test('the right PIN: authenticated, and the person sees that it was right', async () => {
    const result = await pamtester('kid1', '1234');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("kid1's PIN is right\npamtester: successfully authenticated\n");
    // The service file never names the account: it came as PAM_USER.
    expect(readFileSync(SERVICE_FILE, 'utf8')).not.toContain('kid1');
    expect(lastLogLine()).toMatchObject({ command: 'pin verify', account: 'kid1', outcome: 'ok', exit: 0 });
  });

  test('a wrong PIN: refused, our message shown, counted; the right one then clears the count', async () => {
    const result = await pamtester('kid1', '4321');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('household: wrong PIN for kid1; 4 more wrong tries start a 1-minute cooling-off\n');
    expect(result.stderr).toContain('pamtester: System error');
    expect(pinFailures('kid1')).toBe(1);
    expect((await pamtester('kid1', '1234')).code).toBe(0);
    expect(pinFailures('kid1')).toBe(0);
  });

  test('5 wrong, then the 6th is refused without a check, the right PIN too: says cooling off, count stays 5, logged', async () => {
    for (let i = 1; i <= 5; i += 1) {
      const wrong = await pamtester('kid2', '0000');
      expect(wrong.code).not.toBe(0);
      expect(wrong.stdout).toContain('wrong PIN for kid2');
    }
    expect(pinFailures('kid2')).toBe(5);
    const sixth = await pamtester('kid2', '2468');
    expect(sixth.code).not.toBe(0);
    expect(sixth.stdout).toMatch(/^household: kid2's PIN checks are cooling off after 5 wrong tries in a row; try again in /);
    expect(sixth.stdout).toContain(`an operator can clear it with: household --store ${box.store} users unlock kid2 --pin`);
    expect(sixth.stdout).not.toContain('successfully authenticated');
    expect(pinFailures('kid2')).toBe(5);
    expect(lastLogLine()).toMatchObject({ command: 'pin verify', account: 'kid2', outcome: 'COOLING_OFF', exit: 75 });
  });

  test('an account without a PIN is refused (--require-pin), and so is an unknown one', async () => {
    const noPin = await pamtester('kid3', '1234');
    expect(noPin.code).not.toBe(0);
    expect(noPin.stdout).toBe(`household: kid3 has no PIN, and --require-pin was given\nset one with: household --store ${box.store} pin set kid3\n`);
    expect(lastLogLine()).toMatchObject({ account: 'kid3', outcome: 'NO_PIN', exit: 77 });
    const unknown = await pamtester('nobody-here', '1234');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toContain('household: no account named nobody-here');
  });

  test('a store that others may read is refused, and the person is told the chmod that fixes it', async () => {
    chmodSync(box.store, 0o644);
    try {
      const result = await pamtester('kid1', '1234');
      expect(result.code).not.toBe(0);
      expect(result.stdout).toContain(`chmod 600 ${box.store}`);
    } finally {
      chmodSync(box.store, 0o600);
    }
    expect((await pamtester('kid1', '1234')).code).toBe(0);
  });
});
