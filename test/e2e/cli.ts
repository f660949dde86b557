/**
 * The end-to-end tests run the built CLI (`npm run build` makes it; `npm test` builds first). Their files
 * are named as test/handlers names its own: a command's tests in the file named after it, its words joined
 * by a hyphen (`pin-set.test.ts` for `household pin set`; `key`, `hours` and `recovery` for a group tested
 * as one); what crosses commands in a file named after that concern (help, man, completion, pam, terminal,
 * stdin, store, bad-input, hostile, names, parallel, lockout, audit, cleanup). Helpers that several files
 * use live beside them, never copied: this module (the CLI and its sandboxes), terminal.ts, audit-log.ts,
 * households.ts and written-stores.ts.
 */
import { afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI, as a user runs it. `npm test` builds before Jest runs. */
export const BIN = new URL('../../bin/household.js', import.meta.url).pathname;

/**
 * The built CLI, copied to a folder every user may read: for a test that runs it as another user (nobody,
 * a uid with no passwd entry), whatever folder the project was cloned into (`mktemp -d` makes one only
 * its owner can enter). Only what those runs need is copied: the launcher and the bundle with its code
 * cache and the kernel lock's binary (no other node_modules, so a command there must load no other outside
 * library: no argon2, no terminal table).
 */
let readableBin: string | undefined;
afterAll(() => {
  if (readableBin) rmSync(join(readableBin, '..', '..'), { recursive: true, force: true });
  readableBin = undefined;
});
export function binAnyUserCanRun(): string {
  if (readableBin) return readableBin;
  const root = mkdtempSync(join(tmpdir(), 'household-bin-'));
  chmodSync(root, 0o755);
  // The kernel lock's binary too: every writing command loads it (from ../node_modules beside dist/).
  const lockBinary = `node_modules/fs-native-extensions/prebuilds/${process.platform}-${process.arch}`;
  for (const [folder, files] of [['bin', ['household.js', 'package.json']], [lockBinary, ['fs-native-extensions.node']]] as const) {
    mkdirSync(join(root, folder), { recursive: true, mode: 0o755 });
    for (const file of files) copyFileSync(new URL(`../../${folder}/${file}`, import.meta.url), join(root, folder, file));
  }
  // The bundle with its code cache, and the rarely used commands' file (dist/commands.cjs).
  cpSync(new URL('../../dist', import.meta.url), join(root, 'dist'), { recursive: true });
  readableBin = join(root, 'bin', 'household.js');
  return readableBin;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * What a test file started and made: the programs still running and every sandbox's folder. A test that
 * times out does not stop: the CLI it started goes on and may write into its sandbox after the test's
 * afterEach removed it. So after the file's last test, whatever still runs is killed, and only then is
 * every sandbox the file made removed (again).
 */
const running = new Set<ChildProcess>();
const sandboxes = new Set<string>();
afterAll(async () => {
  await stopAll();
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
  sandboxes.clear();
});

/** Kills what a test file started and is still running, and waits until it has exited. */
export async function stopAll(): Promise<void> {
  const live = [...running];
  for (const child of live) child.kill('SIGKILL');
  await Promise.all(live.map((child) => new Promise((resolve) => (running.has(child) ? child.once('close', resolve) : resolve(undefined)))));
}

/** Notes a program a test started, until it has exited. */
export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('close', () => running.delete(child));
  return child;
}

/** Runs a program to its end with `input` on its standard input: its exit code and what it printed. */
export function runProgram(command: string, args: string[], options: { cwd?: string; env: Record<string, string | undefined>; input?: string | Buffer }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export function run(args: string[], options: RunOptions = {}): Promise<Run> {
  return runProgram(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { PATH: process.env.PATH, ...options.env }, input: options.input });
}

function made(dir: string): string {
  sandboxes.add(dir);
  return dir;
}

/** A private temporary folder, with HOME and XDG folders inside it so no test touches the real ones. */
export class Sandbox {
  readonly dir = made(mkdtempSync(join(tmpdir(), 'household-test-')));
  readonly store = join(this.dir, 'data', 'household.json');
  readonly env = {
    TZ: 'UTC',
    HOME: this.dir,
    XDG_CONFIG_HOME: join(this.dir, 'config'),
    XDG_DATA_HOME: join(this.dir, 'xdg-data'),
  };

  run(args: string[], options: RunOptions = {}): Promise<Run> {
    return run(['--store', this.store, ...args], { ...options, env: { ...this.env, ...options.env } });
  }

  /** init with admin "alice" (password "alice-password"), an optional PIN, plan pass. */
  async init(pin?: string, extra: string[] = ['--plan', 'pass']): Promise<Run> {
    const input = ['alice-password', 'alice-password', pin ?? '', pin ?? ''].join('\n') + '\n';
    const result = await this.run(['init', '--admin', 'alice', '--stdin', ...extra], { input });
    if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`);
    return result;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The entries of a "Commands:" section of --help: their first words, without commander's `help`. */
export function commandsIn(help: string): string[] {
  const section = help.split(/\n\n/).find((part) => part.startsWith('Commands:')) ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1]).filter((name) => name !== 'help');
}

/** Every command the built CLI's help lists, as found by reading --help: groups and their subcommands. */
export async function helpCommandPaths(): Promise<{ groups: string[][]; leaves: string[][] }> {
  const groups: string[][] = [];
  const leaves: string[][] = [];
  for (const name of commandsIn((await run(['--help'])).stdout)) {
    const subcommands = commandsIn((await run([name, '--help'])).stdout);
    if (subcommands.length === 0) leaves.push([name]);
    else groups.push([name]);
    for (const sub of subcommands) leaves.push([name, sub]);
  }
  return { groups, leaves };
}
