import { userName } from '../../src/store/owners.js';

describe('userName: how an ownership error names a user', () => {
  test.each([
    [0, 'root'],
    [65534, 'nobody'],
    // No entry in /etc/passwd: the id, said to be one.
    [424242, 'user id 424242'],
  ])('%i: %s', (uid, name) => {
    expect(userName(uid)).toBe(name);
  });
});
