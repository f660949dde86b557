import { logRun } from '../../src/commands/log.js';
import type { Actor, AuditEntry } from '../../src/domain/audit.js';
import { Output } from '../../src/io/output.js';
import { Capture, attempt, testContext, type TestContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';

describe('household log: the lines whose changes landed, newest last', () => {
  const ACTOR: Actor = { user: 'root', sudoUser: 'bob', from: '203.0.113.9' };
  function entry(time: string, command: string, account: string | null, details: Record<string, unknown> = {}, seq = 1): AuditEntry {
    return { time, seq, change: command !== 'pin verify', command, account, outcome: 'ok', exit: 0, actor: ACTOR, details };
  }
  const ENTRIES = [
    entry('2025-12-20T09:00:00.000Z', 'users add', 'kid1', { kind: 'managed', restriction: null }),
    entry('2025-12-31T23:30:00.000Z', 'pin remove', null, { removed: ['kid1', 'Straße'], unchanged: ['kid2'] }),
    entry('2026-01-01T09:00:00.000Z', 'users set', 'Kiddo', { previousName: 'kid1' }),
    entry('2026-01-01T10:45:00.000Z', 'pin verify', 'kid2', { pinRequired: false }),
    entry('2026-01-01T11:50:00.000Z', 'plan set', null, { plan: 'free', previous: 'pass' }),
  ];

  // Each change took the next number; the store holds them all.
  let next = 0;
  for (const line of ENTRIES) if (line.change) line.seq = ++next;

  function logContext(options: { json?: boolean; tty?: boolean } = {}): TestContext {
    const ctx = testContext({ household: { ...household(), sequence: next }, ...options });
    ctx.store.log.push(...ENTRIES);
    return ctx;
  }

  async function shown(filter: { account?: string; since?: string; limit?: number }): Promise<string[]> {
    const ctx = logContext({ json: true });
    await logRun(ctx, { limit: 50, ...filter });
    return (JSON.parse(ctx.stdout.text) as AuditEntry[]).map((e) => e.time);
  }
  const times = (...indexes: number[]) => indexes.map((i) => ENTRIES[i].time);

  test('--json: an array of the line objects, oldest first', async () => {
    const ctx = logContext({ json: true });
    await logRun(ctx, { limit: 50 });
    expect(JSON.parse(ctx.stdout.text)).toEqual(ENTRIES);
  });

  test('piped: tab-separated, UTC times, the actor described', async () => {
    const ctx = logContext();
    await logRun(ctx, { limit: 2 });
    expect(ctx.stdout.text).toBe(
      '2026-01-01T10:45:00.000Z\troot (sudo bob) from 203.0.113.9\tpin verify\tkid2\tok\n' +
        '2026-01-01T11:50:00.000Z\troot (sudo bob) from 203.0.113.9\tplan set\t-\tok\n',
    );
  });

  test('on a terminal: a table with the headers and times to the second', async () => {
    const ctx = logContext({ tty: true });
    await logRun(ctx, { limit: 1 });
    expect(ctx.stdout.text).toMatch(/TIME +│ ACTOR +│ COMMAND +│ ACCOUNT +│ OUTCOME/);
    // Jest runs with TZ=UTC, so local time is UTC here; test/e2e checks another zone.
    expect(ctx.stdout.text).toContain('2026-01-01 11:50:00');
    expect(ctx.stdout.text).not.toContain('2026-01-01T11:50:00.000Z');
  });

  test('on a terminal: a pin remove of several accounts names them; piped too', async () => {
    const ctx = logContext({ tty: true });
    await logRun(ctx, { limit: 4 });
    expect(ctx.stdout.text).toContain('│ pin remove │ kid1, Straße │ ok\n');
    const piped = logContext();
    await logRun(piped, { limit: 4 });
    expect(piped.stdout.text.split('\n')[0]).toBe('2025-12-31T23:30:00.000Z\troot (sudo bob) from 203.0.113.9\tpin remove\tkid1, Straße\tok');
  });

  test('on a terminal of 80 columns (or one that does not say): the table fits, the long columns wrapped, nothing cut off', async () => {
    const ctx = testContext({ household: { ...household(), sequence: 2 }, tty: true });
    const actor: Actor = { user: 'root', sudoUser: 'alice', from: '2001:db8:ffff:1234:5678:9abc:def0:1234' };
    ctx.store.log.push(
      { ...ENTRIES[1], actor, seq: 1 },
      { time: '2026-01-01T09:00:00.000Z', seq: 2, change: false, command: 'password reset', account: 'a-rather-long-name-of-32-letters', outcome: 'ACCOUNT_CHANGED', exit: 75, actor, details: {} },
    );
    await logRun(ctx, { limit: 50 });
    expect(ctx.stdout.text).toBe(
      [
        ' TIME                │ ACTOR     │ COMMAND        │ ACCOUNT   │ OUTCOME',
        '─────────────────────┼───────────┼────────────────┼───────────┼─────────────────',
        ' 2025-12-31 23:30:00 │ root      │ pin remove     │ kid1,     │ ok',
        '                     │ (sudo     │                │ Straße    │',
        '                     │ alice)    │                │           │',
        '                     │ from      │                │           │',
        '                     │ 2001:db8: │                │           │',
        '                     │ ffff:1234 │                │           │',
        '                     │ :5678:9ab │                │           │',
        '                     │ c:def0:12 │                │           │',
        '                     │ 34        │                │           │',
        ' 2026-01-01 09:00:00 │ root      │ password reset │ a-rather- │ ACCOUNT_CHANGED',
        '                     │ (sudo     │                │ long-name │',
        '                     │ alice)    │                │ -of-32-le │',
        '                     │ from      │                │ tters     │',
        '                     │ 2001:db8: │                │           │',
        '                     │ ffff:1234 │                │           │',
        '                     │ :5678:9ab │                │           │',
        '                     │ c:def0:12 │                │           │',
        '                     │ 34        │                │           │',
      ].join('\n') + '\n',
    );
    const lines = ctx.stdout.text.trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(80);
  });

  const WORDS = Array.from({ length: 14 }, (_, i) => `word${String(i + 1).padStart(2, '0')}`);
  const wordLines = (perLine: number) => Array.from({ length: Math.ceil(WORDS.length / perLine) }, (_, i) => WORDS.slice(i * perLine, (i + 1) * perLine).join(' '));
  test.each([
    [200, 99, wordLines(14)],
    [30, 25, wordLines(3)],
    [0, 75, wordLines(10)],
  ])('a table fits the width the terminal tells (%i; 0: unknown, so 80)', async (columns, width, wrapped) => {
    const stdout = new Capture();
    const output = new Output({ stdout, stderr: new Capture(), stdoutIsTTY: true, stderrIsTTY: true, stdoutColumns: columns }, { json: false, colorAllowed: false });
    await output.table(['A', 'B'], [['xy', WORDS.join(' ')]], [], undefined, [1]);
    const rows = wrapped.map((line, i) => `${i === 0 ? ' xy' : '   '} │ ${line}`);
    expect(stdout.text).toBe(`${[' A  │ B', `${'─'.repeat(4)}┼${'─'.repeat(width)}`, ...rows].join('\n')}\n`);
  });

  test('an actor without sudo or ssh is just the user', async () => {
    const ctx = testContext({ household: { ...household(), sequence: 1 } });
    ctx.store.log.push({ ...ENTRIES[0], actor: { user: 'carol', sudoUser: null, from: null } });
    await logRun(ctx, { limit: 50 });
    expect(ctx.stdout.text).toBe('2025-12-20T09:00:00.000Z\tcarol\tusers add\tkid1\tok\n');
  });

  test('--limit: the newest N; 0 shows nothing', async () => {
    expect(await shown({ limit: 2 })).toEqual(times(3, 4));
    expect(await shown({ limit: 0 })).toEqual([]);
    expect(await shown({ limit: 5 })).toEqual(times(0, 1, 2, 3, 4));
  });

  test('--account: by name without regard to case, a previous name, the accounts a pin remove removed', async () => {
    expect(await shown({ account: 'KID1' })).toEqual(times(0, 1, 2));
    expect(await shown({ account: 'kiddo' })).toEqual(times(2));
    expect(await shown({ account: 'STRASSE' })).toEqual(times(1));
    // The same name as the store's rules see it: NFKC and case folding (fullwidth letters, ß = ss).
    expect(await shown({ account: 'ＫＩＤ１' })).toEqual(times(0, 1, 2));
    expect(await shown({ account: 'strasse' })).toEqual(times(1));
    // kid2's PIN was not removed by that pin remove (it had none): only its own line.
    expect(await shown({ account: 'kid2' })).toEqual(times(3));
    // bob is an account of the store with no line yet: no lines, and no error.
    expect(await shown({ account: 'bob' })).toEqual([]);
  });

  test('--account naming no account and no line of the log: 67, as for any command given an unknown name', async () => {
    const ctx = logContext();
    const error = await attempt(ctx, () => logRun(ctx, { account: 'nobody', limit: 50 }));
    expect([error?.code, error?.exitCode, error?.message, error?.hint]).toEqual(['NO_ACCOUNT', 67, 'no account named nobody, and no line of the log names one', 'household users list shows every account']);
    expect(ctx.stdout.text).toBe('');
  });

  test('--account naming a removed account (no longer in the store, named by the log): its lines, exit 0', async () => {
    const ctx = logContext({ json: true });
    ctx.store.log.push(entry('2026-01-02T09:00:00.000Z', 'pin verify', 'carol', { pinRequired: false }, next));
    await logRun(ctx, { account: 'Carol', limit: 50 });
    expect((JSON.parse(ctx.stdout.text) as AuditEntry[]).map((e) => [e.command, e.account])).toEqual([['pin verify', 'carol']]);
  });

  test('--account with --limit: the newest N of the matching lines', async () => {
    expect(await shown({ account: 'kid1', limit: 1 })).toEqual(times(2));
  });

  test.each<[string, number[]]>([
    ['2026-01-01', [2, 3, 4]],
    ['2025-12-31T23:30:00Z', [1, 2, 3, 4]],
    ['2025-12-31T23:30:00.001Z', [2, 3, 4]],
    ['2026-01-01T10:00:00+01:00', [2, 3, 4]],
    ['90m', [3, 4]],
    ['2h', [3, 4]],
    ['3h', [2, 3, 4]],
    ['1d', [1, 2, 3, 4]],
    ['7d', [1, 2, 3, 4]],
    ['30d', [0, 1, 2, 3, 4]],
    ['600s', [4]],
    ['599s', []],
  ])('--since %s', async (since, indexes) => {
    // The clock is at 2026-01-01T12:00:00Z.
    expect(await shown({ since })).toEqual(times(...indexes));
  });

  test.each(['yesterday', '7w', '-5m', '2h ago', '', '2026-1-1', '2026-01-01 10:00', '2026-02-30', '2026-13-01', '2026-02-31T10:00:00Z', '1234567m'])(
    '--since %j is a usage error (64), before the log is read',
    async (since) => {
      const ctx = logContext({ json: true });
      const error = await attempt(ctx, () => logRun(ctx, { since, limit: 50 }));
      expect([error?.code, error?.exitCode]).toEqual(['USAGE', 64]);
      expect(ctx.stdout.text).toBe('');
    },
  );
});

describe('household log: the account column of a line that names none', () => {
  const ACTOR: Actor = { user: 'root', sudoUser: null, from: null };
  async function accountColumn(details: Record<string, unknown>): Promise<string> {
    const line: AuditEntry = { time: '2026-01-01T11:00:00.000Z', seq: 1, change: true, command: 'pin remove', account: null, outcome: 'ok', exit: 0, actor: ACTOR, details };
    const ctx = testContext({ household: { ...household(), sequence: 1 } });
    ctx.store.log.push(line);
    await logRun(ctx, { limit: 50 });
    return ctx.stdout.text.split('\t')[3];
  }

  test.each([
    [{ removed: ['kid1', 'kid2'] }, 'kid1, kid2'],
    // A hand-edited log: what is not a name is left out, and a list of no names is none.
    [{ removed: ['kid1', 7, null] }, 'kid1'],
    [{ removed: [] }, '-'],
    [{ removed: 'kid1' }, '-'],
    [{}, '-'],
  ])('details %j: %s', async (details, shown) => {
    expect(await accountColumn(details)).toBe(shown);
  });
});
