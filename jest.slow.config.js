import base from './jest.config.js';

/** The slow reliability tests (kills and stale-lock waits): `npm run test:slow`, run by .ci/run too. */
export default { ...base, testMatch: ['<rootDir>/test/slow/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/'] };
