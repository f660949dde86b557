/**
 * Text that came from a person or a file, made safe to print: control characters (C0, DEL, C1), format
 * characters (zero-width, bidi controls) and line and paragraph separators are shown escaped, so a name
 * can neither move the cursor, reorder a line, nor start a new line that looks like ours.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const UNSAFE_ANY = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCodePoint(char: string): string {
  const code = char.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function visible(text: string): string {
  return text.replace(UNSAFE, (char) => NAMED[char] ?? escapeCodePoint(char));
}

export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_ANY.test(text);
}

/**
 * JSON.stringify escapes C0 characters only; C1, format characters and U+2028/2029 pass through raw.
 * They can only occur inside JSON strings, so escaping them there keeps the JSON valid and equal.
 */
export function safeJson(value: unknown): string {
  // split('') gives UTF-16 code units: an astral format character becomes its surrogate pair, as JSON spells it.
  return JSON.stringify(value).replace(UNSAFE, (char) =>
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
