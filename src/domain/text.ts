/**
 * Text that came from a person or a file, made safe to print: control characters (C0, DEL, C1), format
 * characters (zero-width, bidi controls) and line and paragraph separators are shown escaped, so a name
 * can neither move the cursor, reorder a line, nor start a new line that looks like ours. So are the
 * characters that show as nothing or as blank, so that two names never read the same: every
 * Default_Ignorable_Code_Point (combining grapheme joiner, variation selectors, Hangul fillers ...), the
 * braille blank U+2800, and every space separator (Zs) but the plain space, spelt out (a \p{Zs} class
 * costs about 5 ms to build; test/domain/text.test.ts checks the list against \p{Zs}).
 */
const UNSAFE_SOURCE = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Default_Ignorable_Code_Point}\\u2800\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]';
let unsafe: RegExp | undefined;
/**
 * The matcher, built on first use: V8 builds a regular expression literal's Unicode sets when the line
 * that holds it runs, so a literal here cost every start about 3 M instructions (a tenth of what the CLI
 * adds to Node's own start), with nothing to escape in most runs.
 */
function unsafeMatcher(): RegExp {
  unsafe ??= new RegExp(UNSAFE_SOURCE, 'gu');
  unsafe.lastIndex = 0;
  return unsafe;
}
/**
 * Printable ASCII holds none of those, and is nearly every text printed: tested first with a plain
 * character class, so the Unicode-property matcher is built only for other text.
 */
const PLAIN = /^[\x20-\x7e]*$/;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCodePoint(char: string): string {
  const code = char.codePointAt(0)!;
  // Stryker disable next-line EqualityOperator: U+FFFF is none of the characters above, so it never comes here
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function visible(text: string): string {
  // Stryker disable next-line ConditionalExpression: a shortcut for speed only; the replace below leaves printable ASCII as it is
  if (PLAIN.test(text)) return text;
  return text.replace(unsafeMatcher(), (char) => NAMED[char] ?? escapeCodePoint(char));
}

/**
 * The first character visible() would escape, or undefined: new names may hold none (src/domain/names.ts),
 * and asking here builds no matcher of its own beside the one their printing builds anyway.
 */
export function firstEscaped(text: string): string | undefined {
  // Stryker disable next-line ConditionalExpression: a shortcut for speed only, as in visible()
  if (PLAIN.test(text)) return undefined;
  return unsafeMatcher().exec(text)?.[0];
}

/**
 * JSON.stringify escapes C0 characters only; C1, format, invisible and blank characters and U+2028/2029
 * pass through raw.
 * They can only occur inside JSON strings, so escaping them there keeps the JSON valid and equal.
 */
export function safeJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Stryker disable next-line ConditionalExpression: a shortcut for speed only, as in visible()
  if (PLAIN.test(json)) return json;
  // split('') gives UTF-16 code units: an astral format character becomes its surrogate pair, as JSON spells it.
  return json.replace(unsafeMatcher(), (char) =>
    char
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

/** A word as a POSIX shell reads it back, for hints that show a command to type. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
