/**
 * Jest in ESM mode (chalk, conf and @inquirer/prompts are ESM-only). tsconfig's isolatedModules makes
 * ts-jest transpile only, so npm test runs tsc --noEmit first.
 *
 * Two projects, each with one timeout for all its tests: the unit project (fakes, temporary folders) and
 * the end-to-end project, whose tests start the built CLI, shells, pseudo-terminals and pamtester many
 * times over. Its timeout (test/setup/e2e.ts) is set for a machine whose cores are all busy (npm test run
 * twice at once, or under stress-ng), where a CLI start can take a second instead of 30 ms; a test never
 * sets its own.
 */
process.env.TZ = 'UTC';
export const common = {
  testEnvironment: 'node',
  // Stryker's sandboxes (copies of the project, left while a mutation run goes on) are not this project's tests.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
};
export const UNIT = ['<rootDir>/test/{cli,domain,handlers,io,store}/**/*.test.ts'];
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: UNIT, setupFilesAfterEnv: ['<rootDir>/test/setup/unit.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup/e2e.ts'] },
  ],
};
