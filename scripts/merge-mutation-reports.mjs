#!/usr/bin/env node
/**
 * Merges the incremental reports of mutation runs made area by area into one, so that a whole
 * `npm run mutate` can reuse them all: Stryker's incremental mode then tests only the mutants whose
 * file or covering tests changed since, and reports a score over every mutant.
 *
 *   node scripts/merge-mutation-reports.mjs OUT IN...
 *
 * Each IN is a report of the mutation-testing-report schema (what `--incrementalFile` writes). A test's
 * id is only a number within its own run, so ids are made again from the test's file and name, and
 * every mutant's `killedBy` and `coveredBy` follow. Where two reports hold the same source file or test
 * file, the later one on the command line wins: name the newest last.
 *
 * A static mutant (in a line that runs when its module loads: a table, a command's declaration) is left
 * out, so that the next run plans it again. Whether Stryker ignores it (ignoreStatic) or tries it against
 * one test depends on whether some test loaded its module inside a test (test/fakes/every-command.ts),
 * which may have changed since the report was made.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (out === undefined || inputs.length === 0) {
  process.stderr.write('usage: node scripts/merge-mutation-reports.mjs OUT IN...\n');
  process.exit(64);
}

const reports = inputs.map((file) => JSON.parse(readFileSync(file, 'utf8')));
const merged = { ...reports.at(-1), files: {}, testFiles: {} };

/** One id per test, by test file and name, over every report. */
const ids = new Map();
function idOf(testFile, name) {
  const key = `${testFile}\0${name}`;
  if (!ids.has(key)) ids.set(key, String(ids.size));
  return ids.get(key);
}

/**
 * Static mutants that survived: Stryker did not ignore them because some test loaded their module
 * inside a test, so each was tried against that test only, while others may kill it. Named, so that
 * the test file can load the module before its first test (see test/fakes/every-command.ts).
 */
const hybrids = new Map();

for (const report of reports) {
  for (const [file, entry] of Object.entries(report.files)) {
    const tried = entry.mutants.filter((mutant) => mutant.static && mutant.status === 'Survived').length;
    if (tried > 0) hybrids.set(file, tried);
    else hybrids.delete(file);
  }
  const renamed = new Map();
  for (const [testFile, { tests, source }] of Object.entries(report.testFiles ?? {})) {
    // An earlier report's tests of the same file are kept only if the file has not changed since: their
    // locations are read against the source stored beside them, which this report replaces.
    const earlier = merged.testFiles[testFile];
    const kept = new Map(earlier?.source === source ? earlier.tests.map((test) => [test.id, test]) : []);
    for (const test of tests) {
      const id = idOf(testFile, test.name);
      renamed.set(test.id, id);
      kept.set(id, { ...test, id });
    }
    merged.testFiles[testFile] = { source, tests: [...kept.values()] };
  }
  const rename = (list) => list?.map((id) => renamed.get(id) ?? fail(`test ${id} is in no test file`));
  for (const [file, entry] of Object.entries(report.files)) {
    merged.files[file] = {
      ...entry,
      mutants: entry.mutants.filter((mutant) => !mutant.static).map((mutant) => ({
        ...mutant,
        ...(mutant.killedBy && { killedBy: rename(mutant.killedBy) }),
        ...(mutant.coveredBy && { coveredBy: rename(mutant.coveredBy) }),
      })),
    };
  }
}

// Mutant ids must be unique in one report. A test left out above (its file changed) is dropped from
// what an earlier report's mutants name, so Stryker tests such a mutant again rather than trust it.
const known = new Set(Object.values(merged.testFiles).flatMap(({ tests }) => tests.map((test) => test.id)));
let next = 0;
for (const entry of Object.values(merged.files)) {
  for (const mutant of entry.mutants) {
    mutant.id = String(next++);
    for (const list of ['killedBy', 'coveredBy']) mutant[list] &&= mutant[list].filter((id) => known.has(id));
  }
}

writeFileSync(out, `${JSON.stringify(merged)}\n`);
const count = (status) =>
  Object.values(merged.files).flatMap((entry) => entry.mutants).filter((m) => status.includes(m.status)).length;
const detected = count(['Killed', 'Timeout']);
const undetected = count(['Survived', 'NoCoverage']);
process.stdout.write(
  `${Object.keys(merged.files).length} files, ${next} mutants: ${detected} detected, ${undetected} undetected, ` +
    `${count(['RuntimeError', 'CompileError'])} errors, ${count(['Ignored'])} ignored; ` +
    `score ${((100 * detected) / (detected + undetected)).toFixed(2)} %\n`,
);

if (hybrids.size > 0) {
  const list = [...hybrids].map(([file, n]) => `  ${file}: ${n}`).join('\n');
  process.stderr.write(`static mutants that survived against the one test that loads their module inside itself (see test/fakes/every-command.ts):\n${list}\n`);
}

function fail(message) {
  throw new Error(message);
}
