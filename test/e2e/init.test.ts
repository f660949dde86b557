import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { auditLogOf, oldLine } from './audit-log.js';
import { Sandbox } from './cli.js';
import { Terminal } from './terminal.js';

/** `init` from the built CLI: the store it makes, and the audit log of an earlier store it will not make one beside. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { logPath, expectCode } = auditLogOf(() => box);

describe('init: the store it makes', () => {
  test('init creates a 0600 store in a 0700 folder, with argon2id hashes only', async () => {
    const result = await box.init('2580');
    expect(result.stderr).toContain(`created the household at ${box.store}`);
    expect(statSync(box.store).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(box.store)).mode & 0o777).toBe(0o700);
    const text = readFileSync(box.store, 'utf8');
    expect(text).not.toContain('alice-password');
    expect(text).not.toContain('2580');
    const stored = JSON.parse(text);
    expect(stored.version).toBe(2);
    expect(stored.sequence).toBe(1);
    expect(stored.accounts[0].passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.accounts[0].pinHash).toMatch(/^\$argon2id\$/);
  });

  test('init leaves an existing folder as it is', async () => {
    mkdirSync(dirname(box.store), { mode: 0o755 });
    chmodSync(dirname(box.store), 0o755);
    await box.init();
    expect(statSync(dirname(box.store)).mode & 0o777).toBe(0o755);
  });

  test('init on any existing path is 73, even an invalid file, which stays as it was', async () => {
    mkdirSync(dirname(box.store));
    writeFileSync(box.store, 'not json', { mode: 0o600 });
    const result = await box.run(['init', '--admin', 'alice', '--stdin'], { input: 'alice-password\nalice-password\n' });
    expect(result.code).toBe(73);
    expect(readFileSync(box.store, 'utf8')).toBe('not json');
  });
});

describe('init beside the audit log of an earlier store', () => {
  test('init refuses (73) when a log of an earlier store is still there, and adds nothing to it', async () => {
    mkdirSync(join(box.dir, 'data'), { mode: 0o700 });
    const earlier = oldLine(5, '2024-01-01T00:00:00.000Z');
    writeFileSync(logPath(), earlier, { mode: 0o600 });
    const result = await expectCode(['init', '--admin', 'alice', '--stdin'], 73, 'alice-password\nalice-password\n\n');
    expect(result.stderr).toContain(logPath());
    expect(existsSync(box.store)).toBe(false);
    expect(readFileSync(logPath(), 'utf8')).toBe(earlier);
  });

  test('init next to a log of an earlier store refuses before it asks anything: with --stdin it reads nothing, on a terminal no prompt shows', async () => {
    mkdirSync(join(box.dir, 'data'), { mode: 0o700 });
    const earlier = oldLine(5, '2024-01-01T00:00:00.000Z');
    writeFileSync(logPath(), earlier, { mode: 0o600 });
    // No input at all: a command that read first would stop at the missing password (64), not at the log.
    const piped = await expectCode(['init', '--admin', 'alice', '--stdin'], 73, '');
    expect(piped.stderr).toBe(`household: an audit log of an earlier store is at ${logPath()}; init never adds to it\nmove it away (it is that store's history), then run init again\n`);
    const term = new Terminal(['init', '--admin', 'alice', '--store', box.store], box.env);
    expect(await term.exited).toBe(73);
    term.close();
    expect(term.screen).toContain(`an audit log of an earlier store is at ${logPath()}`);
    expect(term.screen).not.toContain('Password for alice');
    expect(readFileSync(logPath(), 'utf8')).toBe(earlier);
  });
});
