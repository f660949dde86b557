/**
 * Where in a JSON text something is, for error messages that must name a position but never quote
 * the text (the file may be anything, readable only through this program). JSON.parse's own messages
 * quote the text and often give no position. Only ever run on a text that failed, so speed is no concern.
 */
export interface Position {
  line: number;
  column: number;
}

export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  // Stryker disable next-line EqualityOperator: every offset given is within the text, so i < offset stops first
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  // Columns count code points, as editors do.
  return { line, column: [...text.slice(lineStart, offset)].length + 1 };
}

export function describePosition({ line, column }: Position): string {
  return `line ${line}, column ${column}`;
}

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

type Path = Array<string | number>;

/**
 * A household store is 5 levels deep. The scanner recurses once per level, so a file of 5,000 opening
 * brackets would overflow the stack (exit 1, "this is a bug"): past this depth it stops and says so.
 */
export const MAX_DEPTH = 512;

/** A validating JSON scanner that can stop at the key it is asked for. */
class Scanner {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly wanted?: { path: Path; key: string },
  ) {}

  private fail(problem: string, offset = this.pos): never {
    throw new SyntaxProblem(offset, problem);
  }

  private space(): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end text[pos] is undefined, which includes() does not find
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos])) this.pos += 1;
  }

  private expectEnd(what: string): void {
    if (this.pos >= this.text.length) this.fail(`the file ends inside ${what}`);
  }

  /** Returns the offset of the wanted key, once found; undefined otherwise. */
  document(): number | undefined {
    this.space();
    const found = this.value([]);
    if (found !== undefined) return found;
    this.space();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
    return undefined;
  }

  private value(path: Path): number | undefined {
    this.expectEnd('a value');
    if (path.length > MAX_DEPTH) this.fail(`values nested more than ${MAX_DEPTH} levels deep`);
    const char = this.text[this.pos];
    if (char === '{') return this.object(path);
    if (char === '[') return this.array(path);
    if (char === '"') {
      this.string();
      return undefined;
    }
    if (char === '-' || (char >= '0' && char <= '9')) {
      this.number();
      return undefined;
    }
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return undefined;
      }
    }
    return this.fail('unexpected character where a value should start');
  }

  private isWanted(path: Path): boolean {
    return this.wanted !== undefined && this.wanted.path.length === path.length && this.wanted.path.every((part, i) => part === path[i]);
  }

  private object(path: Path): number | undefined {
    this.pos += 1;
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return undefined;
    }
    for (;;) {
      this.space();
      this.expectEnd('an object');
      if (this.text[this.pos] !== '"') this.fail('expected a quoted field name');
      const keyStart = this.pos;
      const key = this.string();
      if (this.isWanted(path) && key === this.wanted!.key) return keyStart;
      this.space();
      this.expectEnd('an object');
      if (this.text[this.pos] !== ':') this.fail("expected ':' after a field name");
      this.pos += 1;
      this.space();
      const found = this.value([...path, key]);
      if (found !== undefined) return found;
      this.space();
      this.expectEnd('an object');
      const next = this.text[this.pos];
      this.pos += 1;
      if (next === '}') return undefined;
      if (next !== ',') this.fail("expected ',' or '}' after a field's value", this.pos - 1);
    }
  }

  private array(path: Path): number | undefined {
    this.pos += 1;
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return undefined;
    }
    for (let index = 0; ; index += 1) {
      this.space();
      const found = this.value([...path, index]);
      if (found !== undefined) return found;
      this.space();
      this.expectEnd('a list');
      const next = this.text[this.pos];
      this.pos += 1;
      if (next === ']') return undefined;
      if (next !== ',') this.fail("expected ',' or ']' after a list item", this.pos - 1);
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos += 1;
    for (;;) {
      this.expectEnd('a string');
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) break;
      if (code < 0x20) this.fail('a control character inside a string');
      if (code === 0x5c) {
        const escape = this.text[this.pos + 1];
        if (escape === 'u') {
          // Stryker disable next-line Regex: the slice is at most 4 characters, so either anchor alone says the same
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail('a bad \\u escape inside a string');
          this.pos += 6;
          continue;
        }
        // Stryker disable next-line ConditionalExpression: includes(undefined) is false, so the end of the text fails either way
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('a bad escape inside a string');
        this.pos += 2;
        continue;
      }
      this.pos += 1;
    }
    this.pos += 1;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) this.fail('a malformed number');
    this.pos += match[0].length;
  }
}

/** Where the first syntax error in `text` is and what it is, or null when `text` is valid JSON. */
export function syntaxErrorIn(text: string): { position: Position; problem: string } | null {
  try {
    new Scanner(text).document();
    return null;
  } catch (error) {
    if (error instanceof SyntaxProblem) return { position: positionOf(text, error.offset), problem: error.problem };
    throw error;
  }
}

/** Where the field `key` of the object at `path` starts, or null if it is not there. */
export function keyPosition(text: string, path: Path, key: string): Position | null {
  try {
    const offset = new Scanner(text, { path, key }).document();
    return offset === undefined ? null : positionOf(text, offset);
  } catch {
    return null;
  }
}
