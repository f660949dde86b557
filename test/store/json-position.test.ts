import { describePosition, keyPosition, MAX_DEPTH, positionOf, syntaxErrorIn } from '../../src/store/json-position.js';

/** Where a broken JSON text goes wrong, said by line and column (code points, from 1), never by quoting it. */
describe('syntaxErrorIn', () => {
  test.each([
    ['{}', null],
    ['[]', null],
    [' {"a": [1, -2.5e3, true, false, null, "x\\u0041\\n"]} \n', null],
    ['"just a string"', null],
    ['0', null],
  ])('%j is valid JSON', (text, expected) => {
    expect(syntaxErrorIn(text)).toBe(expected);
  });

  test.each<[string, string, number, number, string]>([
    ['empty', '', 1, 1, 'the file ends inside a value'],
    ['white space only', ' \n ', 2, 2, 'the file ends inside a value'],
    ['a trailing comma in an object', '{"a": 1,}', 1, 9, 'expected a quoted field name'],
    ['a trailing comma in a list', '[1,]', 1, 4, 'unexpected character where a value should start'],
    ['a missing colon', '{"a" 1}', 1, 6, "expected ':' after a field name"],
    ['a missing comma in an object', '{"a":1 "b":2}', 1, 8, "expected ',' or '}' after a field's value"],
    ['a missing comma in a list', '[1 2]', 1, 4, "expected ',' or ']' after a list item"],
    ['an unquoted key', '{a: 1}', 1, 2, 'expected a quoted field name'],
    ['a single-quoted string', "['x']", 1, 2, 'unexpected character where a value should start'],
    ['a misspelt literal', '[tru]', 1, 2, 'unexpected character where a value should start'],
    ['a leading zero', '01', 1, 2, 'unexpected text after the end of the JSON value'],
    ['a lone minus', '[-]', 1, 2, 'a malformed number'],
    ['text after the value', '{} x', 1, 4, 'unexpected text after the end of the JSON value'],
    ['an unterminated string', '["abc', 1, 6, 'the file ends inside a string'],
    ['an unclosed object', '{"a": 1', 1, 8, 'the file ends inside an object'],
    ['an unclosed list', '[1, 2', 1, 6, 'the file ends inside a list'],
    ['a raw control character in a string', '["a\u0001b"]', 1, 4, 'a control character inside a string'],
    ['a bad escape', '["a\\xb"]', 1, 4, 'a bad escape inside a string'],
    ['a bad \\u escape', '["\\u12g4"]', 1, 3, 'a bad \\u escape inside a string'],
    ['a broken line further down', '{\n  "a": 1,\n  "b": ]\n}', 3, 8, 'unexpected character where a value should start'],
    ['CRLF line ends', '{\r\n  "a": 1,\r\n  "b": ]\r\n}', 3, 8, 'unexpected character where a value should start'],
    // Columns count code points, as editors do: each emoji is one column (two UTF-16 units).
    ['astral characters before it', '["\u{1F600}\u{1F600}", x]', 1, 8, 'unexpected character where a value should start'],
  ])('%s', (_what, text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(syntaxErrorIn(text)).toEqual({ position: { line, column }, problem });
  });

  test(`nesting past ${MAX_DEPTH} levels is reported where it goes too deep, not a stack overflow`, () => {
    expect(syntaxErrorIn('['.repeat(100_000))).toEqual({ position: { line: 1, column: MAX_DEPTH + 2 }, problem: `values nested more than ${MAX_DEPTH} levels deep` });
    expect(syntaxErrorIn(`${'{"a":'.repeat(100_000)}1`)).toMatchObject({ problem: `values nested more than ${MAX_DEPTH} levels deep` });
    // As deep as allowed, the real error is found.
    const deepest = `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)} x`;
    expect(syntaxErrorIn(deepest)).toEqual({ position: { line: 1, column: 2 * MAX_DEPTH + 4 }, problem: 'unexpected text after the end of the JSON value' });
  });
});

describe('positionOf and describePosition', () => {
  test('lines from 1 at each LF, columns from 1 in code points', () => {
    const text = 'ab\n\u{1F600}cd\n\nx';
    expect(positionOf(text, 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf(text, 2)).toEqual({ line: 1, column: 3 });
    expect(positionOf(text, 3)).toEqual({ line: 2, column: 1 });
    expect(positionOf(text, 6)).toEqual({ line: 2, column: 3 });
    expect(positionOf(text, 9)).toEqual({ line: 4, column: 1 });
    // Past the end: the end.
    expect(positionOf(text, 100)).toEqual({ line: 4, column: 2 });
    expect(describePosition({ line: 14, column: 7 })).toBe('line 14, column 7');
  });
});

describe('keyPosition: where a field starts, found by its path', () => {
  const store = [
    '{',
    '  "version": 2,',
    '  "accounts": [',
    '    { "name": "alice", "extra": 1 },',
    '    {',
    '      "name": "bob",',
    '      "failures": { "pin": { "count": 0, "extra": [] } },',
    '      "extra": {}',
    '    }',
    '  ],',
    '  "extra": null',
    '}',
  ].join('\n');

  test.each<[string, Array<string | number>, string, number, number]>([
    ['a top-level field, after nested ones of the same name', [], 'extra', 11, 3],
    ['a field of the first account', ['accounts', 0], 'extra', 4, 24],
    ['a field of the second account, after a deeper one of the same name', ['accounts', 1], 'extra', 8, 7],
    ['a deeply nested field', ['accounts', 1, 'failures', 'pin'], 'extra', 7, 42],
    ['a field defined by the format', [], 'version', 2, 3],
  ])('%s', (_what, path, key, line, column) => {
    expect(keyPosition(store, path, key)).toEqual({ line, column });
  });

  test('a key spelt with escapes is the key it means', () => {
    expect(keyPosition('{"a": 1, "\\u0044B_PASSWORD": 2}', [], 'DB_PASSWORD')).toEqual({ line: 1, column: 10 });
  });

  test('null when the field is not there, or not at that path, or the text is broken before it', () => {
    expect(keyPosition(store, [], 'missing')).toBeNull();
    expect(keyPosition(store, ['accounts', 2], 'name')).toBeNull();
    expect(keyPosition(store, ['accounts'], 'name')).toBeNull();
    expect(keyPosition('{"a": [1 2], "extra": 1}', [], 'extra')).toBeNull();
    expect(keyPosition(`${'['.repeat(100_000)}`, [0], 'x')).toBeNull();
  });
});

/** More of what a user reads about a broken store: where it breaks and why, and no complaint about valid JSON. */
describe('numbers', () => {
  test.each(['9', '[9, 90, 19]', '[1.25, -0.125, 1e+10, 2E-7, 3e15, 1.5e-12]', '{"a": -9}'])('%s is valid JSON', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(syntaxErrorIn(text)).toBeNull();
  });

  test.each<[string, string, number, string]>([
    ['a minus with a number further on', '[-a, 1]', 2, 'a malformed number'],
    ['a minus before a space', '[- 1]', 2, 'a malformed number'],
    ['a fraction without digits', '[1.]', 3, "expected ',' or ']' after a list item"],
    ['an exponent without digits', '[1e]', 3, "expected ',' or ']' after a list item"],
    ['a sign twice in an exponent', '[1e+-5]', 3, "expected ',' or ']' after a list item"],
  ])('%s', (_what, text, column, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(syntaxErrorIn(text)).toEqual({ position: { line: 1, column }, problem });
  });
});

describe('a file that ends too soon says inside what', () => {
  test.each<[string, string, number]>([
    ['right after the brace', '{', 2],
    ['after the brace and a line end', '{\n', 1],
    ['after a comma', '{"a": 1,', 9],
    ['after a field name', '{"a"', 5],
    ['after a field name and a space', '{"a" ', 6],
  ])('%s: an object', (_what, text, column) => {
    expect(syntaxErrorIn(text)).toEqual({ position: { line: text.endsWith('\n') ? 2 : 1, column }, problem: 'the file ends inside an object' });
  });

  test('after a colon: a value', () => {
    expect(syntaxErrorIn('{"a":')).toEqual({ position: { line: 1, column: 6 }, problem: 'the file ends inside a value' });
  });

  test('after a backslash or in the middle of a \\u escape: a string', () => {
    expect(syntaxErrorIn('["a\\')).toEqual({ position: { line: 1, column: 4 }, problem: 'a bad escape inside a string' });
    expect(syntaxErrorIn('["\\u00')).toEqual({ position: { line: 1, column: 3 }, problem: 'a bad \\u escape inside a string' });
  });
});

describe('escapes', () => {
  test('every escape JSON allows is accepted', () => {
    const text = '["\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00"]';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(syntaxErrorIn(text)).toBeNull();
  });
});

describe('positionOf', () => {
  test('an offset far past the end is the end, found at once', () => {
    expect(positionOf('ab\ncd', Number.MAX_SAFE_INTEGER)).toEqual({ line: 2, column: 3 });
  });
});
