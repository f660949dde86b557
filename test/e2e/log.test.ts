import { readFileSync, writeFileSync } from 'node:fs';
import type { AuditEntry } from '../../src/domain/audit.js';
import { auditLogOf, oldLine } from './audit-log.js';
import { Sandbox } from './cli.js';
import { Terminal } from './terminal.js';

/**
 * `household log` from the built CLI: its formats and filters, over lines the CLI wrote and lines written
 * by hand. (What it shows of a log torn by a crash or ahead of the store: audit.test.ts.)
 */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

const { logPath, logLines, ok, expectCode, shownLines } = auditLogOf(() => box);

describe('household log: formats and filters', () => {
  /** A store at sequence 3 whose log was written by hand: 60 old lines, all of landed changes. */
  async function handWrittenLog(): Promise<string[]> {
    await box.init();
    await ok(['users', 'add', 'kid1', '--managed']);
    await ok(['users', 'add', 'kid2', '--managed']);
    const lines: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      lines.push(oldLine(1 + Math.floor(i / 30), new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(), { account: `acct${i}` }));
    }
    writeFileSync(logPath(), lines.join('') + logLines().map((line) => `${JSON.stringify(line)}\n`).join(''));
    return lines;
  }

  test('--limit: 50 by default, newest last; 0 shows none; anything but a whole number is 64', async () => {
    await handWrittenLog();
    const all = logLines();
    expect(all).toHaveLength(63);
    expect(await shownLines()).toEqual(all.slice(-50));
    expect(await shownLines(['--limit', '0'])).toEqual([]);
    expect(await shownLines(['--limit', '3'])).toEqual(all.slice(-3));
    expect(await shownLines(['--limit', '1000'])).toEqual(all);
    for (const bad of ['x', '-1', '1.5', '', '1e3']) {
      const result = await expectCode(['log', '--limit', bad], 64);
      expect(result.stderr).toContain('--limit');
      expect(result.stdout).toBe('');
    }
  });

  test('--since: an ISO date, an ISO time, a duration; a bad value is 64', async () => {
    await handWrittenLog();
    const all = logLines();
    // The hand-written lines are on 2025-01-01 00:00 to 00:59 UTC (TZ=UTC here); the last three are from now.
    expect(await shownLines(['--since', '2025-01-01', '--limit', '1000'])).toEqual(all);
    expect(await shownLines(['--since', '2025-01-02', '--limit', '1000'])).toEqual(all.slice(60));
    expect(await shownLines(['--since', '2025-01-01T00:57:00Z', '--limit', '1000'])).toEqual(all.slice(57));
    expect(await shownLines(['--since', '2025-01-01T01:57:00+01:00', '--limit', '1000'])).toEqual(all.slice(57));
    for (const duration of ['90m', '2h', '7d']) expect(await shownLines(['--since', duration])).toEqual(all.slice(60));
    // A date alone is midnight local time: in India (UTC+05:30) 2025-01-01 starts at 2024-12-31T18:30Z.
    writeFileSync(logPath(), [oldLine(1, '2024-12-31T18:29:59.000Z', { account: 'before' }), oldLine(1, '2024-12-31T18:30:00.000Z', { account: 'after' })].join(''));
    const india = await box.run(['log', '--json', '--since', '2025-01-01'], { env: { TZ: 'Asia/Kolkata' } });
    expect((JSON.parse(india.stdout) as AuditEntry[]).map((line) => line.account)).toEqual(['after']);
    for (const bad of ['yesterday', '7w', '2025-02-30', '2025-01-01 00:00', '']) {
      const result = await expectCode(['log', '--since', bad], 64);
      expect(result.stderr).toContain('--since takes an ISO date or time');
    }
  });

  test('--account: without regard to case; a pin remove of several lists only the accounts it removed', async () => {
    await box.init('7391');
    await ok(['users', 'add', 'Kid1', '--managed']);
    await ok(['users', 'add', 'kid2', '--managed']);
    await ok(['pin', 'set', 'kid1', '--stdin'], '6142\n6142\n');
    await ok(['pin', 'remove', 'kid1', 'KID2']);
    await expectCode(['pin', 'verify', 'kid2', '--require-pin'], 77);
    expect((await shownLines(['--account', 'KID1'])).map((l) => [l.command, l.account])).toEqual([
      ['users add', 'Kid1'],
      ['pin set', 'Kid1'],
      ['pin remove', null],
    ]);
    // kid2 had no PIN: the pin remove did not change it.
    expect((await shownLines(['--account', 'Kid2'])).map((l) => [l.command, l.outcome])).toEqual([
      ['users add', 'ok'],
      ['pin verify', 'NO_PIN'],
    ]);
    const nobody = await expectCode(['log', '--account', 'nobody'], 67);
    expect(nobody.stderr).toBe(`household: no account named nobody, and no line of the log names one\nhousehold --store ${box.store} users list shows every account\n`);
  });

  test('piped: tab-separated with ISO UTC times; --json: the line objects', async () => {
    await box.init();
    const time = '2025-06-30T22:15:07.000Z';
    writeFileSync(logPath(), oldLine(1, time, { command: 'init', account: 'alice', actor: { user: 'op', sudoUser: 'carol', from: '198.51.100.4' } }));
    const piped = await ok(['log']);
    expect(piped.stdout).toBe(`${time}\top (sudo carol) from 198.51.100.4\tinit\talice\tok\n`);
    expect(JSON.parse((await ok(['log', '--json'])).stdout)).toEqual([JSON.parse(readFileSync(logPath(), 'utf8'))]);
  });

  test('on a terminal: a table whose TIME is local time', async () => {
    await box.init();
    writeFileSync(logPath(), oldLine(1, '2025-06-30T22:15:07.000Z', { command: 'users add', account: 'kid1' }));
    const term = new Terminal(['log', '--store', box.store], { ...box.env, TZ: 'Asia/Kolkata' });
    expect(await term.exited).toBe(0);
    term.close();
    expect(term.screen).toMatch(/TIME +│ ACTOR +│ COMMAND +│ ACCOUNT +│ OUTCOME/);
    // 22:15:07 UTC is 03:45:07 the next day in India (UTC+05:30).
    expect(term.screen).toContain('2025-07-01 03:45:07');
    expect(term.screen).toMatch(/users add +│ kid1 +│ ok/);
    expect(term.screen).not.toContain('22:15:07');
  });
});
