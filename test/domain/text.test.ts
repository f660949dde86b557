import { execFileSync } from 'node:child_process';
import { safeJson, shellWord, visible } from '../../src/domain/text.js';

/**
 * The oracle, written out here: control (C0, DEL, C1), format and line/paragraph separator characters,
 * and what shows as nothing or blank: Default_Ignorable_Code_Point, U+2800, every Zs but the plain space.
 */
const UNSAFE_ORACLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]|(?! )\p{Zs}/u;
const hasUnsafeCharacters = (text: string) => UNSAFE_ORACLE.test(text);

describe('visible: text from a person or a file, safe to print', () => {
  test.each([
    ['line\nbreak', 'line\\nbreak'],
    ['carriage\rreturn', 'carriage\\rreturn'],
    ['tab\there', 'tab\\there'],
    ['bell\u0007', 'bell\\u0007'],
    ['\u001b[31mred', '\\u001b[31mred'],
    ['delete\u007f', 'delete\\u007f'],
    ['next line\u0085', 'next line\\u0085'],
    ['csi\u009b2J', 'csi\\u009b2J'],
    ['zero\u200bwidth', 'zero\\u200bwidth'],
    ['\u202eevil', '\\u202eevil'],
    ['soft\u00adhyphen', 'soft\\u00adhyphen'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['para\u2029sep', 'para\\u2029sep'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['\n\n\u202e\u202e', '\\n\\n\\u202e\\u202e'],
    // v3: what shows as nothing or as blank, so that two names never read the same.
    ['kid1\u034f', 'kid1\\u034f'],
    ['alice\ufe0f', 'alice\\ufe0f'],
    ['alice\u180b', 'alice\\u180b'],
    ['alice\u3164', 'alice\\u3164'],
    ['\u115f\u1160\uffa0', '\\u115f\\u1160\\uffa0'],
    ['\u2800\u2800', '\\u2800\\u2800'],
    ['Ana\u00a0Mar\u00eda', 'Ana\\u00a0Mar\u00eda'],
    ['a\u3000b\u202fc\u2007d', 'a\\u3000b\\u202fc\\u2007d'],
    ['x\u{e0100}', 'x\\u{e0100}'],
  ])('%j is shown as %s', (text, shown) => {
    expect(visible(text)).toBe(shown);
    expect(hasUnsafeCharacters(text)).toBe(true);
  });

  test.each(['alice', 'Straße', 'ａｌｉｃｅ', 'Cafe\u0301', 'Ana María', '\u{1F600} ok', 'a b', '"quoted" \\ back', ''])('%j is shown as it is', (text) => {
    expect(visible(text)).toBe(text);
    expect(hasUnsafeCharacters(text)).toBe(false);
  });

  test('the result never holds a character that could move the cursor or reorder the line', () => {
    const everything = Array.from({ length: 0x3000 }, (_, code) => String.fromCodePoint(code)).join('') + '\u{e0001}\u{e007f}\ufeff';
    expect(hasUnsafeCharacters(visible(everything))).toBe(false);
  });

  test('every code point is escaped exactly when the oracle says so', () => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const escaped = (char: string) => {
      const code = char.codePointAt(0)!;
      return named[char] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
    };
    // A block of 4096 code points at a time (one call per code point is too slow for a loaded machine).
    const wrongBlocks: string[] = [];
    for (let start = 0; start <= 0x10ffff; start += 0x1000) {
      const chars = Array.from({ length: 0x1000 }, (_, offset) => start + offset)
        .filter((code) => code < 0xd800 || code > 0xdfff)
        .map((code) => String.fromCodePoint(code));
      const expected = chars.map((char) => (hasUnsafeCharacters(char) ? escaped(char) : char)).join('');
      if (visible(chars.join('')) !== expected) wrongBlocks.push(start.toString(16));
    }
    expect(wrongBlocks).toEqual([]);
  });
});

describe('safeJson: JSON with C1, format and separator characters escaped', () => {
  const VALUES: unknown[] = [
    'plain',
    'x\u0085y\u009bz',
    'w\u2028v\u2029u',
    '\u202eevil\u200b',
    'tag\u{e0001}end',
    'line\nend\ttab\u0007bell',
    'Straße ａｌｉｃｅ \u{1F600} "quoted" \\ back',
    { name: 'kid\u200b', nested: { list: ['\u2066a\u2069', 42, null, true, false] }, empty: '' },
    ['\u0080', '\u009f', '\u00ad', '\u061c', '\ufeff'],
    { name: 'kid1\u034f', blank: '\u2800\u3164\u00a0', selector: '\u{e0100}' },
    12.5,
    null,
  ];

  test.each(VALUES)('%j parses back to the same value', (value) => {
    const json = safeJson(value);
    expect(JSON.parse(json)).toEqual(value);
    expect(hasUnsafeCharacters(json)).toBe(false);
  });

  test('unsafe characters are \\uXXXX escapes (astral ones as their surrogate pair), and the rest is JSON.stringify', () => {
    expect(safeJson({ a: 'x\u0085y' })).toBe('{"a":"x\\u0085y"}');
    expect(safeJson('\u2028\u202e\u009b')).toBe('"\\u2028\\u202e\\u009b"');
    expect(safeJson('\u{e0001}')).toBe('"\\udb40\\udc01"');
    expect(safeJson({ name: 'kid1\u034f\u2800\u00a0' })).toBe('{"name":"kid1\\u034f\\u2800\\u00a0"}');
    expect(safeJson(['alice', 1, { ok: true }])).toBe(JSON.stringify(['alice', 1, { ok: true }]));
  });
});

describe('shellWord: a word as a POSIX shell reads it back', () => {
  test.each(['plain', '/tmp/store.json', 'a b', "it's", "''", '$HOME', '`id`', 'semi;colon', '*', 'new\nline', '', '-dash'])('%j', (word) => {
    const quoted = shellWord(word);
    expect(execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(word);
  });

  test('safe words are left bare; anything else is quoted', () => {
    expect(shellWord('/tmp/x_y-1.json')).toBe('/tmp/x_y-1.json');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('')).toBe("''");
  });
});

describe('start-up: no Unicode-property matcher is built when a module loads', () => {
  // V8 builds a regular expression literal (and the Unicode sets of its \p{...} classes) when the line
  // that holds it runs: one at the top level of a module costs every start of the CLI, whatever it does.
  // They are built on first use instead (text.ts's unsafeMatcher, names.ts's isFormatOrSeparator).
  test('no top-level line of src/ holds a regular expression literal with \\p{', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../src', import.meta.url).pathname;
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(40);
    const offending = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => /^(export )?(const|let|var) [^=]+= *\/.*\\p\{/.test(line))
        .map((line) => `${file}: ${line.slice(0, 60)}`),
    );
    expect(offending).toEqual([]);
  });
});
