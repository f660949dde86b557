import { readFileSync } from 'node:fs';
import { Sandbox } from './cli.js';
import { pinRequiredOf } from './households.js';

/**
 * Secrets without a terminal: --stdin as pam_exec, cron and scripts write it (bytes that are not UTF-8,
 * line lengths, line ends, a NUL), and a command that needs a secret with neither a terminal nor --stdin.
 * On a terminal: terminal.test.ts.
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

const pinRequired = pinRequiredOf(() => box);

describe('secrets without a terminal', () => {
  test('a command that needs a secret, piped without --stdin, exits 64 at once naming --stdin', async () => {
    await box.init();
    for (const args of [['pin', 'set', 'alice'], ['users', 'add', 'bob', '--member'], ['pin', 'set', 'alice', '--no-input']]) {
      const result = await box.run(args, { input: '4829\n4829\n' });
      expect(result.code).toBe(64);
      expect(result.stderr).toContain('--stdin');
    }
  });

  test('input that ends before a required secret is 64; CRLF and a missing final newline are fine', async () => {
    await box.init();
    const short = await box.run(['pin', 'set', 'alice', '--stdin'], { input: '4829\n' });
    expect(short.code).toBe(64);
    expect(short.stderr).toContain('standard input ended before the secret "New PIN for alice again"');
    expect((await box.run(['pin', 'set', 'alice', '--stdin'], { input: '4829\r\n4829' })).code).toBe(0);
    expect((await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '4829\r\nextra line\n' })).code).toBe(0);
  });
});

describe('--stdin: bytes', () => {
  test('a secret that is not valid UTF-8 is 65, and two different invalid ones do not both match a password', async () => {
    await box.init('7391');
    const invalid = await box.run(['pin', 'remove', 'alice', '--stdin'], { input: bytes([0xff, 0xfe], '\n') });
    expect(invalid.code).toBe(65);
    expect(invalid.stderr).toContain('is not valid UTF-8 text');
    expect(await pinRequired('alice')).toBe(true);

    // Decoded leniently, every invalid byte would be U+FFFD: bob's password is eight of them, typed as valid UTF-8.
    const replacement = '\uFFFD'.repeat(8);
    expect((await box.run(['users', 'add', 'bob', '--member', '--stdin'], { input: `${replacement}\n${replacement}\n` })).code).toBe(0);
    for (const guess of [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x80, 0x81, 0x82, 0x83, 0xc0, 0xc1, 0xf5, 0xfe]]) {
      const result = await box.run(['pin', 'set', 'bob', '--stdin'], { input: bytes(guess, '\n4829\n4829\n') });
      expect(result.code).toBe(65);
      expect(result.stderr).toContain('is not valid UTF-8 text');
      expect(await pinRequired('bob')).toBe(false);
    }
    // A new password of invalid bytes is refused too, rather than stored as U+FFFD.
    const carol = await box.run(['users', 'add', 'carol', '--member', '--stdin'], { input: bytes([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8], '\n', [0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8], '\n') });
    expect(carol.code).toBe(65);
    const names = (JSON.parse((await box.run(['users', 'list', '--json'])).stdout) as Array<{ name: string }>).map((account) => account.name);
    expect(names).toEqual(['alice', 'bob']);
    // The real password still works.
    expect((await box.run(['pin', 'set', 'bob', '--stdin'], { input: `${replacement}\n4829\n4829\n` })).code).toBe(0);
  });

  test('a line of exactly 4096 bytes is read (and, as a PIN, is 65); 4097 or 8000 bytes is 64; later lines do not count', async () => {
    await box.init('7391');
    const line = (n: number) => '1'.repeat(n);
    const cases: Array<[string, string, number, string]> = [
      ['4096 bytes and LF', `${line(4096)}\n`, 65, 'must be exactly 4 digits'],
      ['4096 bytes and CRLF', `${line(4096)}\r\n`, 65, 'must be exactly 4 digits'],
      ['4096 bytes, no line end', line(4096), 65, 'must be exactly 4 digits'],
      ['4096 bytes and a NUL at the end', `${line(4096)}\0`, 65, 'must be exactly 4 digits'],
      ['4097 bytes and LF', `${line(4097)}\n`, 64, 'a line of standard input is over 4096 bytes'],
      ['4097 bytes, no line end', line(4097), 64, 'a line of standard input is over 4096 bytes'],
      ['8000 bytes and LF', `${line(8000)}\n`, 64, 'a line of standard input is over 4096 bytes'],
    ];
    for (const [what, input, code, message] of cases) {
      const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input });
      expect([what, result.code]).toEqual([what, code]);
      expect(result.stderr).toContain(message);
    }
    expect(await pinRequired('alice')).toBe(true);
    // Only the lines asked for are read: a long line after them is no concern of this command's.
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input: `7391\n${line(8000)}\n` });
    expect(result.code).toBe(0);
    expect(await pinRequired('alice')).toBe(false);
  });

  test('a last line without a line end counts, and one NUL at the very end is dropped (pam_exec, old Linux-PAM)', async () => {
    await box.init('7391');
    const removed = await box.run(['pin', 'remove', 'alice', '--stdin', '--json'], { input: '7391\0' });
    expect([removed.code, removed.stdout]).toEqual([0, '{"removed":["alice"],"unchanged":[]}\n']);
    expect((await box.run(['pin', 'set', 'alice', '--stdin'], { input: '7391\n7391\n' })).code).toBe(0);
    for (const input of ['7391', '7391\0', '7391\r\n', '7391\n\0']) {
      const result = await box.run(['pin', 'verify', 'alice', '--stdin'], { input });
      expect([JSON.stringify(input), result.code, result.stderr]).toEqual([JSON.stringify(input), 0, "alice's PIN is right\n"]);
    }
    // Only one NUL, and only at the very end.
    for (const input of ['7391\0\0', '11\u000011\n', '7391\0\n']) {
      const result = await box.run(['pin', 'verify', 'alice', '--stdin'], { input });
      expect([JSON.stringify(input), result.code]).toEqual([JSON.stringify(input), 65]);
    }
  });
});

describe('secrets on stdin: CRLF and a missing final newline are read as the same secret', () => {
  const pinState = () => JSON.parse(readFileSync(box.store, 'utf8')).accounts[0];

  test.each([
    ['CRLF line ends', '7391\r\n'],
    ['no final newline', '7391'],
    ['CRLF and no final newline', '7391\r'],
  ])('the right PIN with %s removes it', async (_what, input) => {
    await box.init('7391');
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input });
    expect([result.code, result.stderr]).toEqual([0, 'removed the PIN of alice\n']);
    expect(pinState().pinHash).toBeNull();
  });

  test('a wrong PIN with CRLF is counted once (the CR is not part of it)', async () => {
    await box.init('7391');
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input: '1112\r\n' });
    expect(result.code).toBe(77);
    expect(pinState().failures.pin.count).toBe(1);
  });
});
