import { positionOf, syntaxErrorIn } from '../../src/store/json-position.js';

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
