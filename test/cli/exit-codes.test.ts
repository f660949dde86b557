import { readFileSync } from 'node:fs';
import { EXIT_CODES, HouseholdError, exitCodesHelp } from '../../src/domain/errors.js';

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

test("--help's sentence says every exit code in its words, in order", () => {
  expect(exitCodesHelp()).toBe(
    '0 done, 1 internal error, 64 usage, 65 bad data, 66 no store, 67 no such account, 73 cannot create, 74 input/output error, ' +
      '75 try again later (locked store, cooling-off), 77 refused (wrong secret, disabled, outside allowed hours, the rules), 78 store unusable, 130 interrupted',
  );
});

test('an error of ours is named HouseholdError (what a stack trace of an internal error shows)', () => {
  expect(new HouseholdError('USAGE', 'x').name).toBe('HouseholdError');
});
