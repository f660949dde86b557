import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kernelLock } from '../../src/io/kernel-lock.js';
import { parseHousehold } from '../../src/store/schema.js';
import { BIN, Sandbox, type Run } from '../e2e/cli.js';

/**
 * The lock under the conditions that broke the one that went stale by age: hundreds of writers on a
 * loaded machine, a holder stopped inside the lock, Ctrl+Z at a terminal, a holder killed, and a stream
 * of refused tries in front of a right PIN. Each test fails on the mkdir lock of version 2 (see the README's
 * "Guarantees" for how that was checked).
 */
const PAUSE = new URL('../fixtures/pause-in-lock.cjs', import.meta.url).pathname;

let box: Sandbox;
/** Processes a test stopped: killed after it, whatever it asserted, so none outlives the run. */
const stopped: number[] = [];
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => {
  for (const pid of stopped.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  box.cleanup();
});

const store = () => parseHousehold(JSON.parse(readFileSync(box.store, 'utf8')));

/** The CLI with the test's pause preloaded: it stops (or sleeps) inside the lock, just before its rename. */
function pausing(args: string[], how: string, marker: string): ChildProcess {
  return spawn(process.execPath, ['--require', PAUSE, BIN, '--store', box.store, ...args], {
    env: { PATH: process.env.PATH, ...box.env, HOUSEHOLD_TEST_PAUSED: marker, HOUSEHOLD_TEST_PAUSE: how },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A store, and a `users set alice --email EMAIL` that is inside its lock, paused as `how` says (see
 * pausing): its pid (killed after the test whatever happens) and its exit code to come.
 */
async function holderInside(email: string, how: string): Promise<{ pid: number; exit: Promise<number | null> }> {
  await box.init();
  const marker = join(box.dir, 'paused');
  const exit = exitOf(pausing(['users', 'set', 'alice', '--email', email], how, marker));
  await until(() => existsSync(marker), 'the holder to be inside the lock');
  const pid = Number(readFileSync(marker, 'utf8'));
  stopped.push(pid);
  return { pid, exit };
}

/** Busy loops, two for each of the two cores, for as long as a test runs: the machine a holder must wait for a core on. */
function loadTheMachine(): () => void {
  const burners = Array.from({ length: Number(process.env.LOCK_BURNERS ?? 4) }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => burners.forEach((burner) => burner.kill('SIGKILL'));
}

interface LogLine {
  seq?: number;
  change?: boolean;
  command: string;
  details: Record<string, unknown>;
}

async function changeLines(command: string): Promise<LogLine[]> {
  const log = await box.run(['log', '--json', '--limit', '100000']);
  expect(log.code).toBe(0);
  return (JSON.parse(log.stdout) as LogLine[]).filter((line) => line.change && line.command === command);
}

test('300 writers at once on a loaded machine: each exits 0 or 75, and every change that exited 0 is in the store and the log', async () => {
  await box.init();
  const WRITERS = Number(process.env.LOCK_WRITERS ?? 300);
  const unload = loadTheMachine();
  let results: Run[];
  try {
    results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => box.run(['users', 'set', 'alice', '--email', `a${i}@example.org`])));
  } finally {
    unload();
  }
  const codes = results.map((result) => result.code);
  expect(codes.filter((code) => code !== 0 && code !== 75)).toEqual([]);
  const landed = codes.filter((code) => code === 0).length;
  console.log(`${landed} of ${WRITERS} writers exited 0, the rest 75`);
  expect(landed).toBeGreaterThan(0);
  // Each change that landed moved the store's sequence on by one from the one it read: a change lost
  // to another (both read n, both wrote n + 1) leaves the sequence short of the changes that exited 0.
  const after = store();
  expect(after.sequence).toBe(1 + landed);
  const lines = await changeLines('users set');
  expect(lines.length).toBe(landed);
  expect(lines.map((line) => line.seq)).toEqual(Array.from({ length: landed }, (_, i) => i + 2));
  // The e-mail in the store is the one some writer that exited 0 set.
  const emails = new Set(results.flatMap((result, i) => (result.code === 0 ? [`a${i}@example.org`] : [])));
  expect(emails.has(after.accounts[0].email!)).toBe(true);
}, 900_000);

test('a holder stopped with SIGSTOP inside the lock keeps it: others give up with 75 and change nothing; resumed, its change lands', async () => {
  const { pid, exit: holderExit } = await holderInside('stopped@example.org', 'stop');
  expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0]).toBe('T');

  // Three others, one after another, over 30 s and more of the holder's stop: none takes the lock over.
  const others: Run[] = [];
  for (const email of ['b@example.org', 'c@example.org']) others.push(await box.run(['users', 'set', 'alice', '--email', email]));
  others.push(await box.run(['users', 'add', 'kid1', '--managed']));
  expect(others.map((other) => other.code)).toEqual([75, 75, 75]);
  expect(others[0].stderr).toContain('is locked by another household command');
  expect(store().accounts.map((account) => [account.name, account.email])).toEqual([['alice', null]]);

  process.kill(pid, 'SIGCONT');
  expect(await holderExit).toBe(0);
  const after = store();
  expect([after.accounts[0].email, after.sequence, after.accounts.length]).toEqual(['stopped@example.org', 2, 1]);
  const lines = await changeLines('users set');
  expect(lines.map((line) => line.seq)).toEqual([2]);
  expect(await changeLines('users add')).toEqual([]);
  // And the lock is free again at once.
  expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
}, 300_000);

test('a holder that is only slow (11 s inside the lock, as one waiting for a core on a busy machine) keeps it: the others wait, and every change lands', async () => {
  const { exit: slowExit } = await holderInside('slow@example.org', 'sleep:11000');
  // Started while it holds the lock: each waits (under 15 s) and then makes its own change.
  const others = await Promise.all([box.run(['users', 'add', 'kid1', '--managed']), box.run(['users', 'add', 'kid2', '--managed'])]);
  expect([await slowExit, ...others.map((other) => other.code)]).toEqual([0, 0, 0]);
  const after = store();
  expect([after.accounts.map((account) => account.name).sort(), after.accounts[0].email, after.sequence]).toEqual([['alice', 'kid1', 'kid2'], 'slow@example.org', 4]);
  expect((await changeLines('users set')).map((line) => line.seq)).toEqual([2]);
}, 120_000);

test('a holder killed with SIGKILL inside the lock frees it at once: the kernel shows it free, and the next writer gets it', async () => {
  const { pid, exit: holderExit } = await holderInside('killed@example.org', 'stop');
  const lockFile = join(`${box.store}.lock`, 'lock');
  const fd = openSync(lockFile, 'r+');
  try {
    // Held while the holder lives, stopped or not.
    expect(kernelLock().tryLock(fd)).toBe(false);
    process.kill(pid, 'SIGKILL');
    await holderExit;
    expect(kernelLock().tryLock(fd)).toBe(true);
    kernelLock().unlock(fd);
  } finally {
    closeSync(fd);
  }
  const next = await box.run(['users', 'set', 'alice', '--email', 'next@example.org']);
  expect(next.code).toBe(0);
  expect(store().accounts[0].email).toBe('next@example.org');
}, 120_000);

test('Ctrl+Z at the terminal of a command holding the lock does not stop it: it finishes and frees the lock', async () => {
  await box.init();
  const marker = join(box.dir, 'paused');
  const command = ['node', '--require', PAUSE, BIN, '--store', box.store, 'users', 'set', 'alice', '--email', 'z@example.org'].map((word) => `'${word}'`).join(' ');
  // An interactive bash with job control on a pseudo-terminal (script(1)), as at a person's prompt: the
  // command runs as its foreground job, and a ^Z typed there is the terminal's SIGTSTP to it. (Without a
  // shell of the same session above it, the kernel would discard the signal and the test would prove nothing.)
  const terminal = spawn('script', ['-qfec', 'bash --norc --noprofile -i', '/dev/null'], {
    env: { PATH: process.env.PATH, ...box.env, TERM: 'dumb', PS1: '$ ', HOUSEHOLD_TEST_PAUSED: marker, HOUSEHOLD_TEST_PAUSE: 'sleep:3000' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  terminal.stdout!.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const finished = exitOf(terminal);
  terminal.stdin!.write(`${command}; echo "exit=$?"\n`);
  await until(() => existsSync(marker), 'the command to hold the lock');
  const pid = Number(readFileSync(marker, 'utf8'));
  stopped.push(pid);
  terminal.stdin!.write('\x1a');
  try {
    // Stopped, it sits in state T and bash says so; it must finish instead.
    await until(() => /exit=\d+/.test(screen) || /Stopped/.test(screen), 'the command to finish or be stopped', 60_000);
  } finally {
    terminal.stdin!.end('exit\n');
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    terminal.kill('SIGKILL');
  }
  expect(screen).not.toMatch(/Stopped/);
  expect(screen).toMatch(/exit=0/);
  expect(store().accounts[0].email).toBe('z@example.org');
}, 120_000);

test('a stream of refused PIN checks does not keep right PINs waiting: 10 right-PIN verifies all pass while 100 refused ones run', async () => {
  await box.init();
  await box.run(['users', 'add', 'kid1', '--managed']);
  await box.run(['users', 'add', 'kid2', '--managed']);
  expect((await box.run(['pin', 'set', 'kid1', '--stdin'], { input: '4826\n4826\n' })).code).toBe(0);
  expect((await box.run(['pin', 'set', 'kid2', '--stdin'], { input: '4826\n4826\n' })).code).toBe(0);
  const LOOPS = Number(process.env.FAIR_LOOPS ?? 10);
  const EACH = Number(process.env.FAIR_EACH ?? 10);
  let stop = false;
  const guesser = async () => {
    const codes: (number | null)[] = [];
    for (let i = 0; i < EACH && !stop; i += 1) codes.push((await box.run(['pin', 'verify', 'kid2', '--stdin'], { input: '6517\n' })).code);
    return codes;
  };
  const guessers = Array.from({ length: LOOPS }, guesser);
  const right: Run[] = [];
  for (let i = 0; i < 10; i += 1) right.push(await box.run(['pin', 'verify', 'kid1', '--stdin'], { input: '4826\n' }));
  stop = true;
  const refused = (await Promise.all(guessers)).flat();
  expect(right.map((result) => result.code)).toEqual(Array(10).fill(0));
  // The guesses were refused: 5 counted wrong ones, the rest cooling off (or waiting past 15 s: 75).
  expect(refused.filter((code) => code !== 77 && code !== 75)).toEqual([]);
}, 600_000);
