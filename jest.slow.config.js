import { common } from './jest.config.js';

/** The slow reliability tests (kills, 300 writers, stopped holders): `npm run test:slow`, run by .ci/run too. */
export default { ...common, testMatch: ['<rootDir>/test/slow/**/*.test.ts'], testTimeout: 900_000 };
