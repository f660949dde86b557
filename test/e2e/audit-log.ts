import { readFileSync } from 'node:fs';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { Run, Sandbox } from './cli.js';

/**
 * The audit log beside a sandbox's store, read back as raw bytes, for the tests of the log as a whole
 * (audit.test.ts) and of the commands that read it or refuse beside it (log.test.ts, init.test.ts).
 */

/** A line as an earlier run of the program would have written it, for logs made by hand. */
export function oldLine(seq: number, time: string, fields: Partial<AuditEntry> = {}): string {
  const base = {
    time,
    seq,
    command: 'pin verify',
    account: 'alice',
    outcome: 'ok',
    exit: 0,
    actor: { user: 'earlier', sudoUser: null, from: null },
    details: { pinRequired: false },
    ...fields,
  };
  // As the program writes it: every ok line is a change but a pin verify's.
  const entry: AuditEntry = { change: base.outcome === 'ok' && base.command !== 'pin verify', ...base };
  return `${JSON.stringify(entry)}\n`;
}

/** Helpers on the store and the log of the running test's sandbox (`box()`, made anew for each test). */
export function auditLogOf(box: () => Sandbox) {
  const logPath = () => `${box().store}.log`;
  const rawLog = () => readFileSync(logPath());
  const storeBytes = () => readFileSync(box().store);
  const storeSequence = () => (JSON.parse(readFileSync(box().store, 'utf8')) as { sequence: number }).sequence;

  /** Every line of the raw log file, each of which must be whole JSON ending in a line end. */
  function logLines(path = logPath()): AuditEntry[] {
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n') || text === '').toBe(true);
    return text
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as AuditEntry);
  }

  async function ok(args: string[], input?: string, env?: Record<string, string>): Promise<Run> {
    const result = await box().run(args, { input, env });
    if (result.code !== 0) throw new Error(`${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result;
  }

  async function expectCode(args: string[], code: number, input?: string, env?: Record<string, string>): Promise<Run> {
    const result = await box().run(args, { input, env });
    expect([args.join(' '), result.code]).toEqual([args.join(' '), code]);
    return result;
  }

  async function shownLines(args: string[] = []): Promise<AuditEntry[]> {
    const result = await ok(['log', '--json', ...args]);
    return JSON.parse(result.stdout) as AuditEntry[];
  }

  return { logPath, rawLog, storeBytes, storeSequence, logLines, ok, expectCode, shownLines };
}
