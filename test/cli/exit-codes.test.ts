import { readFileSync } from 'node:fs';
import { main } from '../../src/main.js';
import { EXIT_CODES } from '../../src/domain/errors.js';
import type { ProcessLike } from '../../src/io/process.js';
import { Capture } from '../fakes/context.js';

/**
 * The exit codes are written down in one table (src/domain/errors.ts); --help says them from it, and the
 * README (whose table the man page is made from, see test/e2e/man.test.ts) must say the same, row for row.
 */

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's table under "### Exit codes": its rows after the header and the --- line, as [code, meaning]. */
function readmeExitCodes(): string[][] {
  const section = README.slice(README.indexOf('\n### Exit codes\n'));
  const table = section.split('\n\n').find((part) => part.startsWith('|'))!;
  return table
    .split('\n')
    .slice(2)
    .map((line) => line.replace(/^\| | \|$/g, '').split(' | '));
}

async function help(): Promise<string> {
  const stdout = new Capture();
  const proc: ProcessLike = {
    argv: ['node', 'household', '--help'],
    env: {},
    cwd: () => '/home/op',
    stdout,
    stderr: new Capture(),
    stdinIsTTY: false,
    readStdin: () => 0,
    openStdin: () => {
      throw new Error('help reads no input');
    },
    openStderr: () => {
      throw new Error('help asks nothing');
    },
  };
  expect(await main(proc)).toBe(0);
  return stdout.text;
}

test("the README's exit-code table is the table of src/domain/errors.ts, row for row", () => {
  const rows = readmeExitCodes();
  expect(rows.length).toBeGreaterThan(5);
  expect(rows).toEqual(EXIT_CODES.map((row) => [String(row.code), row.meaning]));
});

test('--help lists the exit codes of the table, in its order, in the words of the table', async () => {
  const paragraph = (await help()).split('\n\n').find((part) => part.startsWith('Exit codes: '));
  expect(paragraph).toBeDefined();
  const listed = paragraph!.replace(/\s+/g, ' ').replace(/^Exit codes: |\.$/g, '');
  // "0 done, 1 internal error, ...": each entry starts with its code (the words hold commas in parentheses only).
  const entries = listed.split(/, (?=\d+ )/).map((entry) => /^(\d+) (.*)$/.exec(entry)!.slice(1));
  expect(entries).toEqual(EXIT_CODES.map((row) => [String(row.code), row.help]));
  expect(entries.map(([code]) => code)).toEqual(readmeExitCodes().map(([code]) => code));
});
