import { isUtf8 } from 'node:buffer';
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
  /**
   * With --stdin, the end of input is an empty answer, not a missing one (64): pam_exec writes nothing
   * at all when the person typed nothing, and that is a wrong answer to judge, not a usage error.
   */
  endIsEmpty?: boolean;
  /** Why an answer is refused (a new PIN that is not 4 digits, a confirmation that differs), or null. */
  refuse?: (answer: string) => HouseholdError | null;
  /**
   * Called with each refusal: true lets the person type the answer again in place (on a terminal,
   * while tries are left); false ends the question with the refusal.
   */
  retry?: (refusal: HouseholdError) => boolean;
}

export interface Prompter {
  /** False when asking would fail; lets a command refuse before it touches the store. */
  readonly canAsk: boolean;
  /** True on a terminal, where a person can type a refused new secret again. */
  readonly interactive: boolean;
  /** The answer, '' for an optional question left empty. */
  secret(question: SecretQuestion): Promise<string>;
  close(): void;
}

export class NoInputPrompter implements Prompter {
  readonly canAsk = false;
  readonly interactive = false;

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
 * --stdin: one secret per line, CR before LF dropped, lines beyond those asked ignored, a last line
 * without a line end counted, and one NUL at the very end of input dropped (pam_exec's expose_authtok
 * writes the PIN with no line end; older Linux-PAM releases add a NUL). Reads with synchronous calls, a
 * chunk at a time and only as far as the lines asked for: opening stdin as a stream would cost
 * start-up, and reading to the end would hang on a writer that keeps its end open.
 */
export class LinePrompter implements Prompter {
  readonly canAsk = true;
  readonly interactive = false;
  /** Bytes read and not yet handed out. Split at LF bytes, which never occur inside a UTF-8 character. */
  private pending = Buffer.alloc(0);
  private ended = false;
  private readonly chunk = Buffer.allocUnsafe(MAX_LINE_BYTES + 2);

  constructor(private readonly read: ReadInput) {}

  private tooLong(): HouseholdError {
    return new HouseholdError('USAGE', `a line of standard input is over ${MAX_LINE_BYTES} bytes; --stdin takes one secret per line`);
  }

  private nextLine(): Buffer | undefined {
    for (;;) {
      const end = this.pending.indexOf(0x0a);
      if (end >= 0 || (this.ended && this.pending.length > 0)) {
        let line = this.pending.subarray(0, end >= 0 ? end : this.pending.length);
        this.pending = end >= 0 ? this.pending.subarray(end + 1) : Buffer.alloc(0);
        if (this.ended && this.pending.length === 0 && line[line.length - 1] === 0) line = line.subarray(0, -1);
        if (line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
        if (line.length > MAX_LINE_BYTES) throw this.tooLong();
        return line;
      }
      if (this.ended) return undefined;
      // A line end may still come (CR LF, or a last NUL): only past that is the line certainly too long.
      if (this.pending.length > MAX_LINE_BYTES + 2) throw this.tooLong();
      const count = this.read(this.chunk);
      if (count === 0) this.ended = true;
      else this.pending = Buffer.concat([this.pending, this.chunk.subarray(0, count)]);
    }
  }

  async secret(question: SecretQuestion): Promise<string> {
    const bytes = this.nextLine() ?? this.answerAtEnd(question);
    // Decoding would turn every invalid byte into U+FFFD, and two different passwords into one.
    if (!isUtf8(bytes)) throw new HouseholdError('INVALID_INPUT', `the line for "${question.message}" is not valid UTF-8 text`);
    const answer = bytes.toString('utf8');
    const refusal = question.optional && answer === '' ? null : (question.refuse?.(answer) ?? null);
    if (refusal) throw refusal;
    return answer;
  }

  /** What the end of input answers: empty where the question allows it, otherwise nothing (64). */
  private answerAtEnd(question: SecretQuestion): Buffer {
    if (question.optional || question.endIsEmpty) return Buffer.alloc(0);
    throw new HouseholdError(
      'NO_INPUT',
      `standard input ended before the secret "${question.message}"`,
      'with --stdin, give one secret per line in the order the prompts would ask (see the command\'s --help)',
    );
  }

  close(): void {}
}

const unstyled = (text: string) => text;
const PLAIN_THEME = {
  prefix: { idle: '?', done: '✔' },
  style: { answer: unstyled, message: unstyled, error: unstyled, defaultAnswer: unstyled, help: unstyled, highlight: unstyled, key: unstyled, maskedText: '[input is masked]' },
};

/**
 * The mark of an answered question whose answer the prompt did not judge (a current PIN or password,
 * checked against its hash after the prompt has ended; a repeated new secret, compared after): the
 * prompt library's ✔ beside it would read as "right" before the answer is even checked.
 */
const ANSWERED = '›';

type KeypressSource = NodeJS.ReadableStream & { on(event: 'keypress', listener: (text: string, key?: { name?: string; ctrl?: boolean }) => void): unknown };

/** Masked prompts on the terminal, written to stderr so stdout stays data. */
export class TerminalPrompter implements Prompter {
  readonly canAsk = true;
  readonly interactive = true;
  private readonly controller = new AbortController();

  constructor(
    private readonly streams: () => { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
    /** Colour is decided in one place (src/cli/output.ts) and handed here; the prompt library would decide for itself. */
    private readonly color: boolean,
  ) {}

  async secret(question: SecretQuestion): Promise<string> {
    const { password } = await importPackage<typeof import('@inquirer/prompts')>('@inquirer/prompts');
    const streams = this.streams();
    // One controller per question: a refusal that ends the question aborts this prompt only.
    const controller = new AbortController();
    const stop = (reason: HouseholdError) => controller.abort(reason);
    const onParentAbort = () => stop(new HouseholdError('INTERRUPTED', 'interrupted; nothing was changed'));
    this.controller.signal.addEventListener('abort', onParentAbort);
    // readline closes on Ctrl+D at an empty line and the prompt would then never settle: the process
    // would end with exit 0 having done nothing. Ctrl+D (and the end of the terminal) is end of input.
    const inputEnded = () => stop(new HouseholdError('INPUT_ENDED', 'input ended; nothing was changed'));
    // The prompt library puts a refused answer back in the line, to be corrected; a masked answer cannot
    // be seen to be corrected, and "type it again" means from the start. So the first key after a
    // refusal first empties the line (Ctrl+U, ahead of readline, which this listener is put before).
    let refused = false;
    const input = streams.input as KeypressSource;
    const onKey = (_text: string, key?: { name?: string; ctrl?: boolean }) => {
      if (key?.ctrl && key.name === 'd') inputEnded();
      else if (refused && key?.name !== 'return' && key?.name !== 'enter') {
        refused = false;
        input.emit('keypress', '\u0015', { sequence: '\u0015', name: 'u', ctrl: true, meta: false, shift: false });
      }
    };
    input.prependListener('keypress', onKey);
    input.on('end', inputEnded);
    try {
      return await password(
        {
          message: question.optional ? `${question.message} (empty for none):` : `${question.message}:`,
          mask: '*',
          // The prompt's ctrl+t would show the secret in clear on the screen; a secret is never shown.
          toggleMask: false,
          validate: (answer: string) => {
            const refusal = question.optional && answer === '' ? null : (question.refuse?.(answer) ?? null);
            if (!refusal) return true;
            // Refused in place: the prompt shows why and takes the answer again, and never marks it done.
            if (question.retry?.(refusal)) {
              refused = true;
              return `${refusal.message}; type it again`;
            }
            // Stopped once the prompt has taken the refusal and left its busy state: stopped from inside
            // validate, the prompt is torn down before its spinner timer is set, and that timer (an
            // interval) would keep the process alive after it printed its error.
            setImmediate(() => stop(refusal));
            return refusal.message;
          },
          theme: this.theme(question.refuse !== undefined),
        },
        { ...streams, signal: controller.signal },
      );
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason instanceof HouseholdError) throw controller.signal.reason;
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw new HouseholdError('INTERRUPTED', 'interrupted; nothing was changed');
      }
      throw error;
    } finally {
      input.removeListener('keypress', onKey);
      input.removeListener('end', inputEnded);
      this.controller.signal.removeEventListener('abort', onParentAbort);
    }
  }

  /** ✔ only beside an answer the prompt itself accepted (`refuse` found nothing wrong with it). */
  private theme(judged: boolean) {
    if (this.color) return judged ? undefined : { prefix: { done: ANSWERED } };
    return { ...PLAIN_THEME, prefix: { idle: PLAIN_THEME.prefix.idle, done: judged ? PLAIN_THEME.prefix.done : ANSWERED } };
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

  get interactive(): boolean {
    return this.prompter.interactive;
  }

  secret(question: SecretQuestion): Promise<string> {
    return this.prompter.secret(question);
  }

  close(): void {
    this.chosen?.close();
  }
}
