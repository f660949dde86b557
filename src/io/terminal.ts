import { writeSync } from 'node:fs';
import type { ProcessLike } from '../cli/context.js';

/**
 * Loaded on first use: node:tty pulls in net and streams (about 1.5 ms), and `users list --json`,
 * `--help` or a cron job's `pin remove` never need to know whether they talk to a terminal.
 */
function isatty(fd: number): boolean {
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/**
 * The real process, as the CLI sees it. Output goes straight to file descriptors 1 and 2 with
 * synchronous writes: opening process.stdout or process.stdin as streams costs several milliseconds of
 * start-up (net and stream modules for a pipe), so stdin is opened only by a command that reads secrets.
 */
function fdWriter(fd: number): { write(text: string): void; readonly isTTY: boolean } {
  let tty: boolean | undefined;
  return {
    get isTTY() {
      tty ??= isatty(fd);
      return tty;
    },
    write(text: string): void {
      const bytes = Buffer.from(text, 'utf8');
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A reader that went away (`| head`) is not an error of ours; a full non-blocking pipe drains.
          if (code === 'EPIPE') return;
          if (code !== 'EAGAIN') throw error;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        }
      }
    },
  };
}

export function nodeProcess(proc: NodeJS.Process): ProcessLike {
  return {
    argv: proc.argv,
    env: proc.env,
    cwd: () => proc.cwd(),
    stdout: fdWriter(1),
    stderr: fdWriter(2),
    get stdinIsTTY() {
      return isatty(0);
    },
    openStdin: () => proc.stdin,
    openStderr: () => proc.stderr,
  };
}
