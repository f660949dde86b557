import { HouseholdError } from '../domain/errors.js';
import { importPackage } from './packages.js';

/**
 * Asks for secrets. Which kind a command gets is decided before anything is asked: masked prompts on a
 * terminal, lines of standard input with --stdin, or none at all (asking is then exit 64, never a hang).
 */
export interface SecretQuestion {
  /** What is asked, as the prompt shows it: "New PIN for kid1". */
  message: string;
  /** An empty answer (or, with --stdin, the end of input) means "none". */
  optional?: boolean;
}

export interface Prompter {
  /** False when asking would fail; lets a command refuse before it touches the store. */
  readonly canAsk: boolean;
  /** The answer, '' for an optional question left empty. */
  secret(question: SecretQuestion): Promise<string>;
  close(): void;
}

export class NoInputPrompter implements Prompter {
  readonly canAsk = false;

  constructor(private readonly why: string) {}

  async secret(question: SecretQuestion): Promise<string> {
    throw noWayToAsk(question.message, this.why);
  }

  close(): void {}
}

export function noWayToAsk(what: string, why: string): HouseholdError {
  return new HouseholdError(
    'NO_INPUT',
    `this command needs a secret (${what}) and cannot ask for it: ${why}`,
    'pass secrets on standard input, one per line in the order the prompts would ask, with --stdin',
  );
}

/** No secret is this long; a line that is, is not a secret, and must not fill memory while it is read. */
export const MAX_LINE_BYTES = 4096;

/** Reads standard input into `buffer`, returning how many bytes came (0 at the end of input). */
export type ReadInput = (buffer: Buffer) => number;

/**
 * --stdin: one secret per line, CR before LF dropped, lines beyond those asked ignored. Reads with
 * synchronous calls, a chunk at a time and only as far as the lines asked for: opening stdin as a
 * stream would cost start-up, and reading to the end would hang on a writer that keeps its end open.
 */
export class LinePrompter implements Prompter {
  readonly canAsk = true;
  /** Bytes read and not yet handed out. Split at LF bytes, which never occur inside a UTF-8 character. */
  private pending = Buffer.alloc(0);
  private ended = false;
  private readonly chunk = Buffer.allocUnsafe(MAX_LINE_BYTES);

  constructor(private readonly read: ReadInput) {}

  private nextLine(): string | undefined {
    for (;;) {
      const end = this.pending.indexOf(0x0a);
      if (end >= 0 || (this.ended && this.pending.length > 0)) {
        const line = this.pending.subarray(0, end >= 0 ? end : this.pending.length).toString('utf8');
        this.pending = end >= 0 ? this.pending.subarray(end + 1) : Buffer.alloc(0);
        return line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (this.ended) return undefined;
      if (this.pending.length > MAX_LINE_BYTES) {
        throw new HouseholdError('USAGE', `a line of standard input is over ${MAX_LINE_BYTES} characters; --stdin takes one secret per line`);
      }
      const count = this.read(this.chunk);
      if (count === 0) this.ended = true;
      else this.pending = Buffer.concat([this.pending, this.chunk.subarray(0, count)]);
    }
  }

  async secret(question: SecretQuestion): Promise<string> {
    const line = this.nextLine();
    if (line !== undefined) return line;
    if (question.optional) return '';
    throw new HouseholdError(
      'NO_INPUT',
      `standard input ended before the secret "${question.message}"`,
      'with --stdin, give one secret per line in the order the prompts would ask (see household --help)',
    );
  }

  close(): void {}
}

const unstyled = (text: string) => text;
const PLAIN_THEME = {
  prefix: { idle: '?', done: '✔' },
  style: { answer: unstyled, message: unstyled, error: unstyled, defaultAnswer: unstyled, help: unstyled, highlight: unstyled, key: unstyled, maskedText: '[input is masked]' },
};

/** Masked prompts on the terminal, written to stderr so stdout stays data. */
export class TerminalPrompter implements Prompter {
  readonly canAsk = true;
  private readonly controller = new AbortController();

  constructor(
    private readonly streams: () => { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
    /** Colour is decided in one place (src/cli/output.ts) and handed here; the prompt library would decide for itself. */
    private readonly color: boolean,
  ) {}

  async secret(question: SecretQuestion): Promise<string> {
    const { password } = await importPackage<typeof import('@inquirer/prompts')>('@inquirer/prompts');
    try {
      return await password(
        {
          message: question.optional ? `${question.message} (empty for none):` : `${question.message}:`,
          mask: '*',
          // The prompt's ctrl+t would show the secret in clear on the screen; a secret is never shown.
          toggleMask: false,
          ...(this.color ? {} : { theme: PLAIN_THEME }),
        },
        { ...this.streams(), signal: this.controller.signal },
      );
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw new HouseholdError('INTERRUPTED', 'interrupted; nothing was changed');
      }
      throw error;
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/** Chooses the real prompter at the first question, so a command that asks nothing never looks at stdin. */
export class DeferredPrompter implements Prompter {
  private chosen?: Prompter;

  constructor(private readonly choose: () => Prompter) {}

  private get prompter(): Prompter {
    this.chosen ??= this.choose();
    return this.chosen;
  }

  get canAsk(): boolean {
    return this.prompter.canAsk;
  }

  secret(question: SecretQuestion): Promise<string> {
    return this.prompter.secret(question);
  }

  close(): void {
    this.chosen?.close();
  }
}
