/** Jest in ESM mode (chalk, conf and @inquirer/prompts are ESM-only). tsconfig's isolatedModules makes ts-jest transpile only, so npm test runs tsc --noEmit first. */
process.env.TZ = 'UTC';
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/slow/'],
};
