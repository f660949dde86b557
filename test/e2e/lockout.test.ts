import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { acquireLock } from '../../src/store/lock.js';
import { BIN, Sandbox, runProgram, type Run } from './cli.js';
import { SECRETS, fixture, hashSecrets, hashes, open, writtenStoreOf } from './written-stores.js';

/**
 * The lockout that holds, end to end against the built CLI: every attempt is counted before its secret
 * is checked, so no number of parallel or waiting processes gets more than 5 checks, an attempt that
 * cannot be recorded is never checked (a right and a wrong secret look the same), and the limits the
 * store's own values could break (a cooling-off in 9999, argon2 parameters that hang) are bounded; and
 * what a person reads of it.
 * Stores are written directly (written-stores.ts: v2, real argon2id hashes), to start from any lockout state at once.
 */
beforeAll(hashSecrets);

let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { writeStore, storeText, alice, logText, logLines, start } = writtenStoreOf(() => box);

/** Runs with a deadline: a command that hangs is killed and reported as such, instead of hanging the suite. */
async function runWithin(args: string[], input: string, limitMs: number): Promise<Run & { ms: number }> {
  const started = Date.now();
  const { child, done } = start(args);
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const result = await done;
  clearTimeout(timer);
  return { ...result, ms: Date.now() - started };
}

/** The CLI under `ulimit -f 0`: any write that would grow a file fails with EFBIG. */
function runUnderFileLimit(args: string[], input: string): Promise<Run> {
  const command = [process.execPath, BIN, '--store', box.store, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return runProgram('bash', ['-c', `ulimit -f 0; exec ${command}`], { env: { PATH: process.env.PATH, ...box.env }, input });
}

/**
 * Whether the process is blocked reading its standard input (descriptor 0): the kernel's view of the
 * system call it sleeps in (`read` is 0 on x86-64, 63 on arm64), so no timing guess is involved.
 */
const READ_SYSCALL = process.arch === 'arm64' ? '63' : '0';
function waitingOnStdin(pid: number): boolean {
  try {
    const [call, fd] = readFileSync(`/proc/${pid}/syscall`, 'utf8').trim().split(' ');
    return call === READ_SYSCALL && fd === '0x0';
  } catch {
    return false;
  }
}

async function untilWaitingOnStdin(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!waitingOnStdin(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} never got to read its standard input`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const codes = (runs: Run[]) => runs.map((r) => r.code);
const tally = (values: Array<string | number | null>) => values.reduce<Record<string, number>>((acc, value) => ({ ...acc, [String(value)]: (acc[String(value)] ?? 0) + 1 }), {});

describe('no number of parallel or waiting processes gets more than 5 checks', () => {
  test('30 wrong PINs at once: 5 are checked (77), the other 25 are refused unchecked (75)', async () => {
    writeStore(fixture());
    // All 30 first read the store and find alice open (so the refusal before the prompt lets each
    // through); then every PIN is given at once, and only the count under the lock stands in the way.
    const guessers = Array.from({ length: 30 }, () => start(['pin', 'remove', 'alice', '--stdin']));
    let runs: Run[];
    try {
      for (const { child } of guessers) await untilWaitingOnStdin(child.pid!);
      guessers.forEach(({ child }, i) => child.stdin.end(`${2000 + i}\n`));
      runs = await Promise.all(guessers.map(({ done }) => done));
    } finally {
      for (const { child } of guessers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    expect(tally(codes(runs))).toEqual({ 77: 5, 75: 25 });
    for (const r of runs.filter((r) => r.code === 77)) expect(r.stderr).toMatch(/^household: wrong PIN for alice/);
    for (const r of runs.filter((r) => r.code === 75)) expect(r.stderr).toMatch(/^household: alice's PIN checks are cooling off after 5 wrong tries in a row/);
    const after = alice();
    expect(after.failures.pin.count).toBe(5);
    expect(after.pinHash).toBe(hashes.alicePin);
    // Every checked PIN and every refusal left its line; the 25 refusals counted nothing.
    expect(tally(logLines().map((line) => line.outcome))).toEqual({ WRONG_PIN: 5, COOLING_OFF: 25 });
  });

  test('processes that read the store before the lockout and then wait with a PIN typed: none is checked, not even the right PIN', async () => {
    writeStore(fixture());
    // Each parks on its standard input after reading the store (the account was open then).
    const parked = [
      { args: ['pin', 'remove', 'alice', '--stdin'], input: '0001\n' },
      { args: ['pin', 'remove', 'alice', '--stdin'], input: `${SECRETS.alicePin}\n` },
      { args: ['pin', 'set', 'alice', '--stdin'], input: `${SECRETS.alicePin}\n9263\n9263\n` },
      { args: ['pin', 'verify', 'alice', '--stdin'], input: `${SECRETS.alicePin}\n` },
      { args: ['pin', 'remove', 'alice', '--stdin'], input: '0002\n' },
      { args: ['pin', 'verify', 'alice', '--stdin'], input: '0003\n' },
    ].map((spec) => ({ ...spec, ...start(spec.args) }));
    try {
      await feedAfterLockout(parked);
    } finally {
      // A failed expectation must not leave processes waiting on their input behind.
      for (const { child } of parked) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  async function feedAfterLockout(parked: Array<{ child: ChildProcessWithoutNullStreams; done: Promise<Run>; input: string }>): Promise<void> {
    const before = alice();
    for (const { child } of parked) await untilWaitingOnStdin(child.pid!);

    // The lockout starts while they wait: 5 wrong PINs, one after the other.
    for (let i = 0; i < 5; i += 1) {
      expect((await box.run(['pin', 'remove', 'alice', '--stdin'], { input: `900${i}\n` })).code).toBe(77);
    }
    const lockedOut = alice().failures.pin;
    expect(lockedOut.count).toBe(5);

    // Fed one by one: every one is refused under the lock, without a check and without being counted.
    for (const { child, done, input } of parked) {
      child.stdin.end(input);
      const result = await done;
      expect(result.code).toBe(75);
      expect(result.stderr).toMatch(/^household: alice's PIN checks are cooling off after 5 wrong tries in a row/);
    }
    const after = alice();
    expect(after.pinHash).toBe(before.pinHash);
    expect(after.failures.pin).toEqual(lockedOut);
    expect(logLines().filter((line) => line.outcome === 'COOLING_OFF')).toHaveLength(parked.length);
    expect(logLines().filter((line) => line.outcome === 'ok')).toEqual([]);
  }
});

describe('an attempt that cannot be recorded is never checked: a right and a wrong secret look the same', () => {
  // A right current PIN followed by two different new PINs would stop at the mismatch (65) once checked:
  // that is the answer that gives the check away if the attempt was not recorded first.
  const CASES: Array<[string, string[], string, string]> = [
    ['pin set (then a mismatched new PIN)', ['pin', 'set', 'alice', '--stdin'], `${SECRETS.alicePin}\n4829\n5167\n`, '5038\n4829\n5167\n'],
    ['pin remove', ['pin', 'remove', 'alice', '--stdin'], `${SECRETS.alicePin}\n`, '5038\n'],
    ['pin verify', ['pin', 'verify', 'alice', '--stdin'], `${SECRETS.alicePin}\n`, '5038\n'],
  ];

  test.each(CASES)('under ulimit -f 0, %s: 74 for both, nothing counted, store and log byte-identical', async (_label, args, right, wrong) => {
    writeStore(fixture({ alicePin: { count: 2, coolingOffUntil: null } }));
    const store = storeText();
    const log = logText();
    const [rightRun, wrongRun] = [await runUnderFileLimit(args, right), await runUnderFileLimit(args, wrong)];
    expect(rightRun.code).toBe(74);
    expect(wrongRun.code).toBe(74);
    expect(rightRun.stderr).toContain('the file size limit does not allow it (ulimit -f) (EFBIG); nothing was changed');
    expect(rightRun.stderr).toBe(wrongRun.stderr);
    expect(rightRun.stdout).toBe(wrongRun.stdout);
    expect(storeText()).toBe(store);
    expect(logText()).toBe(log);
  });

  test('under a live lock held past the 15-second wait: 75 for right and wrong alike, nothing counted, store byte-identical', async () => {
    writeStore(fixture({ alicePin: { count: 2, coolingOffUntil: null } }));
    const store = storeText();
    // Held by "another command" the whole time: nothing takes a live lock over.
    const release = await acquireLock(box.store);
    let runs: Run[];
    const started = Date.now();
    try {
      // All at once, so the 15-second wait is paid once.
      runs = await Promise.all(CASES.filter(([, args]) => args[1] !== 'remove').flatMap(([, args, right, wrong]) => [box.run(args, { input: right }), box.run(args, { input: wrong })]));
    } finally {
      release();
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(15_000);
    expect(codes(runs)).toEqual([75, 75, 75, 75]);
    for (const r of runs) expect(r.stderr).toContain('is locked by another household command (waited 15 seconds)');
    expect(runs[0].stderr).toBe(runs[1].stderr);
    expect(runs[2].stderr).toBe(runs[3].stderr);
    expect(storeText()).toBe(store);
    expect(logText()).toBe('');
  });
});

describe('the hard limit and the bounds on what the store says', () => {
  test('the 100th failure in a row disables PIN checks (77 DISABLED, even for the right PIN) until users unlock --pin', async () => {
    writeStore(fixture({ alicePin: { count: 99, coolingOffUntil: null }, alicePassword: { count: 3, coolingOffUntil: null } }));
    const hundredth = await box.run(['pin', 'verify', 'alice', '--stdin', '--json'], { input: '5038\n' });
    expect(hundredth.code).toBe(77);
    expect(JSON.parse(hundredth.stderr).error).toMatchObject({
      code: 'WRONG_PIN',
      message: 'wrong PIN for alice; that was 100 wrong tries in a row, so its PIN checks are now disabled',
    });

    // Refused before anything is read: no input at all still gets DISABLED, not "input ended".
    for (const [args, input] of [
      [['pin', 'verify', 'alice', '--stdin', '--json'], `${SECRETS.alicePin}\n`],
      [['pin', 'remove', 'alice', '--stdin', '--json'], ''],
    ] as const) {
      const refused = await box.run([...args], { input });
      expect(refused.code).toBe(77);
      expect(JSON.parse(refused.stderr).error).toEqual({
        code: 'DISABLED',
        message: "alice's PIN checks are disabled after 100 wrong tries in a row",
        hint: `an operator can clear it with: household --store ${box.store} users unlock alice --pin; or reset the PIN with the password: household --store ${box.store} pin reset alice`,
      });
    }
    const shown = await box.run(['users', 'show', 'alice', '--json']);
    expect(JSON.parse(shown.stdout).lockout.pin).toMatchObject({ failures: 100, disabled: true });
    expect(alice().pinHash).toBe(hashes.alicePin);

    const unlocked = await box.run(['users', 'unlock', 'alice', '--pin', '--json']);
    expect([unlocked.code, JSON.parse(unlocked.stdout)]).toEqual([0, { unlocked: 'alice', kinds: ['pin'] }]);
    expect(alice().failures).toEqual({ pin: open(), password: { count: 3, coolingOffUntil: null } });
    const verified = await box.run(['pin', 'verify', 'alice', '--stdin', '--json'], { input: `${SECRETS.alicePin}\n` });
    expect([verified.code, JSON.parse(verified.stdout)]).toEqual([0, { verified: 'alice', pinRequired: true }]);
  });

  test('a store disabled with no cooling-off left stays disabled: the right PIN is 77 DISABLED, not checked, not counted', async () => {
    writeStore(fixture({ alicePin: { count: 100, coolingOffUntil: '2020-01-01T00:00:00.000Z' } }));
    const store = storeText();
    const result = await box.run(['pin', 'verify', 'alice', '--stdin'], { input: `${SECRETS.alicePin}\n` });
    expect(result.code).toBe(77);
    expect(result.stderr.split('\n')[0]).toBe("household: alice's PIN checks are disabled after 100 wrong tries in a row");
    expect(storeText()).toBe(store);
  });

  test('a PIN disabled by the hard limit is cleared by pin reset (new PIN twice, then the password)', async () => {
    writeStore(fixture({ alicePin: { count: 100, coolingOffUntil: '2020-01-01T00:00:00.000Z' } }));
    const reset = await box.run(['pin', 'reset', 'alice', '--stdin', '--json'], { input: `2749\n2749\n${SECRETS.alicePassword}\n` });
    expect([reset.code, JSON.parse(reset.stdout)]).toEqual([0, { pinReset: 'alice' }]);
    expect(alice().failures.pin).toEqual(open());
    const shown = JSON.parse((await box.run(['users', 'show', 'alice', '--json'])).stdout);
    expect(shown.lockout.pin).toEqual({ failures: 0, coolingOffUntil: null, disabled: false });
    expect((await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '2749\n' })).code).toBe(0);
  });

  test('a cooling-off until 9999 is never enforced past an hour from now: the refusal and users show say so', async () => {
    writeStore(fixture({ alicePin: { count: 7, coolingOffUntil: '9999-12-31T23:59:59.000Z' } }));
    const before = Date.now();
    // Refused before anything is read: no input, yet 75 rather than "input ended".
    const refused = await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '' });
    const after = Date.now();
    expect(refused.code).toBe(75);
    const said = /cooling off after 7 wrong tries in a row; try again in (\d+) minutes?(?: (\d+) seconds?)? \(at (?:(\d{4}-\d{2}-\d{2}) )?(\d{2}:\d{2}:\d{2})\)/.exec(refused.stderr);
    expect(said).not.toBeNull();
    const waitMs = (Number(said![1]) * 60 + Number(said![2] ?? 0)) * 1000;
    expect(waitMs).toBeGreaterThan(59 * 60_000);
    expect(waitMs).toBeLessThanOrEqual(60 * 60_000);
    // The sandbox runs in UTC: the local time shown is UTC.
    const day = said![3] ?? new Date(before).toISOString().slice(0, 10);
    const at = Date.parse(`${day}T${said![4]}Z`);
    expect(at).toBeGreaterThanOrEqual(before + 59 * 60_000 - 1000);
    expect(at).toBeLessThanOrEqual(after + 60 * 60_000);

    const json = JSON.parse((await box.run(['users', 'show', 'alice', '--json'])).stdout);
    const until = Date.parse(json.lockout.pin.coolingOffUntil);
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    const plain = (await box.run(['users', 'show', 'alice'])).stdout;
    const shownAt = /^PIN checks: +cooling off until (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/m.exec(plain);
    expect(shownAt).not.toBeNull();
    const shownMs = Date.parse(`${shownAt![1]}T${shownAt![2]}Z`);
    expect(shownMs).toBeGreaterThan(Date.now() - 1000);
    expect(shownMs).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    // The refusal wrote down the hour it announced, so that it holds: not a refusal "for 60 minutes" each hour.
    const written = alice().failures.pin;
    expect(written.count).toBe(7);
    const writtenMs = Date.parse(written.coolingOffUntil!);
    expect(writtenMs - (writtenMs % 1000)).toBe(at);
    expect(writtenMs).toBeGreaterThanOrEqual(before + 60 * 60_000);
    expect(writtenMs).toBeLessThanOrEqual(after + 60 * 60_000);
  });

  const withParameters = (hash: string, parameters: string) => hash.replace(/\$m=\d+,t=\d+,p=\d+\$/, `$${parameters}$`);
  test.each([
    ['t=4294967295', 'pinHash', 'm=19456,t=4294967295,p=1', /argon2 passes \(t\) must be 1 to 10/],
    ['t=11', 'pinHash', 'm=19456,t=11,p=1', /argon2 passes \(t\) must be 1 to 10/],
    ['m=1', 'pinHash', 'm=1,t=2,p=1', /argon2 memory \(m\) must be 8 KiB per lane/],
    ['m=2097152', 'pinHash', 'm=2097152,t=2,p=1', /argon2 memory \(m\) must be 8 KiB per lane to 1048576 KiB \(1 GiB\)/],
    ['p=17', 'pinHash', 'm=19456,t=2,p=17', /argon2 lanes \(p\) must be 1 to 16/],
    ['t=4294967295 in the password', 'passwordHash', 'm=19456,t=4294967295,p=1', /argon2 passes \(t\) must be 1 to 10/],
  ] as const)('a hash with %s is 78 naming the field, at once, never a hang or a crash', async (_label, field, parameters, problem) => {
    const bad = withParameters(field === 'pinHash' ? hashes.alicePin : hashes.alicePassword, parameters);
    expect(bad).toContain(parameters);
    writeStore(fixture({}, field === 'pinHash' ? { alicePin: bad } : { alicePassword: bad }));
    const store = storeText();
    const args = field === 'pinHash' ? ['pin', 'verify', 'alice', '--stdin'] : ['pin', 'reset', 'alice', '--stdin'];
    const input = field === 'pinHash' ? `${SECRETS.alicePin}\n` : `2749\n2749\n${SECRETS.alicePassword}\n`;
    const result = await runWithin(args, input, 20_000);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`household: the store ${box.store} is unusable: accounts[0].${field}: `);
    expect(result.stderr).toMatch(problem);
    // Validation, not argon2: well under a second on an idle machine; 3 s leaves room for a loaded one.
    expect(result.ms).toBeLessThan(3_000);
    expect(storeText()).toBe(store);
  });
});

describe('the lockout, as a person reads it', () => {
  test('the 5th wrong PIN says how to get back in: pin reset; the cooling-off says when, in local time to the second', async () => {
    await box.init('2580');
    for (let i = 1; i <= 4; i += 1) expect((await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '5038\n' })).code).toBe(77);
    const fifth = await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '5038\n' });
    expect(fifth.code).toBe(77);
    expect(fifth.stderr).toBe(
      `household: wrong PIN for alice; its PIN checks are refused for 1 minute\na forgotten PIN can be reset with the account password: household --store ${box.store} pin reset alice\n`,
    );

    // A zone far from UTC (UTC+14, no summer time), so a UTC time could not pass for the local one.
    const zone = { TZ: 'Etc/GMT-14' };
    const until: string = JSON.parse(readFileSync(box.store, 'utf8')).accounts[0].failures.pin.coolingOffUntil;
    const local = new Date(Date.parse(until) + 14 * 3_600_000).toISOString();
    const refused = await box.run(['pin', 'verify', 'alice', '--stdin'], { input: '2580\n', env: zone });
    expect(refused.code).toBe(75);
    expect(refused.stderr).toMatch(new RegExp(`try again in (\\d+ seconds?|1 minute) \\(at (${local.slice(0, 10)} )?${local.slice(11, 19)}\\)\n`));
    expect(refused.stderr).toContain(`household --store ${box.store} pin reset alice`);
    expect(refused.stderr).not.toMatch(/T\d\d:\d\d:\d\d(\.\d+)?Z/);

    const show = await box.run(['users', 'show', 'alice'], { env: zone });
    expect(show.stdout).toContain(`cooling off until ${local.slice(0, 10)} ${local.slice(11, 19)}`);
    expect(show.stdout).not.toMatch(/T\d\d:\d\d:\d\d(\.\d+)?Z/);
  });
});
