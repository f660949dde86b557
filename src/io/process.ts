import type { Writer } from './output.js';
import type { ReadInput } from './prompter.js';

/** The process as the CLI sees it: the real one (src/io/terminal.ts), or a fake in tests. */
export interface ProcessLike {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd(): string;
  stdout: Writer & { isTTY?: boolean; columns?: number };
  stderr: Writer & { isTTY?: boolean; columns?: number };
  stdinIsTTY: boolean;
  /** Reads standard input synchronously (--stdin); 0 at its end. */
  readStdin: ReadInput;
  /** Standard input as a stream, for the prompt library: opened only by a command that prompts. */
  openStdin(): NodeJS.ReadableStream & { destroy?: () => void };
  /** Standard error as a stream, for the prompt library. */
  openStderr(): NodeJS.WritableStream;
  /**
   * Turns the terminal's echo off until the process ends, before anything slow is loaded, so that keys
   * typed ahead of the first prompt are never shown.
   */
  holdTerminal?(): void;
}
