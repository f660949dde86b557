import { readFileSync } from 'node:fs';
import { EXIT_CODES } from '../../src/domain/errors.js';

/**
 * The exit codes are written down in one table (src/domain/errors.ts). --help says them from it
 * (test/e2e/help.test.ts); the README says them by hand, and the man page is made from the README's
 * table (test/e2e/man.test.ts), so the README must say the same as the table, row for row.
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

test("the README's exit-code table is the table of src/domain/errors.ts, row for row", () => {
  const rows = readmeExitCodes();
  expect(rows.length).toBeGreaterThan(5);
  expect(rows).toEqual(EXIT_CODES.map((row) => [String(row.code), row.meaning]));
});
