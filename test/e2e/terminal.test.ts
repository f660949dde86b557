import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { acquireLock } from '../../src/store/lock.js';
import { Sandbox } from './cli.js';
import { pinRequiredOf } from './households.js';
import { Terminal } from './terminal.js';

/**
 * The CLI on a real terminal (a pseudo-terminal, through `script`): masked prompts that never show what
 * is typed, keys typed before the first prompt, Ctrl+C and Ctrl+D, a refused answer asked again, and
 * --stdin refused there. Secrets without a terminal: stdin.test.ts.
 */
let box: Sandbox;
let terminals: Terminal[] = [];
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => {
  // A test that failed midway must not leave a CLI waiting at a prompt (Jest would never end).
  terminals.forEach((term) => term.kill());
  terminals = [];
  box.cleanup();
});

function terminal(args: string[], env: Record<string, string> = box.env): Terminal {
  const term = new Terminal(args, env);
  terminals.push(term);
  return term;
}

const pinRequired = pinRequiredOf(() => box);

const SECRETS = ['alice-password', '2580', '8642'];

/** The CLI's own process under `script`, found through /proc: the descendant whose stdin is the pty. */
function ptyOf(scriptPid: number): string | undefined {
  const children = (pid: number): number[] => {
    try {
      return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      return [];
    }
  };
  for (let queue = children(scriptPid); queue.length > 0; ) {
    const pid = queue.shift()!;
    try {
      const stdin = readlinkSync(`/proc/${pid}/fd/0`);
      if (stdin.startsWith('/dev/pts/')) return stdin;
    } catch {
      // gone, or not ours to look at
    }
    queue.push(...children(pid));
  }
  return undefined;
}

function echoIsOff(pty: string): boolean {
  try {
    return /(^|\s)-echo(\s|$)/.test(execFileSync('stty', ['-F', pty, '-a'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('on a terminal', () => {
  test('init asks with masked prompts; nothing typed shows on the screen', async () => {
    const term = new Terminal(['init', '--admin', 'alice', '--store', box.store], box.env);
    await term.answer([
      ['Password for alice:', 'alice-password'],
      ['Password for alice again:', 'alice-password'],
      ['New PIN for alice (empty for none):', '2580'],
      ['New PIN for alice again:', '2580'],
    ]);
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen).toContain('created the household');
    expect(term.screen).toContain('****');
    for (const secret of SECRETS) expect(term.screen).not.toContain(secret);
  });

  test('pin reset: new PIN twice, then the password; the typed PIN and password never appear', async () => {
    await box.init('2580');
    const term = new Terminal(['pin', 'reset', 'alice', '--store', box.store], box.env);
    await term.answer([
      ['New PIN for alice:', '8642'],
      ['New PIN for alice again:', '8642'],
      ["alice's password:", 'alice-password'],
    ]);
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen).toContain('reset the PIN of alice');
    for (const secret of SECRETS) expect(term.screen).not.toContain(secret);
    const check = await box.run(['pin', 'remove', 'alice', '--stdin', '--json'], { input: '8642\n' });
    expect(JSON.parse(check.stdout)).toEqual({ removed: ['alice'], unchanged: [] });
  });

  test('Ctrl+C at a prompt exits 130 and changes nothing', async () => {
    await box.init('2580');
    const before = readFileSync(box.store, 'utf8');
    const term = new Terminal(['pin', 'set', 'alice', '--store', box.store], box.env);
    await term.waitFor("alice's current PIN:");
    term.type('25');
    term.type('\u0003');
    expect(await term.exited).toBe(130);
    term.close();
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });

  test('--stdin with a terminal on standard input is 64 at once, whatever the command would read', async () => {
    await box.init('7391');
    for (const args of [['pin', 'remove', 'alice', '--stdin'], ['users', 'list', '--stdin']]) {
      const started = Date.now();
      const term = terminal([...args, '--store', box.store], box.env);
      // Nothing is typed: a command that read the terminal would wait here until the test timed out.
      expect(await term.exited).toBe(64);
      term.close();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(term.screen).toContain('household: --stdin reads secrets from a pipe or a file, and standard input is a terminal');
    }
  });

  test('Ctrl+D at an empty prompt is 130, "input ended; nothing was changed"', async () => {
    await box.init('7391');
    const before = readFileSync(box.store, 'utf8');
    const term = terminal(['pin', 'set', 'alice', '--store', box.store], box.env);
    await term.waitFor("alice's current PIN:");
    term.type('\u0004');
    expect(await term.exited).toBe(130);
    term.close();
    expect(term.screen).toContain('household: input ended; nothing was changed');
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });

  test.each([
    ['the command first', (store: string) => ['pin', 'remove', 'alice', '--store', store]],
    ['--store first', (store: string) => ['--store', store, 'pin', 'remove', 'alice']],
  ])('digits typed ahead, before the first prompt draws, are never shown (%s)', async (_order, args) => {
    await box.init('7391');
    // A fresh lock held by "another command" keeps the prompt from drawing (pin remove locks the store
    // before it asks), so there is a window, as long as the test likes, between the start and the prompt.
    const release = await acquireLock(box.store);
    try {
      const term = terminal(args(box.store), box.env);
      let pty: string | undefined;
      const deadline = Date.now() + 5_000;
      while (!(pty && echoIsOff(pty))) {
        if (Date.now() > deadline) throw new Error(`echo did not go off within 5 s of the start (pty ${pty}); the screen shows:\n${term.screen}`);
        pty ??= ptyOf(term.pid);
        await sleep(5);
      }
      // Echo is off, and the prompt is not drawn: it was turned off before the prompt, not by it.
      expect(term.screen).not.toContain('PIN');
      term.type('7391');
      await sleep(500);
      expect(term.screen).not.toContain('7391');
      expect(term.screen).not.toContain('PIN');
      release();
      // What was typed ahead is the answer to the first prompt: Enter sends it.
      await term.waitFor("alice's current PIN:");
      term.type('\r');
      expect(await term.exited).toBe(0);
      term.close();
      expect(term.screen).toContain('removed the PIN of alice');
      expect(term.screen).not.toContain('7391');
    } finally {
      release();
    }
    expect(await pinRequired('alice')).toBe(false);
  });

  test('a refused new PIN is asked again in place and never marked done; then it succeeds', async () => {
    await box.init();
    expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
    const term = terminal(['pin', 'set', 'kid1', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    await term.waitFor('New PIN for kid1:');
    term.type('12a4\r');
    await term.waitFor('the new PIN must be exactly 4 digits (0-9); type it again');
    term.type('4829\r');
    await term.answer([['New PIN for kid1 again:', '4829']]);
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen).toContain('set the PIN of kid1');
    // One ✔ for the PIN its prompt accepted, none for the refused one; the repetition, compared after, is marked answered.
    expect(term.screen.match(/✔/g)).toHaveLength(1);
    expect(term.screen).toContain('› New PIN for kid1 again: ****');
    expect(term.screen).not.toMatch(/✔[^\n]*New PIN for kid1:[^\n]*\*{4}[^\n]*\n[^\n]*must be exactly 4 digits/);
    const verify = await box.run(['pin', 'verify', 'kid1', '--stdin'], { input: '4829\n' });
    expect(verify.code).toBe(0);
  });

  test('three refused new PINs are 65 and change nothing', async () => {
    await box.init();
    expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
    const before = readFileSync(box.store, 'utf8');
    const term = terminal(['pin', 'set', 'kid1', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    await term.waitFor('New PIN for kid1:');
    term.type('12a4\r');
    await term.waitFor('type it again');
    term.type('abcd\r');
    await sleep(300);
    term.type('123\r');
    expect(await term.exited).toBe(65);
    term.close();
    expect(term.screen).toContain('household: the new PIN must be exactly 4 digits (0-9)');
    expect(term.screen).not.toContain('✔');
    expect(readFileSync(box.store, 'utf8')).toBe(before);
  });

  test.each([
    ['a wrong current PIN', '6517', 77, 'household: wrong PIN for alice'],
    ['a current PIN that is not 4 digits', '12', 65, 'household: '],
  ])('%s: no ✔ beside it, only the mark of an answered question, then the refusal', async (_what, typed, code, message) => {
    await box.init('2580');
    const term = terminal(['pin', 'set', 'alice', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    await term.answer([["alice's current PIN:", typed]]);
    expect(await term.exited).toBe(code);
    term.close();
    expect(term.screen).not.toContain('✔');
    expect(term.screen).toContain(`› alice's current PIN: ${'*'.repeat(typed.length)}`);
    expect(term.screen).toContain(message);
  });

  test('in colour too: no ✔ beside a wrong current PIN', async () => {
    await box.init('2580');
    const term = terminal(['pin', 'set', 'alice', '--store', box.store], box.env);
    await term.answer([["alice's current PIN:", '6517']]);
    expect(await term.exited).toBe(77);
    term.close();
    expect(term.screen).not.toContain('✔');
    expect(term.screen).toContain("› alice's current PIN:");
  });

  test('two PINs that differ: both are asked again, and the second pair is the one set', async () => {
    await box.init();
    expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
    const term = terminal(['pin', 'set', 'kid1', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    await term.answer([
      ['New PIN for kid1:', '4829'],
      ['New PIN for kid1 again:', '5167'],
    ]);
    await term.waitFor('the two PINs do not match; type both again (2 tries left)');
    // Said once, as a retry: nothing on the screen says the command ended.
    expect(term.screen.match(/do not match/g)).toHaveLength(1);
    expect(term.screen).not.toContain('nothing was changed');
    // The first prompt is drawn again after the note (not merely found in what was already on the screen).
    const noted = term.screen.indexOf('type both again');
    while (term.screen.indexOf('New PIN for kid1:', noted) < 0) await sleep(20);
    term.type('2857\r');
    while (term.screen.indexOf('New PIN for kid1 again:', noted) < 0) await sleep(20);
    term.type('2857\r');
    expect(await term.exited).toBe(0);
    term.close();
    for (const [pin, code] of [['4829', 77], ['5167', 77], ['2857', 0]] as const) {
      expect((await box.run(['pin', 'verify', 'kid1', '--stdin'], { input: `${pin}\n` })).code).toBe(code);
    }
  });
});
