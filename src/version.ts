/** Kept equal to package.json's version by test/handlers/program.test.ts; reading the file would cost start-up. */
export const VERSION = '0.1.0';
