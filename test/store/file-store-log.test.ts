import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditDraft, AuditEntry } from '../../src/domain/audit.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { FileStore } from '../../src/store/file-store.js';
import { serializeHousehold } from '../../src/store/schema.js';
import { household } from '../fakes/households.js';
import { failure, isRoot, withoutRights } from '../fakes/refusals.js';

/**
 * The audit log as FileStore writes and reads it, on real files: the sequence number each line
 * carries, and which lines `household log` shows (readLog).
 */
const NOW = Date.parse('2026-01-01T12:00:00Z');
const ACTOR = { user: 'tester', sudoUser: null, from: null };
const INIT: AuditDraft = { command: 'init', account: 'alice', outcome: 'ok', exit: 0, details: {} };
const CHANGE: AuditDraft = { command: 'users set', account: 'kid1', outcome: 'ok', exit: 0, details: { rename: 'kid3' } };
const EVENT: AuditDraft = { command: 'pin verify', account: 'kid2', outcome: 'WRONG_PIN', exit: 77, details: {} };

let dir: string;
let path: string;
let log: string;
let store: FileStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-log-'));
  path = join(dir, 'household.json');
  log = `${path}.log`;
  store = new FileStore(async () => path, { now: () => NOW, actor: () => ACTOR });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));


const logLines = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry);
const sequence = () => (JSON.parse(readFileSync(path, 'utf8')) as { sequence: number }).sequence;

function entry(seq: number, change: boolean, command: string): AuditEntry {
  return { time: '2026-01-01T12:00:00.000Z', seq, change, command, account: null, outcome: 'ok', exit: 0, actor: ACTOR, details: {} };
}
const lines = (...entries: AuditEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

function writePrivate(at: string, text: string): void {
  writeFileSync(at, text, { mode: 0o600 });
}

describe('the lines a change writes', () => {
  beforeEach(async () => {
    await store.create(household(), INIT);
  });

  test('a change line carries the store\'s number after it: one more than before', async () => {
    await store.update((h, audit) => {
      h.accounts[2].name = 'kid3';
      audit.change(CHANGE);
    });
    expect(sequence()).toBe(2);
    expect(logLines().map(({ seq, change, command }) => [seq, change, command])).toEqual([
      [1, true, 'init'],
      [2, true, 'users set'],
    ]);
  });

  test('an event carries the store\'s number as it is, changed or not', async () => {
    await store.update((_, audit) => audit.event(EVENT));
    expect(sequence()).toBe(1);
    expect(logLines().slice(1)).toEqual([{ time: '2026-01-01T12:00:00.000Z', seq: 1, change: false, ...EVENT, actor: ACTOR }]);
  });

  test('bookkeeping (a change without a line) writes no line and keeps the number', async () => {
    await store.update((h) => {
      h.accounts[3].failures.pin.count = 2;
    });
    expect(sequence()).toBe(1);
    expect(logLines().map(({ command }) => command)).toEqual(['init']);
  });

  test('a change line for a change that changes nothing is not written', async () => {
    await store.update((_, audit) => audit.change(CHANGE));
    expect(logLines().map(({ command }) => command)).toEqual(['init']);
  });

  test('what readLog shows after a few commands', async () => {
    await store.update((h, audit) => {
      h.accounts[2].name = 'kid3';
      audit.change(CHANGE);
      audit.event(EVENT);
    });
    const { entries, warnings } = await store.readLog();
    expect(entries.map(({ seq, command }) => [seq, command])).toEqual([
      [1, 'init'],
      [2, 'users set'],
      [2, 'pin verify'],
    ]);
    expect(warnings).toEqual([]);
  });
});

describe('readLog', () => {
  function writeStore(seq: number): void {
    writePrivate(path, serializeHousehold({ ...household(), sequence: seq }));
  }

  test('no log at all: no entries, no warnings', async () => {
    writeStore(0);
    expect(await store.readLog()).toEqual({ entries: [], warnings: [] });
  });

  test('the older generation (.log.1) first, then the log', async () => {
    writeStore(4);
    writePrivate(`${log}.1`, lines(entry(1, true, 'init'), entry(2, true, 'users add')));
    writePrivate(log, lines(entry(3, true, 'pin set'), entry(4, true, 'users remove')));
    expect(await store.readLog()).toEqual({
      entries: [entry(1, true, 'init'), entry(2, true, 'users add'), entry(3, true, 'pin set'), entry(4, true, 'users remove')],
      warnings: [],
    });
  });

  test('a torn last line is skipped with a warning; the rest is shown', async () => {
    writeStore(2);
    writePrivate(log, `${lines(entry(1, true, 'init'), entry(2, true, 'pin set'))}{"time": "2026-01-01T12:0`);
    expect(await store.readLog()).toEqual({
      entries: [entry(1, true, 'init'), entry(2, true, 'pin set')],
      warnings: [`the last line of ${log} is incomplete (a writer was stopped mid-line); skipped`],
    });
  });

  test('a change that never landed (past the store\'s number) is hidden; a replaced one too; events always shown', async () => {
    writeStore(2);
    writePrivate(
      log,
      lines(
        entry(1, true, 'init'),
        entry(2, true, 'users add'), // replaced: its writer was killed before its rename, the number taken again
        entry(2, false, 'pin verify'),
        entry(2, true, 'users remove'),
        entry(3, true, 'pin set'), // never landed
        entry(9, false, 'pin verify'),
      ),
    );
    expect((await store.readLog()).entries).toEqual([entry(1, true, 'init'), entry(2, false, 'pin verify'), entry(2, true, 'users remove'), entry(9, false, 'pin verify')]);
  });

  test('a symlinked store: the log beside its target', async () => {
    const real = join(dir, 'real.json');
    writePrivate(real, serializeHousehold({ ...household(), sequence: 1 }));
    writePrivate(`${real}.log`, lines(entry(1, true, 'init')));
    symlinkSync(real, path);
    expect((await store.readLog()).entries).toEqual([entry(1, true, 'init')]);
  });

  test('no store: 66, whatever log there is', async () => {
    writePrivate(log, lines(entry(1, true, 'init')));
    expect(await failure(store.readLog())).toMatchObject({ code: 'NO_STORE', exitCode: 66 });
  });

  const refused = (file: string, problem: string, hint = 'nothing was changed; fix the file or restore it from a backup') => ({
    code: 'STORE_UNUSABLE',
    exitCode: 78,
    message: `the audit log ${file} is unusable: ${problem}`,
    hint,
  });

  test('a symlinked log: 78 naming it', async () => {
    writeStore(1);
    writePrivate(join(dir, 'elsewhere.log'), lines(entry(1, true, 'init')));
    symlinkSync(join(dir, 'elsewhere.log'), log);
    expect(await failure(store.readLog())).toMatchObject(refused(log, 'it is a symbolic link; the log is a regular file beside the store'));
  });

  test('a symlinked older generation: 78 naming it', async () => {
    writeStore(1);
    writePrivate(join(dir, 'elsewhere.log'), lines(entry(1, true, 'init')));
    symlinkSync(join(dir, 'elsewhere.log'), `${log}.1`);
    expect(await failure(store.readLog())).toMatchObject(refused(`${log}.1`, 'it is a symbolic link; the log is a regular file beside the store'));
  });

  test('a log others may read: 78 with the chmod', async () => {
    writeStore(1);
    writePrivate(log, lines(entry(1, true, 'init')));
    chmodSync(log, 0o644);
    expect(await failure(store.readLog())).toMatchObject(refused(log, 'its permissions 0644 let other users read or change it', `make it private to you: chmod 600 ${log}`));
  });

  test('a FIFO at the log path: 78, not a wait', async () => {
    writeStore(1);
    execFileSync('mkfifo', ['-m', '600', log]);
    expect(await failure(store.readLog())).toMatchObject(refused(log, 'it is not a regular file'));
  });

  test('a log far past two generations is refused from its size', async () => {
    writeStore(1);
    writePrivate(log, '');
    truncateSync(log, 8 * 1024 * 1024 + 1);
    expect(await failure(store.readLog())).toMatchObject(refused(log, `it is ${8 * 1024 * 1024 + 1} bytes, over the ${8 * 1024 * 1024}-byte limit`));
  });

  test('a log the user may not read: 78 naming the store and the log', async () => {
    chmodSync(dir, 0o711);
    writeStore(1);
    // As root (CI): nobody's store whose log is root's; as anybody else, their own log with mode 0000.
    if (isRoot) chownSync(path, 65534, 65534);
    writePrivate(log, lines(entry(1, true, 'init')));
    const shut = () => (chmodSync(log, 0o000), () => chmodSync(log, 0o600));
    const error = await withoutRights(shut, () => failure(store.readLog()));
    expect(error).toBeInstanceOf(HouseholdError);
    expect(error).toMatchObject({
      code: 'STORE_UNUSABLE',
      exitCode: 78,
      message: `the store ${path} is unusable: you are not allowed to read the audit log ${log}`,
      hint: 'run household as the user the store belongs to',
    });
  });
});

describe('readLog: a change whose replacement cannot be read', () => {
  test('is not shown, and the warning says which line may have replaced it', async () => {
    writePrivate(path, serializeHousehold({ ...household(), sequence: 2 }));
    writePrivate(log, `${lines(entry(1, true, 'init'), entry(2, true, 'users add'))}{"seq": 2, "change": "yes"}\n`);
    const { entries, warnings } = await store.readLog();
    expect(entries).toEqual([entry(1, true, 'init')]);
    expect(warnings).toEqual([
      `line 3 of ${log} cannot be read as audit entries (not JSON, or a field missing or of the wrong type); skipped`,
      `the users add of 2026-01-01T12:00:00.000Z is not shown: line 3 of ${log}, which cannot be read, may be the change that replaced it`,
    ]);
  });
});

test('no file is left open by a read, an update, a log read, or a refused read', async () => {
  const open = () => readdirSync('/proc/self/fd').length;
  await store.create(household(), INIT);
  const before = open();
  await store.read();
  await store.update((h, audit) => {
    h.plan = 'free';
    audit.change(CHANGE);
  });
  await store.readLog();
  chmodSync(path, 0o644);
  await failure(store.read());
  expect(open()).toBe(before);
});
