import { fstatSync, readSync, writeSync } from 'node:fs';
import { errno } from '../domain/errors.js';
import type { ProcessLike } from './process.js';

/**
 * Loaded on first use: node:tty pulls in net and streams (about 1.5 ms), and `users list --json`,
 * `--help` or a cron job's `pin remove` never need to know whether they talk to a terminal.
 */
function isatty(fd: number): boolean {
  // A pipe or a file is no terminal, nor is /dev/null (a character device of major 1, with /dev/zero),
  // and fstat says so without loading anything.
  const stats = fstatSync(fd);
  if (!stats.isCharacterDevice() || (stats.rdev >> 8) === 1) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/**
 * The real process, as the CLI sees it. Output goes straight to file descriptors 1 and 2 with
 * synchronous writes: opening process.stdout or process.stdin as streams costs several milliseconds of
 * start-up (net and stream modules for a pipe), so stdin is opened only by a command that reads secrets.
 */
function fdWriter(fd: number, stream: () => NodeJS.WriteStream): { write(text: string): void; readonly isTTY: boolean; readonly columns?: number } {
  let tty: boolean | undefined;
  return {
    get isTTY() {
      tty ??= isatty(fd);
      return tty;
    },
    /** The terminal's width, for help text; undefined when not a terminal. */
    get columns() {
      return this.isTTY ? stream().columns : undefined;
    },
    write(text: string): void {
      const bytes = Buffer.from(text, 'utf8');
      try {
        for (let offset = 0; offset < bytes.length; ) offset += whenReady(() => writeSync(fd, bytes, offset));
      } catch (error) {
        // A reader that went away (`| head`) is not an error of ours.
        if (errno(error) !== 'EPIPE') throw error;
      }
    },
  };
}

/**
 * Runs a synchronous read or write, retrying while a non-blocking pipe says EAGAIN (full, or nothing
 * yet), a millisecond apart, without returning to the event loop.
 */
function whenReady(io: () => number): number {
  for (;;) {
    try {
      return io();
    } catch (error) {
      if (errno(error) !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** Standard input read synchronously from descriptor 0: the same bytes, without a stream. */
function readStdin(buffer: Buffer): number {
  try {
    return whenReady(() => readSync(0, buffer, 0, buffer.length, null));
  } catch (error) {
    if (errno(error) === 'EOF') return 0;
    throw error;
  }
}

export function nodeProcess(proc: NodeJS.Process): ProcessLike {
  return {
    argv: proc.argv,
    env: proc.env,
    cwd: () => proc.cwd(),
    stdout: fdWriter(1, () => proc.stdout),
    stderr: fdWriter(2, () => proc.stderr),
    get stdinIsTTY() {
      return isatty(0);
    },
    readStdin,
    openStdin: () => proc.stdin,
    openStderr: () => proc.stderr,
    holdTerminal: () => holdTerminal(proc),
  };
}

/**
 * Echo off (raw mode) from now until the process ends. The prompt library turns raw mode off after
 * each answer (readline does, when it closes), which would echo whatever is typed before the next
 * prompt draws; so its switches are ignored while the terminal is held, and only the end of the
 * process gives the terminal back.
 */
function holdTerminal(proc: NodeJS.Process): void {
  const stdin = proc.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return;
  stdin.setRawMode(true);
  const setRawMode = stdin.setRawMode.bind(stdin);
  stdin.setRawMode = () => stdin;
  const restore = () => {
    try {
      setRawMode(false);
    } catch {
      // the terminal is gone
    }
  };
  proc.once('exit', restore);
  // These end the process without an 'exit' event: give the terminal back, then die of the signal.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    proc.once(signal, () => {
      restore();
      proc.kill(proc.pid, signal);
    });
  }
}
