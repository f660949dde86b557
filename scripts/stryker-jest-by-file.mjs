/**
 * Stryker's Jest runner, made to run for each mutant only the test files that hold the tests covering
 * it (`testRunner: "jest-by-file"` in stryker.config.json).
 *
 * With perTest coverage Stryker knows which tests cover a mutant and hands them to the runner by name
 * (Jest's testNamePattern). Jest must still load every test file it is given to find those names, and
 * in ESM mode each file loads its whole module graph again. Given `--findRelatedTests`, a mutant in a
 * module that everything imports (`src/domain/errors.ts`) made Jest load nearly every unit test file
 * for each mutant: about 5 mutants a minute on one core. The dry run already says which file each test
 * is in, so this runner records that and gives Jest just those files, with the same name pattern: the
 * same tests run, fewer files load.
 *
 * The dry run happens in one runner process and the mutants run in several (and each is restarted
 * every few mutants), so the map is written to a file in the sandbox, which they all share.
 * A mutant run without a test filter (a static mutant, when not ignored) falls back to Jest's own way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';
import { declareFactoryPlugin, PluginKind } from '@stryker-mutator/api/plugin';
import { toMutantRunResult } from '@stryker-mutator/api/test-runner';
// Not exported by the package: imported by path, so that it is the same module the 'jest' plugin uses.
import { jestTestRunnerFactory } from '../node_modules/@stryker-mutator/jest-runner/dist/src/jest-test-runner.js';
import { state } from '../node_modules/@stryker-mutator/jest-runner/dist/src/jest-plugins/messaging.cjs';

const MAP_FILE = '.stryker-test-files.json';

/** Test id → the test files that hold a test of that name. */
let filesOf;

function readMap() {
  filesOf ??= new Map(Object.entries(JSON.parse(readFileSync(MAP_FILE, 'utf8'))));
  return filesOf;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function byFile(injector) {
  const runner = jestTestRunnerFactory(injector);
  const dryRun = runner.dryRun.bind(runner);
  const mutantRun = runner.mutantRun.bind(runner);

  runner.dryRun = async (options) => {
    const result = await dryRun(options);
    if (result.tests !== undefined) {
      const map = {};
      for (const test of result.tests) {
        (map[test.id] ??= []).includes(test.fileName) || map[test.id].push(test.fileName);
      }
      writeFileSync(MAP_FILE, JSON.stringify(map));
      filesOf = new Map(Object.entries(map));
    }
    return result;
  };

  runner.mutantRun = async (options) => {
    const { activeMutant, testFilter, disableBail, hitLimit } = options;
    if (testFilter === undefined) return mutantRun(options);
    const map = readMap();
    const files = [...new Set(testFilter.flatMap((id) => map.get(id) ?? []))];
    if (files.length === 0) return mutantRun(options);
    state.coverageAnalysis = 'off';
    state.instrumenterContext.hitLimit = hitLimit;
    state.instrumenterContext.hitCount = hitLimit ? 0 : undefined;
    try {
      process.env[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE] = activeMutant.id.toString();
      const { dryRunResult } = await runner.run({
        testFiles: files.map((file) => `^${escapeRegExp(file)}$`),
        jestConfig: runner.configForMutantRun(undefined, hitLimit, runner.jestWrapper),
        testNamePattern: testFilter.map((id) => `(${escapeRegExp(id)})`).join('|'),
      });
      return toMutantRunResult(dryRunResult, disableBail);
    } finally {
      delete process.env[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE];
      delete state.instrumenterContext.activeMutant;
    }
  };
  return runner;
}
byFile.inject = jestTestRunnerFactory.inject;

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'jest-by-file', byFile)];
