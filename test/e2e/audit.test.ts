import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/domain/audit.js';
import { asRoot } from '../fakes/refusals.js';
import { auditLogOf, oldLine } from './audit-log.js';
import { BIN, binAnyUserCanRun, runProgram, Sandbox, type Run } from './cli.js';
import { Terminal } from './terminal.js';

/**
 * The audit log through the built CLI: the lines each command leaves in `<store>.log`, read back as raw
 * bytes; what `household log` shows of them; and what happens when the log is torn, ahead of the store,
 * past 1 MiB, or cannot be written.
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const ME = userInfo().username;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MiB = 1024 * 1024;

const { logPath, rawLog, storeBytes, storeSequence, logLines, ok, expectCode, shownLines } = auditLogOf(() => box);

/** Runs the CLI with a file size limit (ulimit -f, in KiB as bash counts it). */
function runLimited(limitKiB: number, args: string[], input = ''): Promise<Run> {
  const command = [process.execPath, BIN, '--store', box.store, ...args];
  return runProgram('bash', ['-c', `ulimit -f ${limitKiB}; exec "$@"`, 'bash', ...command], { env: { PATH: process.env.PATH, ...box.env }, input });
}

const ALICE_PASSWORD = 'Alice-Secret-1';
const BOB_PASSWORDS = ['Bob-Secret-22', 'Bob-Secret-33', 'Bob-Secret-44'];
const WRONG_PASSWORD = 'Wrong-Secret-55';
const PINS = { alice: '4821', kiddo: '5937', bob: '6184', kid2: '2468', aliceReset: '7315' };
const WRONG_PINS = ['3790', '9462'];
const EMAIL = 'bob.private@example.org';

describe('every kind of line, from the built CLI', () => {
  test('each command leaves its line with the documented fields, and no secret, hash or address is anywhere in the file', async () => {
    const started = Date.now();
    const sshEnv = { SSH_CONNECTION: '203.0.113.9 50022 10.0.0.1 22', SUDO_USER: 'carol' };
    await ok(['init', '--admin', 'alice', '--plan', 'pass', '--stdin'], `${ALICE_PASSWORD}\n${ALICE_PASSWORD}\n${PINS.alice}\n${PINS.alice}\n`);
    await ok(['users', 'add', 'kid1', '--managed', '--restriction', 'teen'], undefined, sshEnv);
    await ok(['users', 'add', 'bob', '--member', '--stdin'], `${BOB_PASSWORDS[0]}\n${BOB_PASSWORDS[0]}\n`);
    await ok(['users', 'add', 'kid2', '--managed']);
    await ok(['users', 'set', 'KID1', '--rename', 'Kiddo']);
    await ok(['users', 'set', 'bob', '--email', EMAIL]);
    await ok(['pin', 'set', 'kiddo', '--stdin'], `${PINS.kiddo}\n${PINS.kiddo}\n`);
    await ok(['pin', 'set', 'kid2', '--stdin'], `${PINS.kid2}\n${PINS.kid2}\n`);
    await ok(['pin', 'set', 'bob', '--stdin'], `${BOB_PASSWORDS[0]}\n${PINS.bob}\n${PINS.bob}\n`);
    await ok(['pin', 'verify', 'bob', '--stdin'], `${PINS.bob}\n`);
    await expectCode(['pin', 'verify', 'bob', '--stdin'], 77, `${WRONG_PINS[0]}\n`);
    await ok(['pin', 'verify', 'kid2', '--stdin'], `${PINS.kid2}\n`);
    await ok(['users', 'add', 'kid3', '--managed']);
    await ok(['pin', 'verify', 'kid3']);
    await expectCode(['pin', 'verify', 'kid3', '--require-pin'], 77);
    for (let i = 1; i <= 5; i += 1) await expectCode(['pin', 'remove', 'alice', '--stdin'], 77, `${WRONG_PINS[1]}\n`);
    await expectCode(['pin', 'remove', 'alice', '--stdin'], 75, `${WRONG_PINS[1]}\n`);
    await ok(['users', 'unlock', 'alice', '--pin']);
    await ok(['pin', 'remove', 'Kiddo']);
    await ok(['pin', 'remove', 'kiddo', 'kid2', 'kid3']);
    // Nothing to remove any more: no line.
    await ok(['pin', 'remove', 'kiddo', 'kid2']);
    await ok(['pin', 'reset', 'alice', '--stdin'], `${PINS.aliceReset}\n${PINS.aliceReset}\n${ALICE_PASSWORD}\n`);
    await ok(['password', 'set', 'bob', '--stdin'], `${BOB_PASSWORDS[0]}\n${BOB_PASSWORDS[1]}\n${BOB_PASSWORDS[1]}\n`);
    await ok(['password', 'reset', 'bob', '--stdin'], `${ALICE_PASSWORD}\n${BOB_PASSWORDS[2]}\n${BOB_PASSWORDS[2]}\n`);
    await expectCode(['password', 'set', 'bob', '--stdin'], 77, `${WRONG_PASSWORD}\n${BOB_PASSWORDS[0]}\n${BOB_PASSWORDS[0]}\n`);
    await ok(['plan', 'set', 'free']);
    // The same plan again: no line.
    await ok(['plan', 'set', 'free']);
    // An account whose PIN checks are disabled (100 failures in a row, made by hand): refused, logged.
    const store = JSON.parse(readFileSync(box.store, 'utf8'));
    store.accounts.find((a: { name: string }) => a.name === 'bob').failures.pin = { count: 100, coolingOffUntil: null };
    writeFileSync(box.store, JSON.stringify(store, null, 2));
    await expectCode(['pin', 'verify', 'bob', '--stdin'], 77, `${PINS.bob}\n`);
    await ok(['users', 'unlock', 'bob']);
    await ok(['users', 'remove', 'kid3']);

    const lines = logLines();
    expect(lines.map(({ seq, command, account, outcome, exit, details }) => [seq, command, account, outcome, exit, details])).toEqual([
      [1, 'init', 'alice', 'ok', 0, { plan: 'pass', pinRequired: true, recoveryCodes: 10, keyFile: join(box.dir, 'config', 'household', 'household.json.key'), keyId: expect.stringMatching(/^[0-9a-f]{8}$/) }],
      [2, 'users add', 'kid1', 'ok', 0, { kind: 'managed', restriction: 'teen' }],
      [3, 'users add', 'bob', 'ok', 0, { kind: 'member', restriction: null }],
      [4, 'users add', 'kid2', 'ok', 0, { kind: 'managed', restriction: null }],
      [5, 'users set', 'Kiddo', 'ok', 0, { previousName: 'kid1' }],
      [6, 'users set', 'bob', 'ok', 0, { email: 'changed' }],
      [7, 'pin set', 'Kiddo', 'ok', 0, { replaced: false }],
      [8, 'pin set', 'kid2', 'ok', 0, { replaced: false }],
      [9, 'pin set', 'bob', 'ok', 0, { replaced: false }],
      [9, 'pin verify', 'bob', 'ok', 0, { pinRequired: true }],
      [9, 'pin verify', 'bob', 'WRONG_PIN', 77, { proof: 'PIN', failures: 1 }],
      [9, 'pin verify', 'kid2', 'ok', 0, { pinRequired: true }],
      [10, 'users add', 'kid3', 'ok', 0, { kind: 'managed', restriction: null }],
      [10, 'pin verify', 'kid3', 'ok', 0, { pinRequired: false }],
      [10, 'pin verify', 'kid3', 'NO_PIN', 77, { pinRequired: false }],
      ...[1, 2, 3, 4, 5].map((failures) => [10, 'pin remove', 'alice', 'WRONG_PIN', 77, { proof: 'PIN', failures }]),
      [10, 'pin remove', 'alice', 'COOLING_OFF', 75, { proof: 'PIN' }],
      [11, 'users unlock', 'alice', 'ok', 0, { kinds: ['pin'] }],
      [12, 'pin remove', 'Kiddo', 'ok', 0, { removed: ['Kiddo'], unchanged: [] }],
      [13, 'pin remove', null, 'ok', 0, { removed: ['kid2'], unchanged: ['Kiddo', 'kid3'] }],
      [14, 'pin reset', 'alice', 'ok', 0, {}],
      [15, 'password set', 'bob', 'ok', 0, {}],
      [16, 'password reset', 'bob', 'ok', 0, { vouchedBy: 'alice' }],
      [16, 'password set', 'bob', 'WRONG_PASSWORD', 77, { proof: 'password', failures: 1 }],
      [17, 'plan set', null, 'ok', 0, { plan: 'free', previous: 'pass' }],
      [17, 'pin verify', 'bob', 'DISABLED', 77, { proof: 'PIN' }],
      [18, 'users unlock', 'bob', 'ok', 0, { kinds: ['pin', 'password'] }],
      [19, 'users remove', 'kid3', 'ok', 0, { kind: 'managed' }],
    ]);
    expect(storeSequence()).toBe(19);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['time', 'seq', 'change', 'command', 'account', 'outcome', 'exit', 'actor', 'details']);
      expect(line.change).toBe(line.outcome === 'ok' && line.command !== 'pin verify');
      expect(line.time).toMatch(ISO_UTC);
      expect(Date.parse(line.time)).toBeGreaterThanOrEqual(started - 1000);
      expect(Date.parse(line.time)).toBeLessThanOrEqual(Date.now() + 1000);
      expect(line.actor).toEqual(line.command === 'users add' && line.account === 'kid1' ? { user: ME, sudoUser: 'carol', from: '203.0.113.9' } : { user: ME, sudoUser: null, from: null });
    }
    // Newest last: the times never go back.
    expect(lines.map((line) => line.time)).toEqual(lines.map((line) => line.time).sort());

    expect(statSync(logPath()).mode & 0o777).toBe(0o600);
    const raw = rawLog();
    const secrets = [ALICE_PASSWORD, ...BOB_PASSWORDS, WRONG_PASSWORD, ...Object.values(PINS), ...WRONG_PINS, EMAIL, 'example.org', '$argon2id$', 'argon2'];
    for (const secret of secrets) expect([secret, raw.includes(Buffer.from(secret))]).toEqual([secret, false]);
    // And `household log --json` shows exactly the lines of the file.
    expect(await shownLines(['--limit', '1000'])).toEqual(lines);
  });

  test('the actor: $SUDO_USER, the client address of $SSH_CONNECTION (garbage: null), the login name from the uid, not $USER', async () => {
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed'], undefined, { SSH_CONNECTION: '203.0.113.9 50022 10.0.0.1 22', SUDO_USER: 'carol', USER: 'mallory', LOGNAME: 'mallory' });
    await ok(['users', 'add', 'kid2', '--managed'], undefined, { SSH_CONNECTION: 'garbage', SUDO_USER: '' });
    await ok(['users', 'add', 'kid3', '--managed'], undefined, { SSH_CONNECTION: '2001:db8::7 50022 2001:db8::1 22' });
    expect(logLines().map((line) => line.actor)).toEqual([
      { user: ME, sudoUser: null, from: null },
      { user: ME, sudoUser: 'carol', from: '203.0.113.9' },
      { user: ME, sudoUser: null, from: null },
      { user: ME, sudoUser: null, from: '2001:db8::7' },
    ]);
    const piped = await ok(['log']);
    expect(piped.stdout.split('\n')[1].split('\t')[1]).toBe(`${ME} (sudo carol) from 203.0.113.9`);
  });

  // Only root can run a command as a user id that has no passwd entry (a container's).
  asRoot('a user id with no passwd entry is named by its number (needs root: to run as a user id with no passwd entry)', async () => {
    await box.init();
    const uid = 54321;
    execFileSync('chown', ['-R', `${uid}:${uid}`, box.dir]);
    const result = spawnSync(process.execPath, [binAnyUserCanRun(), '--store', box.store, 'users', 'add', 'kid1', '--managed'], { uid, gid: uid, env: { PATH: process.env.PATH, ...box.env }, encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, 'added managed account kid1\n']);
    expect(logLines().at(-1)!.actor).toEqual({ user: `uid ${uid}`, sudoUser: null, from: null });
  });

  test('a name with a line separator or a bidi control (legal in a version 1 store) stays inside its one line, escaped', async () => {
    await box.init();
    // Version 1 refused only C0 and C1 controls: a store of its time may hold these, and keeps working.
    const evil = 'x\u2028{"seq":0}\u202e';
    const store = JSON.parse(readFileSync(box.store, 'utf8'));
    store.accounts.push({ name: evil, kind: 'managed', email: null, restriction: 'none', passwordHash: null, pinHash: null, failures: store.accounts[0].failures });
    writeFileSync(box.store, JSON.stringify(store, null, 2));
    await ok(['users', 'set', evil, '--restriction', 'teen']);
    const raw = rawLog().toString('utf8');
    expect(raw.split('\n')).toHaveLength(3);
    expect(raw).not.toMatch(/[\u2028\u202e]/);
    expect(raw).toContain('x\\u2028{\\"seq\\":0}\\u202e');
    expect(logLines()[1].account).toBe(evil);
    const piped = await ok(['log']);
    expect(piped.stdout).toContain('\tusers set\tx\\u2028{"seq":0}\\u202e\tok\n');
    expect(piped.stdout.split('\n')).toHaveLength(3);
  });
});

describe('reads and usage errors add nothing', () => {
  test('users list/show, log, config get, and every usage error leave the log and the store as they were', async () => {
    await box.init('7391');
    await ok(['users', 'add', 'kid1', '--managed']);
    const log = rawLog();
    const store = storeBytes();
    const reads = [
      ['users', 'list'],
      ['users', 'list', '--json'],
      ['users', 'show', 'alice'],
      ['users', 'show', 'kid1', '--json'],
      ['log'],
      ['log', '--json', '--account', 'kid1'],
      ['config', 'get', 'store'],
    ];
    for (const args of reads) await ok(args);
    const usage = [
      ['users', 'add'],
      ['users', 'add', 'kid2', '--managed', '--member'],
      ['users', 'set', 'kid1'],
      ['users', 'set', 'alice', '--email', 'a@example.org', '--no-email'],
      ['pin', 'set'],
      ['pin', 'remove'],
      ['pin', 'remove', 'alice', '--bogus'],
      ['pin', 'verify', 'alice'],
      ['pin', 'set', 'alice'],
      ['password', 'set', 'alice'],
      ['log', '--limit', 'x'],
      ['log', '--since', 'soon'],
      ['frobnicate'],
    ];
    for (const args of usage) await expectCode(args, 64);
    expect(rawLog().equals(log)).toBe(true);
    expect(storeBytes().equals(store)).toBe(true);
  });
});

describe('a log left by a crash', () => {
  test('a torn last line: log warns on stderr, exits 0 and shows the rest; the next change cuts it off', async () => {
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed']);
    const whole = rawLog();
    const next = oldLine(2, new Date().toISOString(), { command: 'users add', account: 'kid2' });
    appendFileSync(logPath(), next.slice(0, Math.floor(next.length / 2)));
    const shown = await box.run(['log']);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe(`household: warning: the last line of ${logPath()} is incomplete (a writer was stopped mid-line); skipped\n`);
    expect(shown.stdout.trimEnd().split('\n').map((row) => row.split('\t')[2])).toEqual(['init', 'users add']);
    const json = await box.run(['log', '--json']);
    expect([json.code, (JSON.parse(json.stdout) as AuditEntry[]).length]).toEqual([0, 2]);
    expect(json.stderr).toContain('is incomplete');

    await ok(['users', 'add', 'kid3', '--managed']);
    const after = rawLog();
    expect(after.subarray(0, whole.length).equals(whole)).toBe(true);
    expect(logLines().map((line) => [line.seq, line.account])).toEqual([
      [1, 'alice'],
      [2, 'kid1'],
      [3, 'kid3'],
    ]);
    const clean = await box.run(['log']);
    expect([clean.code, clean.stderr]).toEqual([0, '']);
  });

  /** Rewrites the log's whole lines, each through `change` (its JSON text and its index), keeping the file. */
  function rewriteLog(change: (line: string, index: number) => string): void {
    const lines = readFileSync(logPath(), 'utf8').split('\n').slice(0, -1);
    writeFileSync(logPath(), `${lines.map(change).join('\n')}\n`);
  }
  const unreadable = (which: string) =>
    `household: warning: ${which} of ${logPath()} cannot be read as audit entries (not JSON, or a field missing or of the wrong type); skipped\n`;

  test('lines that cannot be read ("actor": null, not JSON): log warns once, naming them, exits 0 and shows the rest, in every format; nothing is deleted', async () => {
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed']);
    await ok(['users', 'add', 'kid2', '--managed']);
    rewriteLog((line, index) => (index === 1 ? JSON.stringify({ ...JSON.parse(line), actor: null }) : line));
    writeFileSync(logPath(), `not json at all\n${readFileSync(logPath(), 'utf8')}`);
    const kept = rawLog();

    const piped = await box.run(['log']);
    expect([piped.code, piped.stderr]).toEqual([0, unreadable('lines 1 and 3')]);
    expect(piped.stdout.trimEnd().split('\n').map((row) => row.split('\t').slice(2, 4))).toEqual([
      ['init', 'alice'],
      ['users add', 'kid2'],
    ]);
    const json = await box.run(['log', '--json']);
    expect([json.code, json.stderr]).toEqual([0, unreadable('lines 1 and 3')]);
    expect((JSON.parse(json.stdout) as AuditEntry[]).map((line) => line.account)).toEqual(['alice', 'kid2']);
    const term = new Terminal(['log', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    expect(await term.exited).toBe(0);
    expect(term.screen).toContain('lines 1 and 3 of');
    expect(term.screen).toMatch(/users add +│ kid2/);

    await ok(['users', 'add', 'kid3', '--managed']);
    expect(rawLog().subarray(0, kept.length).equals(kept)).toBe(true);
    expect((await shownLines()).map((line) => line.account)).toEqual(['alice', 'kid2', 'kid3']);
  });

  test('an unreadable line never lets a change show that did not land', async () => {
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed']);
    // A writer killed before its rename left a line for number 3; the next change took 3, landed, and its line is then damaged.
    const ghostTime = new Date().toISOString();
    appendFileSync(logPath(), oldLine(3, ghostTime, { command: 'users add', account: 'ghost', details: { kind: 'managed', restriction: null } }));
    await ok(['users', 'add', 'kid2', '--managed']);
    expect(storeSequence()).toBe(3);
    rewriteLog((line, index) => (index === 3 ? JSON.stringify({ ...JSON.parse(line), actor: null }) : line));
    const shown = await box.run(['log']);
    expect([shown.code, shown.stderr]).toEqual([0, unreadable('line 4')]);
    expect(shown.stdout.trimEnd().split('\n').map((row) => row.split('\t')[3])).toEqual(['alice', 'kid1']);

    // A line that is not JSON at all may have been any change: the change before it is not shown, and a warning says why.
    rewriteLog((line, index) => (index === 3 ? '{"time": "2026-' : line));
    const doubted = await box.run(['log']);
    expect(doubted.code).toBe(0);
    expect(doubted.stderr).toBe(
      unreadable('line 4') +
        `household: warning: the users add of ${ghostTime} (ghost) is not shown: line 4 of ${logPath()}, which cannot be read, may be the change that replaced it\n`,
    );
    expect(doubted.stdout.trimEnd().split('\n').map((row) => row.split('\t')[3])).toEqual(['alice', 'kid1']);
  });

  test('a line past the store (a writer killed before its rename) is hidden; the next change takes its number and is shown; nothing is deleted', async () => {
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed']);
    expect(storeSequence()).toBe(2);
    appendFileSync(logPath(), oldLine(3, new Date().toISOString(), { command: 'users add', account: 'ghost', details: { kind: 'managed', restriction: null } }));
    expect((await shownLines()).map((line) => line.account)).toEqual(['alice', 'kid1']);
    await expectCode(['users', 'show', 'ghost'], 67);

    await ok(['users', 'add', 'kid2', '--managed']);
    expect(storeSequence()).toBe(3);
    expect((await shownLines()).map((line) => [line.seq, line.account])).toEqual([
      [1, 'alice'],
      [2, 'kid1'],
      [3, 'kid2'],
    ]);
    // The file keeps every whole line: the one that never landed stays, replaced by the later 3.
    expect(logLines().map((line) => [line.seq, line.account])).toEqual([
      [1, 'alice'],
      [2, 'kid1'],
      [3, 'ghost'],
      [3, 'kid2'],
    ]);
  });

  test('a restored backup hides the changes it undid, without deleting them, and they stay hidden as the numbers are taken again', async () => {
    await box.init();
    const backup = readFileSync(box.store);
    await ok(['users', 'add', 'kid1', '--managed']);
    await ok(['users', 'add', 'kid2', '--managed']);
    writeFileSync(box.store, backup);
    expect((await shownLines()).map((line) => line.account)).toEqual(['alice']);
    await ok(['users', 'add', 'kid3', '--managed']);
    expect((await shownLines()).map((line) => [line.seq, line.account])).toEqual([
      [1, 'alice'],
      [2, 'kid3'],
    ]);
    expect(logLines().map((line) => line.account)).toEqual(['alice', 'kid1', 'kid2', 'kid3']);
  });

  test('a torn line after lines past the store is cut; the whole lines stay; events are shown whatever their number', async () => {
    await box.init();
    const now = new Date().toISOString();
    appendFileSync(logPath(), oldLine(2, now, { command: 'pin remove', account: null, details: { removed: ['ghost1'], unchanged: [] } }));
    appendFileSync(logPath(), oldLine(2, now, { command: 'pin verify', account: 'ghost2', outcome: 'WRONG_PIN', exit: 77 }));
    appendFileSync(logPath(), oldLine(2, now, { account: 'ghost3' }).slice(0, 40));
    const shown = await box.run(['log', '--json']);
    // The change past the store is hidden; the failed verify is a fact, shown.
    expect((JSON.parse(shown.stdout) as AuditEntry[]).map((line) => [line.command, line.account])).toEqual([
      ['init', 'alice'],
      ['pin verify', 'ghost2'],
    ]);
    await ok(['pin', 'verify', 'alice']);
    expect(logLines().map((line) => [line.seq, line.command, line.account])).toEqual([
      [1, 'init', 'alice'],
      [2, 'pin remove', null],
      [2, 'pin verify', 'ghost2'],
      [1, 'pin verify', 'alice'],
    ]);
    expect(rawLog().includes('ghost3')).toBe(false);
  });
});

describe('rotation past 1 MiB', () => {
  /** An init'ed store (sequence 1) whose log is `size` bytes of landed lines, the last the init line. */
  async function logOfSize(size: number): Promise<Buffer> {
    await box.init();
    const init = rawLog();
    const filler: string[] = [];
    let length = init.length;
    const base = Date.parse('2025-01-01T00:00:00Z');
    for (let i = 0; ; i += 1) {
      const time = new Date(base + i * 1000).toISOString();
      const line = oldLine(1, time, { details: { pinRequired: false, n: i } });
      const bare = oldLine(1, time, { details: { pinRequired: false, n: i, pad: '' } });
      if (size - length - line.length < bare.length + 10) {
        // The last filler line is padded so that the file is exactly `size` bytes.
        filler.push(oldLine(1, time, { details: { pinRequired: false, n: i, pad: 'x'.repeat(size - length - bare.length) } }));
        break;
      }
      filler.push(line);
      length += line.length;
    }
    const bytes = Buffer.concat([Buffer.from(filler.join('')), init]);
    writeFileSync(logPath(), bytes);
    expect(statSync(logPath()).size).toBe(size);
    return bytes;
  }

  test('a log just over 1 MiB becomes .log.1 on the next change; log shows both generations in order', async () => {
    const old = await logOfSize(MiB + 1);
    const oldCount = old.toString('utf8').split('\n').length - 1;
    await ok(['users', 'add', 'kid1', '--managed']);
    expect(readFileSync(`${logPath()}.1`).equals(old)).toBe(true);
    expect(statSync(`${logPath()}.1`).mode & 0o777).toBe(0o600);
    expect(logLines().map((line) => [line.seq, line.command, line.account])).toEqual([[2, 'users add', 'kid1']]);
    expect(statSync(logPath()).mode & 0o777).toBe(0o600);

    const all = await shownLines(['--limit', '100000']);
    expect(all).toHaveLength(oldCount + 1);
    expect(all.slice(0, oldCount)).toEqual(logLines(`${logPath()}.1`));
    expect(all.at(-1)).toMatchObject({ seq: 2, command: 'users add', account: 'kid1' });
    // The default: the newest 50, across the two files.
    const last = await shownLines();
    expect(last).toEqual(all.slice(-50));
    expect(last.map((line) => line.command).slice(-2)).toEqual(['init', 'users add']);
  });

  test('a log of exactly 1 MiB is not rotated yet', async () => {
    const old = await logOfSize(MiB);
    await ok(['users', 'add', 'kid1', '--managed']);
    expect(existsSync(`${logPath()}.1`)).toBe(false);
    expect(rawLog().subarray(0, old.length).equals(old)).toBe(true);
  });

  test('one older generation is kept: an existing .log.1 is replaced', async () => {
    const old = await logOfSize(MiB + 100);
    writeFileSync(`${logPath()}.1`, oldLine(0, '2024-01-01T00:00:00.000Z', { account: 'oldest' }), { mode: 0o600 });
    await ok(['plan', 'set', 'free']);
    expect(readFileSync(`${logPath()}.1`).equals(old)).toBe(true);
    // The older generation is not read: a name only it holds is no account's (67), and nothing is shown.
    expect((await expectCode(['log', '--json', '--account', 'oldest'], 67)).stdout).toBe('');
  });

  test('a .log.1 that is a folder: 78 naming it, nothing changed', async () => {
    const old = await logOfSize(MiB + 1);
    mkdirSync(`${logPath()}.1`);
    const store = storeBytes();
    const result = await expectCode(['users', 'add', 'kid1', '--managed'], 78);
    expect(result.stderr).toContain(`the audit log ${logPath()}.1 is unusable`);
    expect(storeBytes().equals(store)).toBe(true);
    expect(rawLog().equals(old)).toBe(true);
  });
});

describe('a log that cannot be written refuses the change', () => {
  /** Pads the log with landed lines to exactly `size` bytes. */
  function padLog(size: number): void {
    const current = rawLog().length;
    const bare = oldLine(1, '2025-01-01T00:00:00.000Z', { details: { pad: '' } });
    expect(size - current).toBeGreaterThan(bare.length);
    appendFileSync(logPath(), oldLine(1, '2025-01-01T00:00:00.000Z', { details: { pad: 'x'.repeat(size - current - bare.length) } }));
    expect(rawLog().length).toBe(size);
  }

  test('a file size limit below the log: 74, the store byte for byte as it was, no line', async () => {
    await box.init();
    padLog(3 * 1024 + 10);
    const store = storeBytes();
    const log = rawLog();
    expect(store.length).toBeLessThan(2 * 1024);
    const result = await runLimited(3, ['users', 'add', 'kid1', '--managed']);
    expect(result.code).toBe(74);
    expect(result.stderr).toContain(`could not write the audit log ${logPath()}`);
    expect(result.stderr).toContain('EFBIG');
    expect(storeBytes().equals(store)).toBe(true);
    expect(rawLog().equals(log)).toBe(true);
    // Without the limit, the same command works.
    await ok(['users', 'add', 'kid1', '--managed']);
  });

  test('a limit reached halfway through the line: the half line is taken back, nothing changed', async () => {
    await box.init();
    padLog(3 * 1024 - 60);
    const store = storeBytes();
    const log = rawLog();
    const result = await runLimited(3, ['users', 'add', 'kid1', '--managed']);
    expect(result.code).toBe(74);
    expect(storeBytes().equals(store)).toBe(true);
    expect(rawLog().equals(log)).toBe(true);
    const shown = await box.run(['log']);
    expect([shown.code, shown.stderr]).toEqual([0, '']);
  });

  test('a right and a wrong PIN both get 74 when their line cannot be written; only the wrong one stays counted', async () => {
    await box.init('7391');
    padLog(3 * 1024 + 10);
    const log = rawLog();
    const right = await runLimited(3, ['pin', 'remove', 'alice', '--stdin'], '7391\n');
    const afterRight = JSON.parse(storeBytes().toString('utf8'));
    const wrong = await runLimited(3, ['pin', 'remove', 'alice', '--stdin'], '6142\n');
    const afterWrong = JSON.parse(storeBytes().toString('utf8'));
    expect([right.code, wrong.code]).toEqual([74, 74]);
    expect(afterRight.accounts[0].pinHash).not.toBeNull();
    expect(afterRight.accounts[0].failures.pin.count).toBe(0);
    expect(afterWrong.accounts[0].failures.pin.count).toBe(1);
    expect(afterWrong.sequence).toBe(1);
    expect(rawLog().equals(log)).toBe(true);
  });

  test.each<[string, () => void]>([
    [
      'a symbolic link',
      () => {
        copyFileSync(logPath(), join(box.dir, 'elsewhere.log'));
        unlinkSync(logPath());
        symlinkSync(join(box.dir, 'elsewhere.log'), logPath());
      },
    ],
    [
      'a folder',
      () => {
        unlinkSync(logPath());
        mkdirSync(logPath());
      },
    ],
    ['readable by others (0644)', () => chmodSync(logPath(), 0o644)],
    ['writable by the group (0620)', () => chmodSync(logPath(), 0o620)],
    [
      'a FIFO',
      () => {
        unlinkSync(logPath());
        execFileSync('mkfifo', ['-m', '600', logPath()]);
      },
    ],
  ])('a log path that is %s: 78 naming the log, the store unchanged', async (_label, spoil) => {
    await box.init();
    spoil();
    const store = storeBytes();
    const result = await expectCode(['users', 'add', 'kid1', '--managed'], 78);
    expect(result.stderr).toContain(`the audit log ${logPath()} is unusable`);
    expect(storeBytes().equals(store)).toBe(true);
    const shown = await expectCode(['log'], 78);
    expect(shown.stderr).toContain(`the audit log ${logPath()} is unusable`);
    if (existsSync(join(box.dir, 'elsewhere.log'))) expect(logLines(join(box.dir, 'elsewhere.log'))).toHaveLength(1);
  });
});
