import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import argon2 from 'argon2';
import type { Account, FailureCount, Household } from '../../src/domain/accounts.js';
import { ARGON2_PARAMETERS } from '../../src/io/hasher.js';
import { BIN, track, type Run, type Sandbox } from './cli.js';

/**
 * Stores written directly (v2, real argon2id hashes made without a key), to start from any lockout
 * state at once: for the lockout tests and for the commands that show or clear it.
 */
export const SECRETS = { alicePin: '7391', alicePassword: 'alice-password', bobPin: '6142', bobPassword: 'bob-password', kidPin: '8163' };

/** The hashes of SECRETS: filled by hashSecrets, which a test file runs in its beforeAll. */
export const hashes = {} as Record<keyof typeof SECRETS, string>;
export async function hashSecrets(): Promise<void> {
  const entries = await Promise.all(
    Object.entries(SECRETS).map(async ([key, secret]) => [key, await argon2.hash(secret, { type: argon2.argon2id, ...ARGON2_PARAMETERS })] as const),
  );
  Object.assign(hashes, Object.fromEntries(entries));
}

export const open = (): FailureCount => ({ count: 0, coolingOffUntil: null });

/** A cooling-off that ends 30 minutes from now. */
export const later = () => new Date(Date.now() + 30 * 60_000).toISOString();

export interface Lockouts {
  alicePin?: FailureCount;
  alicePassword?: FailureCount;
  bobPin?: FailureCount;
  bobPassword?: FailureCount;
  kidPin?: FailureCount;
}

/** alice (admin, alice@example.org), bob (member), kid1 (managed, teen), each with the PIN and password of SECRETS and the failures given. */
export function fixture(lockouts: Lockouts = {}, hashOverrides: Partial<Record<'alicePin' | 'alicePassword', string>> = {}): Household {
  const accounts: Account[] = [
    {
      name: 'alice',
      kind: 'admin',
      email: 'alice@example.org',
      restriction: null,
      passwordHash: hashOverrides.alicePassword ?? hashes.alicePassword,
      pinHash: hashOverrides.alicePin ?? hashes.alicePin,
      failures: { pin: lockouts.alicePin ?? open(), password: lockouts.alicePassword ?? open() },
    },
    {
      name: 'bob',
      kind: 'member',
      email: null,
      restriction: null,
      passwordHash: hashes.bobPassword,
      pinHash: hashes.bobPin,
      failures: { pin: lockouts.bobPin ?? open(), password: lockouts.bobPassword ?? open() },
    },
    {
      name: 'kid1',
      kind: 'managed',
      email: null,
      restriction: 'teen',
      passwordHash: null,
      pinHash: hashes.kidPin,
      failures: { pin: lockouts.kidPin ?? open(), password: open() },
    },
  ];
  return { version: 2, sequence: 3, plan: 'pass', accounts };
}

/** Helpers on the store and the log of the running test's sandbox (`box()`, made anew for each test). */
export function writtenStoreOf(box: () => Sandbox) {
  function writeStore(household: Household): void {
    mkdirSync(dirname(box().store), { recursive: true, mode: 0o700 });
    writeFileSync(box().store, `${JSON.stringify(household, null, 2)}\n`, { mode: 0o600 });
  }

  const storeText = () => readFileSync(box().store, 'utf8');
  const stored = (): Household => JSON.parse(storeText());
  const alice = () => stored().accounts.find((a) => a.name === 'alice')!;
  const logText = () => {
    try {
      return readFileSync(`${box().store}.log`, 'utf8');
    } catch {
      return '';
    }
  };
  const logLines = () =>
    logText()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { command: string; account: string | null; outcome: string; exit: number; seq: number; details: Record<string, unknown> });

  /** Spawns the CLI on the sandbox's store with stdin left open: the process runs until it needs a line. */
  function start(args: string[], stdio: { stdout?: number } = {}): { child: ChildProcessWithoutNullStreams; done: Promise<Run> } {
    const child = track(
      spawn(process.execPath, [BIN, '--store', box().store, ...args], {
        env: { PATH: process.env.PATH, ...box().env },
        stdio: ['pipe', stdio.stdout ?? 'pipe', 'pipe'],
      }) as ChildProcessWithoutNullStreams,
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {});
    const done = new Promise<Run>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    return { child, done };
  }

  return { writeStore, storeText, stored, alice, logText, logLines, start };
}
