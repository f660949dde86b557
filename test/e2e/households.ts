import { readFileSync } from 'node:fs';
import type { Run, Sandbox } from './cli.js';
import { view as fakesView } from '../fakes/lookups.js';

/**
 * Households made through the built CLI, and what a test reads back from them, for the tests of the
 * commands that start from the same household. A helper bound to `box` acts on the running test's
 * sandbox (`box()`: the test file's, made anew for each test).
 */

/** The secrets, one a line, as --stdin reads them. */
export function lines(...secrets: string[]): { input: string } {
  return { input: secrets.map((secret) => `${secret}\n`).join('') };
}

export function refusedWithCode(result: Run, code: number, message: string | RegExp): void {
  expect(result.code).toBe(code);
  if (typeof message === 'string') expect(result.stderr.split('\n')[0]).toBe(`household: ${message}`);
  else expect(result.stderr).toMatch(message);
}

const KEY_ID = expect.stringMatching(/^[0-9a-f]{8}$/);

/**
 * What `users show --json` says of an account of `accountsOf`'s household, with the changes given: the
 * handler tests' view (test/fakes/lookups.ts), but in the zone init recorded (the machine's) and with
 * every hash made with the store's key (init made it), whose id is random.
 */
export function view(name: string, kind: string, changes: Parameters<typeof fakesView>[2] = {}) {
  return {
    ...fakesView(name, kind as Parameters<typeof fakesView>[1], changes),
    timeZone: expect.any(String),
    keyed: { pin: (changes.pinRequired ?? false) ? KEY_ID : null, password: kind === 'managed' ? null : KEY_ID },
  };
}

/**
 * `household()`: alice (admin, password alice-password, no PIN), bob (member, bob-password), kid1
 * (managed, younger-kid); for users set, password set and password reset.
 */
export function accountsOf(box: () => Sandbox) {
  const stored = () => readFileSync(box().store, 'utf8');
  const logText = () => readFileSync(`${box().store}.log`, 'utf8');

  async function household(): Promise<void> {
    await box().init();
    expect((await box().run(['users', 'add', 'bob', '--member', '--stdin'], { input: 'bob-password\nbob-password\n' })).code).toBe(0);
    expect((await box().run(['users', 'add', 'kid1', '--managed', '--restriction', 'younger-kid'])).code).toBe(0);
  }

  async function show(name: string): Promise<unknown> {
    const result = await box().run(['users', 'show', name, '--json']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    return JSON.parse(result.stdout);
  }

  async function logLines(): Promise<Array<{ command: string; account: string | null; outcome: string; details: Record<string, unknown> }>> {
    const result = await box().run(['log', '--json', '--limit', '1000']);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  }

  /** A password works when `pin set` on a member without a PIN accepts it as the proof (and sets 4829). */
  async function passwordWorks(name: string, password: string): Promise<Run> {
    return box().run(['pin', 'set', name, '--stdin'], lines(password, '4829', '4829'));
  }

  return { stored, logText, household, show, logLines, passwordWorks };
}

/** `household()`: alice (admin, PIN 7391), bob (member, bob-password), kid1 and kid2 (managed, kid2 younger-kid); for the pin commands. */
export function pinHouseholdOf(box: () => Sandbox) {
  const stored = () => JSON.parse(readFileSync(box().store, 'utf8'));

  async function household(): Promise<void> {
    await box().init('7391');
    await box().run(['users', 'add', 'bob', '--member', '--stdin'], { input: 'bob-password\nbob-password\n' });
    await box().run(['users', 'add', 'kid1', '--managed']);
    await box().run(['users', 'add', 'kid2', '--managed', '--restriction', 'younger-kid']);
  }

  return { stored, household };
}

/** Whether an account needs a PIN, as `users list --json` says. */
export function pinRequiredOf(box: () => Sandbox): (name: string) => Promise<boolean> {
  return async (name) => {
    const list = await box().run(['users', 'list', '--json']);
    return (JSON.parse(list.stdout) as Array<{ name: string; pinRequired: boolean }>).find((account) => account.name === name)!.pinRequired;
  };
}
