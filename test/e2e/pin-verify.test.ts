import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';

/**
 * `pin verify` end to end, as another program runs it: with --stdin, the PIN as pam_exec writes it
 * (no line end, or an older Linux-PAM's trailing NUL), the account named by PAM_USER.
 * The household: admin alice (no PIN), kid1 (managed, PIN 1234), kid2 (managed, no PIN).
 */
let template: Sandbox;
let box: Sandbox;

beforeAll(async () => {
  template = new Sandbox();
  await template.init();
  for (const name of ['kid1', 'kid2']) expect((await template.run(['users', 'add', name, '--managed'])).code).toBe(0);
  expect((await template.run(['pin', 'set', 'kid1', '--stdin'], { input: '4829\n4829\n' })).code).toBe(0);
});
afterAll(() => template.cleanup());

beforeEach(() => {
  box = new Sandbox();
  mkdirSync(dirname(box.store), { mode: 0o700 });
  copyFileSync(template.store, box.store);
  copyFileSync(`${template.store}.log`, `${box.store}.log`);
});
afterEach(() => box.cleanup());

const verify = (args: string[], input: string | Buffer, env: Record<string, string> = {}) => box.run(['pin', 'verify', ...args], { input, env });

function pinFailures(name = 'kid1'): number {
  const stored = JSON.parse(readFileSync(box.store, 'utf8'));
  return stored.accounts.find((account: { name: string }) => account.name === name).failures.pin.count;
}

interface Line {
  command: string;
  account: string | null;
  outcome: string;
  exit: number;
  details: Record<string, unknown>;
}

/** The audit lines written since the household was made. */
function verifyLines(): Line[] {
  const all = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n');
  return all.map((text) => JSON.parse(text) as Line).filter((line) => line.command === 'pin verify');
}

/**
 * The audit log without what the program makes up itself: each line's time, and the key file's path
 * and id on init's line. A typed "123" must not be found in a time's milliseconds (CI once did).
 */
function logWithoutGenerated(): string {
  const all = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n');
  return all
    .map((text) => {
      const { time: _time, details, ...rest } = JSON.parse(text) as Line & { time: string };
      const { keyFile: _file, keyId: _id, ...kept } = details;
      return JSON.stringify({ ...rest, details: kept });
    })
    .join('\n');
}

const summary = (lines: Line[]) => lines.map(({ account, outcome, exit }) => [account, outcome, exit]);

describe('pin verify --stdin, end to end', () => {
  test.each([
    ['with no line end, as pam_exec writes it', '4829'],
    ['with a NUL at the end, as older Linux-PAM writes it', '4829\0'],
    ['with LF', '4829\n'],
    ['with CR LF', '4829\r\n'],
  ])('the right PIN %s: 0, a line on stderr, nothing on stdout', async (_how, input) => {
    expect(await verify(['kid1', '--stdin'], input)).toEqual({ code: 0, stdout: '', stderr: "kid1's PIN is right\n" });
    expect(summary(verifyLines())).toEqual([['kid1', 'ok', 0]]);
  });

  test('--json: the result on stdout; a wrong PIN is a JSON error on stderr', async () => {
    const right = await verify(['kid1', '--stdin', '--json'], '4829');
    expect([right.code, right.stdout, right.stderr]).toEqual([0, '{"verified":"kid1","pinRequired":true}\n', '']);
    const wrong = await verify(['kid1', '--stdin', '--json'], '2857');
    expect([wrong.code, wrong.stdout]).toEqual([77, '']);
    expect(JSON.parse(wrong.stderr)).toEqual({ error: { code: 'WRONG_PIN', message: 'wrong PIN for kid1; 4 more wrong tries start a 1-minute cooling-off' } });
  });

  test('a wrong PIN: 77 and counted; a right one then clears the count (users show --json)', async () => {
    for (const left of [4, 3]) {
      expect(await verify(['kid1', '--stdin'], '6517')).toEqual({
        code: 77,
        stdout: '',
        stderr: `household: wrong PIN for kid1; ${left} more wrong tries start a 1-minute cooling-off\n`,
      });
    }
    const show = async () => JSON.parse((await box.run(['users', 'show', 'kid1', '--json'])).stdout).lockout.pin;
    expect(await show()).toEqual({ failures: 2, coolingOffUntil: null, disabled: false });
    expect((await verify(['kid1', '--stdin'], '4829')).code).toBe(0);
    expect(await show()).toEqual({ failures: 0, coolingOffUntil: null, disabled: false });
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'WRONG_PIN', 77],
      ['kid1', 'WRONG_PIN', 77],
      ['kid1', 'ok', 0],
    ]);
  });

  test('5 wrong in a row, then the 6th is 75 without a check: nothing read, not counted, a right PIN refused too', async () => {
    for (let i = 1; i <= 5; i += 1) expect((await verify(['kid1', '--stdin'], '5038')).code).toBe(77);
    expect(pinFailures()).toBe(5);
    const sixth = await verify(['kid1', '--stdin'], '5038');
    expect(sixth.code).toBe(75);
    expect(sixth.stderr).toMatch(/^household: kid1's PIN checks are cooling off after 5 wrong tries in a row; try again in (1 minute|\d\d? seconds) \(at \d\d:\d\d:\d\d\)\n/);
    // kid1 is managed: no password, so no pin reset; an operator's unlock is the way back.
    expect(sixth.stderr.split('\n').slice(-2)).toEqual([`an operator can clear it with: household --store ${box.store} users unlock kid1 --pin`, '']);
    // The right PIN is refused the same way, and an empty input too: had it been read, that would be 64.
    expect((await verify(['kid1', '--stdin'], '4829')).code).toBe(75);
    expect((await verify(['kid1', '--stdin'], '')).code).toBe(75);
    expect(pinFailures()).toBe(5);
    expect(summary(verifyLines())).toEqual([
      ...Array(5).fill(['kid1', 'WRONG_PIN', 77]),
      ['kid1', 'COOLING_OFF', 75],
      ['kid1', 'COOLING_OFF', 75],
      ['kid1', 'COOLING_OFF', 75],
    ]);
  });

  test('disabled after 100 failures: 77 DISABLED without reading the PIN, with the way back', async () => {
    const stored = JSON.parse(readFileSync(box.store, 'utf8'));
    stored.accounts.find((account: { name: string }) => account.name === 'kid1').failures.pin = { count: 100, coolingOffUntil: null };
    writeFileSync(box.store, JSON.stringify(stored, null, 2));
    const refused = await verify(['kid1', '--stdin', '--json'], '');
    expect(refused.code).toBe(77);
    expect(JSON.parse(refused.stderr).error).toEqual({
      code: 'DISABLED',
      message: "kid1's PIN checks are disabled after 100 wrong tries in a row",
      hint: `an operator can clear it with: household --store ${box.store} users unlock kid1 --pin`,
    });
    expect((await box.run(['users', 'unlock', 'kid1', '--pin'])).code).toBe(0);
    expect((await verify(['kid1', '--stdin'], '4829')).code).toBe(0);
  });

  test('an account without a PIN: 0 and nothing read; with --require-pin 77 NO_PIN', async () => {
    // Nothing is read: neither the end of input nor a stdin that is no terminal (without --stdin) stops it.
    expect(await verify(['kid2', '--stdin', '--json'], '')).toEqual({ code: 0, stdout: '{"verified":"kid2","pinRequired":false}\n', stderr: '' });
    expect((await verify(['kid2'], '')).code).toBe(0);
    const required = await verify(['kid2', '--stdin', '--require-pin'], '4829');
    expect(required).toEqual({ code: 77, stdout: '', stderr: `household: kid2 has no PIN, and --require-pin was given\nset one with: household --store ${box.store} pin set kid2\n` });
    expect(summary(verifyLines())).toEqual([
      ['kid2', 'ok', 0],
      ['kid2', 'ok', 0],
      ['kid2', 'NO_PIN', 77],
    ]);
  });

  test('an unknown account: 67, logged with the name as given', async () => {
    expect(await verify(['kid9', '--stdin'], '4829')).toEqual({ code: 67, stdout: '', stderr: `household: no account named kid9\nhousehold --store ${box.store} users list shows every account\n` });
    expect(verifyLines().map(({ account, outcome, details }) => [account, outcome, details])).toEqual([[null, 'NO_ACCOUNT', {}]]);
  });

  test.each(['123', '12345', '12a4', ' 1234', '١٢٣٤'])('not 4 digits (%j): 65, not counted, never echoed or logged', async (typed) => {
    const result = await verify(['kid1', '--stdin'], typed);
    expect(result).toEqual({ code: 65, stdout: '', stderr: 'household: the PIN must be exactly 4 digits (0-9)\n' });
    expect(pinFailures()).toBe(0);
    expect(summary(verifyLines())).toEqual([['kid1', 'INVALID_PIN', 65]]);
    expect(logWithoutGenerated()).not.toContain(typed);
  });

  test('input that is not UTF-8: 65, not counted, and logged like any other verify', async () => {
    const result = await verify(['kid1', '--stdin'], Buffer.from([0xff, 0xfe, 0x31, 0x32]));
    expect([result.code, result.stderr]).toEqual([65, 'household: the line for "PIN for kid1" is not valid UTF-8 text\n']);
    expect(pinFailures()).toBe(0);
    expect(summary(verifyLines())).toEqual([['kid1', 'INVALID_INPUT', 65]]);
  });

  test('no line of the audit log holds a typed PIN', async () => {
    for (const input of ['4829', '5167', '4829\0', '90']) await verify(['kid1', '--stdin'], input);
    const log = logWithoutGenerated();
    for (const typed of ['4829', '5167', '"90"']) expect(log).not.toContain(typed);
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'ok', 0],
      ['kid1', 'WRONG_PIN', 77],
      ['kid1', 'ok', 0],
      ['kid1', 'INVALID_PIN', 65],
    ]);
  });
});

describe('the account from PAM_USER, as pam_exec names it', () => {
  test('NAME left out: PAM_USER is the account', async () => {
    expect(await verify(['--stdin', '--json'], '4829', { PAM_USER: 'kid1' })).toEqual({ code: 0, stdout: '{"verified":"kid1","pinRequired":true}\n', stderr: '' });
    expect((await verify(['--stdin'], '2857', { PAM_USER: 'kid1' })).code).toBe(77);
    expect(pinFailures()).toBe(1);
  });

  test('an explicit NAME wins over PAM_USER', async () => {
    expect(await verify(['kid1', '--stdin', '--json'], '4829', { PAM_USER: 'kid2' })).toEqual({ code: 0, stdout: '{"verified":"kid1","pinRequired":true}\n', stderr: '' });
    expect((await verify(['kid1', '--stdin', '--require-pin'], '2857', { PAM_USER: 'kid2' })).code).toBe(77);
    expect(pinFailures('kid1')).toBe(1);
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'ok', 0],
      ['kid1', 'WRONG_PIN', 77],
    ]);
  });

  test.each([
    ['no PAM_USER', {}],
    ['an empty PAM_USER', { PAM_USER: '' }],
  ])('NAME left out and %s: 64, nothing logged', async (_how, env) => {
    const result = await verify(['--stdin'], '4829', env);
    expect(result).toEqual({ code: 64, stdout: '', stderr: 'household: name the account (or run it from pam_exec, which sets PAM_USER)\n' });
    expect(verifyLines()).toEqual([]);
  });

  test('an unknown account from PAM_USER is answered as a wrong PIN is (77, the same words), logged with no account; named on the command line it is 67', async () => {
    const wrong = await verify(['--stdin', '--require-pin'], '2857', { PAM_USER: 'kid1' });
    const unknown = await verify(['--stdin', '--require-pin'], '2857', { PAM_USER: 'nosuch' });
    const noPin = await verify(['--stdin', '--require-pin'], '2857', { PAM_USER: 'kid2' });
    expect([wrong, unknown, noPin]).toEqual([
      { code: 77, stdout: '', stderr: 'household: wrong PIN for kid1\n' },
      { code: 77, stdout: '', stderr: 'household: wrong PIN for nosuch\n' },
      { code: 77, stdout: '', stderr: 'household: wrong PIN for kid2\n' },
    ]);
    expect(await verify(['nosuch', '--stdin'], '2857', { PAM_USER: 'kid1' })).toMatchObject({ code: 67, stderr: expect.stringContaining('no account named nosuch') });
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'WRONG_PIN', 77],
      [null, 'WRONG_PIN', 77],
      ['kid2', 'NO_PIN', 77],
      [null, 'NO_ACCOUNT', 67],
    ]);
    expect(readFileSync(`${box.store}.log`, 'utf8')).not.toContain('nosuch');
  });

  test('PAM_USER as stored up to case: KID1 gets into kid1; fullwidth ｋｉｄ１ is another user and does not', async () => {
    expect(await verify(['--stdin', '--json'], '4829', { PAM_USER: 'KID1' })).toEqual({ code: 0, stdout: '{"verified":"kid1","pinRequired":true}\n', stderr: '' });
    expect(await verify(['--stdin'], '4829', { PAM_USER: 'ｋｉｄ１' })).toEqual({ code: 77, stdout: '', stderr: 'household: wrong PIN for ｋｉｄ１\n' });
    expect(pinFailures()).toBe(0);
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'ok', 0],
      [null, 'WRONG_PIN', 77],
    ]);
  });

  test.each([
    ['nothing at all (pam_exec, an empty answer)', ''],
    ['a lone NUL (older Linux-PAM, an empty answer)', '\0'],
  ])('%s: 65, not counted, logged; the same for an unknown account and with a NAME', async (_how, input) => {
    for (const [args, env] of [[[], { PAM_USER: 'kid1' }], [[], { PAM_USER: 'nosuch' }], [['kid1'], {}]] as const) {
      expect(await verify([...args, '--stdin', '--require-pin'], input, env)).toEqual({ code: 65, stdout: '', stderr: 'household: the PIN must be exactly 4 digits (0-9)\n' });
    }
    expect(pinFailures()).toBe(0);
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'INVALID_PIN', 65],
      [null, 'INVALID_PIN', 65],
      ['kid1', 'INVALID_PIN', 65],
    ]);
  });

  test("pam_exec's environment exactly (PAM_SERVICE, PAM_USER, PAM_TYPE; no PATH, HOME or XDG_*) with --store", async () => {
    const pamEnv = { PAM_SERVICE: 'household-test', PAM_USER: 'kid1', PAM_TYPE: 'auth' };
    const args = ['--store', box.store, 'pin', 'verify', '--stdin', '--require-pin'];
    expect(await exactEnvRun(args, '4829', pamEnv)).toEqual({ code: 0, stdout: '', stderr: "kid1's PIN is right\n" });
    expect((await exactEnvRun(args, '1243', pamEnv)).code).toBe(77);
    expect(summary(verifyLines())).toEqual([
      ['kid1', 'ok', 0],
      ['kid1', 'WRONG_PIN', 77],
    ]);
    // Who acted comes from the process's uid, not from $USER, which pam_exec does not set.
    const actors = readFileSync(`${box.store}.log`, 'utf8').trimEnd().split('\n').slice(-2).map((text) => JSON.parse(text).actor);
    expect(actors).toEqual(Array(2).fill({ user: userInfo().username, sudoUser: null, from: null }));
  });
});

/** The built CLI with exactly `env` (Sandbox.run always adds PATH and HOME). */
function exactEnvRun(args: string[], input: string, env: Record<string, string>): Promise<Run> {
  return runProgram(process.execPath, [BIN, ...args], { env, cwd: '/', input });
}
