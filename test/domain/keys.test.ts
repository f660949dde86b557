import { formatKeyFile, isKeyId, parseKeyFile, type Key } from '../../src/domain/keys.js';
import { refusalOf } from '../fakes/refusals.js';

/**
 * The key file's text (src/domain/keys.ts): what parseKeyFile reads of it, and the 78 naming the file and
 * the line (never its text) for anything that is not a key. Reading the file itself is
 * test/store/key-file.test.ts.
 */
const PATH = '/home/op/.config/household/household.json.key';
const key = (n: number): Key => ({ id: n.toString(16).padStart(8, '0'), bytes: new Uint8Array(32).fill(n) });
const keyLine = (k: Key) => `${k.id} ${Buffer.from(k.bytes).toString('base64')}`;
const NOT_A_KEY = (line: number) => `the key file ${PATH} is unusable: line ${line} is not a key (expected 8 hex digits, a space, and 32 bytes in base64)`;

describe('isKeyId', () => {
  test('8 lower-case hex digits, as text only', () => {
    expect(isKeyId('0000abcd')).toBe(true);
    expect(isKeyId('0000ABCD')).toBe(false);
    expect(isKeyId('0000abc')).toBe(false);
    // A number or a list whose text would pass is no key id: JSON.parse makes both of a store.
    expect(isKeyId(12345678)).toBe(false);
    expect(isKeyId(['0000abcd'])).toBe(false);
  });
});

describe('parseKeyFile', () => {
  test('formatKeyFile read back: the keys, oldest first', () => {
    expect(parseKeyFile(PATH, formatKeyFile([key(1), key(2)]))).toEqual([key(1), key(2)]);
  });

  test('a file written with CRLF line ends (an editor on Windows) reads the same', () => {
    expect(parseKeyFile(PATH, `# keys\r\n${keyLine(key(1))}\r\n${keyLine(key(2))}\r\n`)).toEqual([key(1), key(2)]);
  });

  test('blank lines, lines of spaces or tabs, and comments are skipped', () => {
    expect(parseKeyFile(PATH, `\n   \n\t\n# a comment\n${keyLine(key(1))}\n  \r\n`)).toEqual([key(1)]);
  });

  test('a carriage return anywhere but at the end of a line is not a key: 78 naming the line', () => {
    const [id, base64] = keyLine(key(1)).split(' ');
    const error = refusalOf(() => parseKeyFile(PATH, `# keys\n${id}\r ${base64}\n`));
    expect([error.code, error.exitCode, error.message]).toEqual(['STORE_UNUSABLE', 78, NOT_A_KEY(2)]);
  });

  test('a key id twice: 78 naming the later line and the id', () => {
    const error = refusalOf(() => parseKeyFile(PATH, `# keys\n${keyLine(key(1))}\n${keyLine(key(2))}\n${keyLine({ ...key(1), bytes: new Uint8Array(32).fill(9) })}\n`));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'STORE_UNUSABLE',
      78,
      `the key file ${PATH} is unusable: line 4 repeats the key id 00000001`,
      'restore the key file from its backup (without it, no PIN or password made with it can be checked)',
    ]);
  });

  test.each([
    ['empty', ''],
    ['comments and blank lines only', '# household key file\n\n   \n'],
  ])('no key at all (%s): 78', (_, text) => {
    const error = refusalOf(() => parseKeyFile(PATH, text));
    expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
      'STORE_UNUSABLE',
      78,
      `the key file ${PATH} is unusable: it holds no key`,
      'restore the key file from its backup (without it, no PIN or password made with it can be checked)',
    ]);
  });
});
