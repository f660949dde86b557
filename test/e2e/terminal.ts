import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN, track } from './cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>]/g;

/**
 * The CLI in a real pseudo-terminal, through util-linux `script`: keys are typed only once the prompt
 * is on the screen, as a person would, and `screen` is everything the terminal showed.
 */
export class Terminal {
  private readonly child: ChildProcessWithoutNullStreams;
  private raw = '';
  readonly exited: Promise<number | null>;

  /** `columns`: the terminal's width (a fresh pseudo-terminal has none: 0 columns). */
  constructor(args: string[], env: Record<string, string>, columns?: number) {
    const quoted = [process.execPath, BIN, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
    const command = columns === undefined ? quoted : `stty cols ${columns} rows 30 && exec ${quoted}`;
    this.child = track(spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, TERM: 'xterm', COLUMNS: '100', LINES: '30', ...env },
    }));
    this.child.stdout.on('data', (chunk) => (this.raw += chunk));
    this.child.stderr.on('data', (chunk) => (this.raw += chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** The pid of `script`, whose descendant is the CLI. */
  get pid(): number {
    return this.child.pid!;
  }

  get screen(): string {
    return this.raw.replace(ANSI, '');
  }

  async waitFor(text: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.screen.includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; the screen shows:\n${this.screen}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Types each answer once its prompt is on the screen, as a person would, then Enter. */
  async answer(dialogue: Array<[prompt: string, typed: string]>): Promise<void> {
    for (const [prompt, typed] of dialogue) {
      await this.waitFor(prompt);
      this.type(`${typed}\r`);
    }
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  close(): void {
    this.child.stdin.end();
  }

  /** Ends `script` (and so, by the terminal's hangup, the CLI) if it is still running: for a test that failed midway. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
