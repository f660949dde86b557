import { common, UNIT } from './jest.config.js';

/**
 * What `npm run mutate` runs against each mutant: the tests that import src/ (unit and handler tests).
 * The e2e tests run the built bundle, which a mutant never reaches, and the slow ones only cost time.
 * The property tests try a tenth of their random cases: each mutant runs them again.
 */
process.env.HOUSEHOLD_PROPERTY_RUNS = '0.1';
export default { ...common, testMatch: UNIT, setupFilesAfterEnv: ['<rootDir>/test/setup/unit.ts'] };
