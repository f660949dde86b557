import { jest } from '@jest/globals';
import * as fs from 'node:fs';

/**
 * userName, as an ownership error names a user: from the machine's /etc/passwd, and from a passwd file
 * given here, with the lines a real one can hold that must not name anybody.
 */
let passwd: string | Error | undefined;
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  readFileSync: (path: fs.PathOrFileDescriptor, options?: unknown) => {
    if (path === '/etc/passwd' && passwd instanceof Error) throw passwd;
    if (path === '/etc/passwd' && passwd !== undefined) return passwd;
    return fs.readFileSync(path, options as BufferEncoding);
  },
}));
const { userName } = await import('../../src/store/owners.js');

afterEach(() => {
  passwd = undefined;
});

describe('userName: how an ownership error names a user', () => {
  test.each([
    [0, 'root'],
    [65534, 'nobody'],
    // No entry in /etc/passwd: the id, said to be one.
    [424242, 'user id 424242'],
  ])('%i: %s', (uid, name) => {
    expect(userName(uid)).toBe(name);
  });

  test.each([
    ['a line without a name', ':x:7:7::/:/bin/sh\nseven:x:7:7::/:/bin/sh\n', 7, 'seven'],
    ['a line without an id', 'broken\nzero:x:0:0::/:/bin/sh\n', 0, 'zero'],
    ['an empty id (Number("") is 0)', 'empty:x::0::/:/bin/sh\nroot:x:0:0::/:/bin/sh\n', 0, 'root'],
    ['an id with a space before it', 'spaced:x: 5:5::/:/bin/sh\nfive:x:5:5::/:/bin/sh\n', 5, 'five'],
    ['an id with a space after it', 'spaced:x:5 :5::/:/bin/sh\nfive:x:5:5::/:/bin/sh\n', 5, 'five'],
    ['an id in hex', 'hex:x:0x10:16::/:/bin/sh\nsixteen:x:16:16::/:/bin/sh\n', 16, 'sixteen'],
    ['no line for the id at all', 'root:x:0:0::/:/bin/sh\n', 5, 'user id 5'],
  ])('%s names nobody: the next line that fits does', (_what, text, uid, name) => {
    passwd = text;
    expect(userName(uid)).toBe(name);
  });

  test('a passwd file that cannot be read: the id, said to be one', () => {
    passwd = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(userName(0)).toBe('user id 0');
  });
});
