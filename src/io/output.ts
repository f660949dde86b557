import { errno, HouseholdError } from '../domain/errors.js';
import { safeJson, visible } from '../domain/text.js';
import { importPackage } from './packages.js';

/**
 * The one output layer: data on stdout (a table on a terminal, tab-separated lines when piped, JSON
 * with --json), confirmations and errors on stderr, and colour only here, only on a terminal. Every
 * name and value is printed with control and format characters escaped, in every format.
 */
export interface Writer {
  write(text: string): unknown;
}

export interface Streams {
  stdout: Writer;
  stderr: Writer;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width, when it tells (a fresh pseudo-terminal may say 0). */
  stdoutColumns?: number;
}

/** A table is made to fit this many columns when the terminal does not say how wide it is. */
const DEFAULT_COLUMNS = 80;
/** A column wrapped to fit keeps at least this many columns (its padding included). */
const MIN_WRAPPED_WIDTH = 10;

/**
 * Column widths (padding included) that fit `limit` columns with a one-column bar between columns, by
 * narrowing the widest of the `wrappable` columns first: down to its longest word, so that lines break
 * between words, and only when that is not enough, further, breaking words (nothing is cut off).
 * Undefined when the table fits as it is.
 */
export function fittedWidths(cells: string[][], wrappable: readonly number[], limit: number): number[] | undefined {
  const widths = cells[0].map((_, column) => 2 + Math.max(...cells.map((row) => length(row[column]))));
  let excess = widths.reduce((sum, width) => sum + width, 0) + widths.length - 1 - limit;
  if (excess <= 0) return undefined;
  const longestWord = (column: number) => 2 + Math.max(...cells.map((row) => Math.max(...row[column].split(' ').map(length))));
  const narrow = (floor: (column: number) => number) => {
    while (excess > 0) {
      const widest = wrappable.filter((column) => widths[column] > floor(column)).sort((a, b) => widths[b] - widths[a])[0];
      if (widest === undefined) return;
      widths[widest] -= 1;
      excess -= 1;
    }
  };
  narrow((column) => Math.max(MIN_WRAPPED_WIDTH, longestWord(column)));
  narrow(() => MIN_WRAPPED_WIDTH);
  return widths;
}

function length(text: string): number {
  return [...text].length;
}

/** `text` in lines of at most `width` characters, broken between words, and inside a word only when it is longer than a line. */
export function wrapCell(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (length(joined) <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    const chars = [...word];
    while (chars.length > width) lines.push(chars.splice(0, width).join(''));
    line = chars.join('');
  }
  lines.push(line);
  return lines.join('\n');
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

/**
 * A compact table: no frame, columns apart by a bar, and one rule under the header (cli-table3's
 * compact style draws only that one), so 4 accounts take 6 lines.
 */
const COMPACT_TABLE = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', right: '', 'right-mid': '',
  mid: '─', 'mid-mid': '┼', middle: '│',
};

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

  private async paint(enabled: boolean, style: 'bold' | 'red' | 'dim' | 'yellow'): Promise<Paint> {
    if (!enabled) return plain;
    const { Chalk } = await importPackage<typeof import('chalk')>('chalk');
    const chalk = new Chalk({ level: 1 });
    return (text) => chalk[style](text);
  }

  /**
   * Rows of data: JSON with --json, a table on a terminal, tab-separated lines otherwise (`pipedRows`,
   * when a script should get other text than a person, such as UTC times instead of local ones).
   */
  async table(headers: string[], rows: string[][], jsonValue: unknown, pipedRows = rows, wrappable: readonly number[] = []): Promise<void> {
    if (this.json) {
      this.printJson(jsonValue);
      return;
    }
    if (!this.streams.stdoutIsTTY) {
      this.streams.stdout.write(pipedRows.map((row) => `${row.map(visible).join('\t')}\n`).join(''));
      return;
    }
    const [{ default: Table }, bold] = await Promise.all([
      importPackage<{ default: typeof import('cli-table3') }>('cli-table3'),
      this.paint(this.stdoutColor, 'bold'),
    ]);
    const shown = rows.map((row) => row.map(visible));
    // Fitted to the terminal: the columns that may wrap (a long actor, many accounts) are narrowed, and
    // wrap without losing a character, rather than the terminal wrapping every line of the table.
    const widths = fittedWidths([headers, ...shown], wrappable, this.streams.stdoutColumns || DEFAULT_COLUMNS);
    // cli-table3 colours its head and borders by default, even when colour is off: style is set here.
    const table = new Table({ head: headers.map(bold), style: { head: [], border: [], compact: true }, chars: COMPACT_TABLE, ...(widths ? { colWidths: widths } : {}) });
    table.push(...(widths ? shown.map((row) => row.map((cell, column) => wrapCell(cell, widths[column] - 2))) : shown));
    // The last column's padding would trail every line.
    this.streams.stdout.write(`${table.toString().replace(/ +$/gm, '')}\n`);
  }

  /** One record: JSON with --json, else one `field: value` line each, on stdout. */
  fields(pairs: Array<[string, string]>, jsonValue: unknown): void {
    if (this.json) {
      this.printJson(jsonValue);
      return;
    }
    const width = Math.max(...pairs.map(([label]) => label.length)) + 1;
    this.streams.stdout.write(pairs.map(([label, value]) => `${`${label}:`.padEnd(width)} ${visible(value)}\n`).join(''));
  }

  /**
   * What a mutating command did: a JSON object on stdout with --json, else one line on stderr. The
   * change has landed by now; if its confirmation cannot be written (a full disk behind stdout), the
   * error says that it landed (74).
   */
  result(jsonValue: unknown, line: string): void {
    try {
      if (this.json) this.printJson(jsonValue);
      else this.streams.stderr.write(`${visible(line)}\n`);
    } catch (error) {
      const code = errno(error) ?? (error as Error).message;
      throw new HouseholdError('OUTPUT_FAILED', `the change was made (${line}), but its confirmation could not be written (${code})`, (household) => `${household} users show NAME or ${household} log shows the result`);
    }
  }

  /** A plain value on stdout (config get). */
  value(jsonValue: unknown, text: string | undefined): void {
    if (this.json) this.printJson(jsonValue);
    else if (text !== undefined) this.streams.stdout.write(`${visible(text)}\n`);
  }

  /**
   * A document this program made (a completion script) on stdout, as it is: nothing in it came from a
   * person or a file. With --json, the JSON value with the document as its `text`.
   */
  document(text: string, jsonValue: Record<string, unknown>): void {
    if (this.json) this.printJson({ ...jsonValue, text });
    else this.streams.stdout.write(text);
  }

  /** A line for the person at the terminal (not with --json). */
  note(line: string): void {
    if (!this.json) this.streams.stderr.write(`${visible(line)}\n`);
  }

  /** Something skipped or doubtful that the command went on without: on stderr, in every format. */
  async warn(line: string): Promise<void> {
    const yellow = await this.paint(this.stderrColor && !this.json, 'yellow');
    this.streams.stderr.write(`${yellow('household: warning:')} ${visible(line)}\n`);
  }

  async error(failure: Failure): Promise<void> {
    if (this.json) {
      const error = failure.hint ? failure : { code: failure.code, message: failure.message };
      this.streams.stderr.write(`${safeJson({ error })}\n`);
      return;
    }
    const [red, dim] = await Promise.all([this.paint(this.stderrColor, 'red'), this.paint(this.stderrColor, 'dim')]);
    this.streams.stderr.write(`${red('household:')} ${visible(failure.message)}\n`);
    if (failure.hint) this.streams.stderr.write(`${dim(visible(failure.hint))}\n`);
  }

  private printJson(value: unknown): void {
    this.streams.stdout.write(`${safeJson(value)}\n`);
  }
}
