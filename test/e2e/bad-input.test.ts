import { readFileSync } from 'node:fs';
import { Sandbox } from './cli.js';

/**
 * Bad arguments and input of every kind get the contract's exit code and a message naming the problem,
 * and the store stays byte-identical. (A store that cannot be used: store.test.ts.)
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

describe('bad arguments and input: the contract exit code, the store byte-identical', () => {
  let before: Buffer;
  beforeEach(async () => {
    await box.init('7391');
    await box.run(['users', 'add', 'kid1', '--managed']);
    before = readFileSync(box.store);
  });
  afterEach(() => {
    expect(readFileSync(box.store).equals(before)).toBe(true);
  });

  test.each([
    [['users', 'add', 'kid\u0001x', '--managed'], 65, 'a name cannot hold control characters'],
    [['users', 'add', 'new\nline', '--managed'], 65, 'a name cannot hold control characters'],
    [['users', 'add', 'x'.repeat(33), '--managed'], 65, 'a name has at most 32 characters (this one has 33)'],
    [['users', 'add', 'x'.repeat(100_000), '--managed'], 65, 'a name has at most 32 characters (this one has 100000)'],
    [['users', 'add', '', '--managed'], 65, 'a name needs at least 1 character'],
    [['users', 'remove', 'k\u001b[2Jid1'], 67, 'no account named k\\u001b[2Jid1'],
    [['pin', 'remove', 'kid1', '--pin=1111'], 64, "unknown option '--pin=…'\nsecrets are never taken as arguments"],
    [['users', 'list', '--colour'], 64, "unknown option '--colour'"],
    [['pin', 'frobnicate'], 64, "unknown command 'frobnicate'"],
    [['--store'], 64, "option '--store <path>' argument missing"],
  ] as Array<[string[], number, string]>)('%j', async (args, code, message) => {
    const result = await box.run(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  test.each([
    ['an empty line', '\n', 65],
    ['nothing at all', '', 64],
    ['a PIN with a space', '111 \n', 65],
    ['a PIN in other digits', '\u0661\u0661\u0661\u0661\n', 65],
    ['a line longer than any secret', '1'.repeat(100_000), 64],
  ])('a current PIN on stdin that is %s: %i, not counted', async (_what, input, code) => {
    const result = await box.run(['pin', 'remove', 'alice', '--stdin'], { input });
    expect(result.code).toBe(code);
  });
});

describe('usage errors: 64 and the message on stderr', () => {
  test.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['users', 'list', '--frob'], "unknown option '--frob'"],
    [['users', 'add'], "missing required argument 'name'"],
    [['init'], "required option '--admin <name>' not specified"],
    [['users', 'add', 'x', '--managed', '--restriction', 'toddler'], "option '--restriction <profile>' argument 'toddler' is invalid. Allowed choices are none, younger-kid, older-kid, teen."],
    [['users', 'add', 'x'], 'say which kind of account: --managed or --member'],
    [['plan', 'set', 'gold'], "command-argument value 'gold' is invalid for argument 'plan'. Allowed choices are free, pass."],
  ])('usage error %j is 64 with a message on stderr', async (args, message) => {
    const result = await box.run(args);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`household: ${message}`);
  });

  test('a usage error with --json is a JSON error on stderr', async () => {
    const result = await box.run(['users', 'list', '--json', '--frob']);
    expect(result.code).toBe(64);
    expect(JSON.parse(result.stderr)).toEqual({ error: expect.objectContaining({ code: 'USAGE', message: "unknown option '--frob'" }) });
  });
});
