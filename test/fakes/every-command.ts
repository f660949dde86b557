import { COMMANDS } from '../../src/commands/registry.js';

/**
 * Imported by a test file that builds commands through the registry (src/commands/registry.ts loads a
 * command's module only when its command is built): every command's module, and all it imports, is
 * loaded here, before the file's first test, as a static import would load it.
 *
 * Loaded inside a test instead, a module's top-level lines (a command's declaration, a table such as the
 * lockout's or the error map's) would run inside that one test. `npm run mutate` (perTest coverage)
 * would then count that test as the only one that reaches those lines and try their mutants against it
 * alone, and a mutant that other files' tests kill would be reported as surviving. Loaded here, those lines
 * are static: Stryker leaves them out (ignoreStatic in stryker.config.json), as it does every module's
 * top level that the other test files import statically.
 */
// One after another: Jest's ES module loader fails on imports of a shared module that overlap
// ("request for '../../domain/accounts.js' is not in cache").
for (const entry of COMMANDS) await entry.load();
