import { importPackage } from '../io/packages.js';

/**
 * The one output layer: data on stdout (a table on a terminal, tab-separated lines when piped, JSON
 * with --json), confirmations and errors on stderr, and colour only here, only on a terminal.
 */
export interface Writer {
  write(text: string): unknown;
}

export interface Streams {
  stdout: Writer;
  stderr: Writer;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export interface OutputSettings {
  json: boolean;
  /** False with --no-color, NO_COLOR set (non-empty) or TERM=dumb. */
  colorAllowed: boolean;
}

export function colorAllowed(env: Record<string, string | undefined>, noColorFlag: boolean): boolean {
  return !noColorFlag && !env.NO_COLOR && env.TERM !== 'dumb';
}

export interface Failure {
  code: string;
  message: string;
  hint?: string;
}

type Paint = (text: string) => string;
const plain: Paint = (text) => text;

// Names come from the command line or the store; a stray escape sequence must not reach the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;
export function visible(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class Output {
  readonly json: boolean;

  constructor(
    private readonly streams: Streams,
    private readonly settings: OutputSettings,
  ) {
    this.json = settings.json;
  }

  private get stdoutColor(): boolean {
    return this.settings.colorAllowed && this.streams.stdoutIsTTY;
  }

  private get stderrColor(): boolean {
    return this.settings.colorAllowed && this.streams.stderrIsTTY;
  }

  private async paint(enabled: boolean, style: 'bold' | 'red' | 'dim'): Promise<Paint> {
    if (!enabled) return plain;
    const { Chalk } = await importPackage<typeof import('chalk')>('chalk');
    const chalk = new Chalk({ level: 1 });
    return (text) => chalk[style](text);
  }

  /** Rows of data: JSON with --json, a table on a terminal, tab-separated lines otherwise. */
  async table(headers: string[], rows: string[][], jsonValue: unknown): Promise<void> {
    if (this.json) {
      this.printJson(jsonValue);
      return;
    }
    if (!this.streams.stdoutIsTTY) {
      this.streams.stdout.write(rows.map((row) => `${row.map(visible).join('\t')}\n`).join(''));
      return;
    }
    const [{ default: Table }, bold] = await Promise.all([
      importPackage<{ default: typeof import('cli-table3') }>('cli-table3'),
      this.paint(this.stdoutColor, 'bold'),
    ]);
    // cli-table3 colours its head and borders by default, even when colour is off: style is set here.
    const table = new Table({ head: headers.map(bold), style: { head: [], border: [] } });
    table.push(...rows.map((row) => row.map(visible)));
    this.streams.stdout.write(`${table.toString()}\n`);
  }

  /** What a mutating command did: a JSON object on stdout with --json, else one line on stderr. */
  result(jsonValue: unknown, line: string): void {
    if (this.json) this.printJson(jsonValue);
    else this.streams.stderr.write(`${visible(line)}\n`);
  }

  /** A plain value on stdout (config get). */
  value(jsonValue: unknown, text: string | undefined): void {
    if (this.json) this.printJson(jsonValue);
    else if (text !== undefined) this.streams.stdout.write(`${visible(text)}\n`);
  }

  note(line: string): void {
    if (!this.json) this.streams.stderr.write(`${visible(line)}\n`);
  }

  async error(failure: Failure): Promise<void> {
    if (this.json) {
      const error = failure.hint ? failure : { code: failure.code, message: failure.message };
      this.streams.stderr.write(`${JSON.stringify({ error })}\n`);
      return;
    }
    const [red, dim] = await Promise.all([this.paint(this.stderrColor, 'red'), this.paint(this.stderrColor, 'dim')]);
    this.streams.stderr.write(`${red('household:')} ${visible(failure.message)}\n`);
    if (failure.hint) this.streams.stderr.write(`${dim(visible(failure.hint))}\n`);
  }

  private printJson(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }
}
