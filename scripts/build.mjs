#!/usr/bin/env node
// Builds dist/household.cjs: src/main.ts and commander in one CommonJS file. One file to read and
// compile instead of thirty, and no ESM loader to start, is most of what separates this CLI's start
// from Node's own (see scripts/bench.mjs). The heavy libraries stay outside and are imported only by
// the commands that need them. Type-checking is tsc's job (npm run typecheck), not this one's.
import { rmSync, writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';

/**
 * commander requires node:child_process at load time, for executable subcommands this CLI never uses;
 * loading it pulls in net, dgram and streams (about 2 ms). This hands commander a stand-in that loads
 * the real module on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('commander') ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

/**
 * src/cli/generators/completion.ts is built as a file of its own, dist/completion.cjs: the bundle gets a stand-in
 * whose function requires it on first call, so only `household completion` reads and compiles it.
 */
const COMPLETION = 'completion.cjs';
const separateCompletion = {
  name: 'separate-completion',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/generators\/completion\.js$/ }, (args) =>
      args.importer.endsWith('/src/cli/commander-tree.ts') ? { path: 'completion', namespace: 'separate' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'separate' }, () => ({
      // __dirname is the bundle's folder: bin/household.js hands it in, as require() would.
      contents: `export function completionScript(...args) { return require(__dirname + '/${COMPLETION}').completionScript(...args); }`,
      loader: 'js',
    }));
  },
};

/**
 * commander and the wiring that builds its tree (src/cli/commander-tree.ts) are a file of their own,
 * dist/program.cjs, read only when commander reads the command line: for help, for a mistake it names,
 * for a line that src/cli/command-line.ts leaves to it. A plain line (what PAM, cron and scripts type)
 * runs without it; commander was a quarter of the bundle.
 */
const PROGRAM = 'program.cjs';
const separateProgram = {
  name: 'separate-program',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/commander-tree\.js$/ }, (args) =>
      args.importer.endsWith('/src/cli/program.ts') ? { path: 'program', namespace: 'separate-program' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'separate-program' }, () => ({
      // __dirname is the bundle's folder: bin/household.js hands it in, as require() would. Loaded with
      // its own code cache (src/io/compiled.ts), as the bundle is: help would compile it all otherwise.
      contents: `module.exports = require('./io/compiled.ts').loadCompiled(__dirname + '/${PROGRAM}', require);`,
      resolveDir: new URL('../src', import.meta.url).pathname,
      loader: 'js',
    }));
  },
};

/**
 * The commands most command lines run stay in the bundle and its code cache: listing and showing
 * accounts, everything PIN, and the check PAM's account phase runs (the rows of scripts/bench.mjs),
 * and the four top-level commands whose descriptions `household --help` shows (init, timezone, log,
 * completion): loading a file for them would cost every --help more than they weigh. Every other
 * command in src/commands/registry.ts (users add/set/unlock/remove, passwords, plan, grants, key,
 * recovery, config) is built into one file of their own, dist/commands.cjs, read only when one of them
 * is named: their code was a fifth of the bundle, and every start paid for reading and deserializing
 * it. That file has its own copy of the pure modules they use (domain, the secret flow); whatever holds
 * state for the whole process stays in the bundle alone, which the build checks (ONLY_IN_BUNDLE).
 * HouseholdError is recognised across copies (src/domain/errors.ts).
 */
const IN_BUNDLE = new Set(['./users/list.js', './users/show.js', './pin/set.js', './pin/remove.js', './pin/reset.js', './pin/verify.js', './hours/check.js', './init.js', './timezone.js', './log.js', './completion.js']);
/** Modules with state of the process (the lock's waits, the native lock, the ES-module importer) or the CLI's wiring. */
const ONLY_IN_BUNDLE = [/^src\/store\/lock\.ts$/, /^src\/io\/kernel-lock\.ts$/, /^src\/io\/packages\.ts$/, /^src\/store\/file-store\.ts$/, /^src\/cli\//, /^src\/main\.ts$/];
const registrySource = readFileSync(new URL('../src/commands/registry.ts', import.meta.url), 'utf8');
const separateCommandFiles = [...registrySource.matchAll(/import\('(\.\/[^']+\.js)'\)/g)].map((match) => match[1]).filter((specifier) => !IN_BUNDLE.has(specifier));
const COMMANDS_FILE = 'commands.cjs';
const separateCommands = {
  name: 'separate-commands',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/.*\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith('/src/commands/registry.ts') && separateCommandFiles.includes(args.path)
        ? { path: args.path, namespace: 'separate-command' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'separate-command' }, (args) => ({
      // __dirname is the bundle's folder: bin/household.js hands it in, as require() would.
      contents: `module.exports = require(__dirname + '/${COMMANDS_FILE}').commands[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

/**
 * Loaded on demand, by the bundle and the rare commands' file alike: argon2 stays in node_modules to find
 * its native binary, the ES-module-only ones stay ES modules, and cli-table3 (a third of the bundle, with
 * its dependencies) is for terminals only, where a few milliseconds do not matter but reading and
 * deserializing them at every start would.
 */
const LOADED_ON_DEMAND = ['argon2', 'conf', '@inquirer/prompts', 'chalk', 'cli-table3'];

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // `npm install -g .` runs this without dev dependencies; say what to do instead of a stack trace.
  console.error('household: building needs the dev dependencies (esbuild): run `npm ci` first, then `npm install -g .`');
  process.exit(1);
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20.17', minifyWhitespace: true, minifySyntax: true, legalComments: 'linked', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [new URL('../src/cli/generators/completion.ts', import.meta.url).pathname],
  outfile: new URL(`../dist/${COMPLETION}`, import.meta.url).pathname,
});
// One file for all of them: what a group's help, a typo's suggestions and `household completion` load
// together is compiled once, and the modules they share are in it once.
const separate = await build({
  ...common,
  stdin: {
    contents: `${separateCommandFiles.map((specifier, i) => `import * as m${i} from ${JSON.stringify(specifier)};`).join('\n')}
export const commands = { ${separateCommandFiles.map((specifier, i) => `${JSON.stringify(specifier)}: m${i}`).join(', ')} };`,
    resolveDir: new URL('../src/commands', import.meta.url).pathname,
    sourcefile: 'separate-commands.ts',
    loader: 'ts',
  },
  outfile: new URL(`../dist/${COMMANDS_FILE}`, import.meta.url).pathname,
  external: LOADED_ON_DEMAND,
  metafile: true,
});
const program = await build({
  ...common,
  entryPoints: [new URL('../src/cli/commander-tree.ts', import.meta.url).pathname],
  outfile: new URL(`../dist/${PROGRAM}`, import.meta.url).pathname,
  external: LOADED_ON_DEMAND,
  plugins: [lazyChildProcess, separateCompletion],
  metafile: true,
});
// The wiring itself, and the option list it shares with src/cli/command-line.ts (data alone), belong in it.
const PROGRAM_OWN = [/^src\/cli\/commander-tree\.ts$/, /^src\/cli\/global-options\.ts$/];
for (const [output, { inputs }] of [...Object.entries(separate.metafile.outputs), ...Object.entries(program.metafile.outputs)]) {
  const stateful = Object.keys(inputs).filter((input) => ONLY_IN_BUNDLE.some((pattern) => pattern.test(input)) && !PROGRAM_OWN.some((pattern) => pattern.test(input)));
  if (stateful.length > 0) {
    console.error(`build: ${output} would hold its own copy of ${stateful.join(', ')}, which must exist once per process: import it through the command's context instead`);
    process.exit(1);
  }
}
await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/household.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.17',
  external: LOADED_ON_DEMAND,
  // Whitespace and syntax only: function names stay, so a stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [separateProgram, separateCommands],
  legalComments: 'linked',
  logLevel: 'warning',
});

/**
 * V8's code cache for the bundle, made after running a few commands in this process so that the
 * functions they call are compiled too. bin/household.js hands it to V8, which skips compiling them at
 * every start (about 4 ms); V8 ignores a cache that does not match its version, flags or the source.
 */
const bundle = new URL('../dist/household.cjs', import.meta.url).pathname;
// The same source string bin/household.js compiles, or V8 would reject the cache.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n});`, { filename: bundle });
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, join(bundle, '..'));
const folder = mkdtempSync(join(tmpdir(), 'household-build-'));
/**
 * A household like the one most commands meet: a key file, a time zone, a managed account with allowed
 * hours, the admin's recovery codes (its hashes have the right shape; nothing verifies them, and no
 * command below reads the key). The commands run on it below
 * are the ones that must start fast (the rows of scripts/bench.mjs, and what PAM and a TAB run): what
 * they compile goes into the cache; rarely used commands (init, key, recovery, log, ...) stay out of it,
 * so that every start does not pay for reading their compiled code.
 */
const keyFile = join(folder, 'household.key');
writeFileSync(keyFile, `0badc0de ${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
const failures = { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
const pinHash = '$argon2id$v=19$m=19456,t=2,p=1$YnVpbGRzYWx0$YnVpbGRoYXNo';
const codeHash = '$argon2id$v=19$m=4096,t=1,p=1$YnVpbGRzYWx0$YnVpbGRoYXNo';
const store = join(folder, 'household.json');
const household = JSON.stringify({
  version: 2,
  sequence: 1,
  plan: 'pass',
  timeZone: 'Europe/Berlin',
  keyFile,
  accounts: [
    { name: 'admin', kind: 'admin', email: null, restriction: null, passwordHash: pinHash, pinHash, passwordKeyId: '0badc0de', pinKeyId: '0badc0de', failures, recoveryCodes: Array(10).fill(codeHash) },
    { name: 'kid', kind: 'managed', email: null, restriction: 'teen', passwordHash: null, pinHash, pinKeyId: '0badc0de', failures },
    {
      name: 'kid2',
      kind: 'managed',
      email: null,
      restriction: 'none',
      passwordHash: null,
      pinHash,
      pinKeyId: '0badc0de',
      failures,
      hours: [
        { days: ['mo', 'tu', 'we', 'th', 'fr'], start: '00:00', end: '24:00' },
        { days: ['sa', 'su'], start: '00:00', end: '24:00' },
      ],
    },
  ],
});
writeFileSync(store, household, { mode: 0o600 });
const silent = { write() {}, isTTY: false };
let errors = '';
const stderr = { write(text) { errors += text; }, isTTY: false };
const warm = (argv) =>
  module.exports.main({
    argv: ['node', 'household', '--store', store, ...argv],
    env: {},
    cwd: () => folder,
    stdout: silent,
    stderr,
    stdinIsTTY: false,
    readStdin: () => 0,
    openStdin: () => { throw new Error('no stdin while building'); },
    openStderr: () => { throw new Error('no stderr while building'); },
  });
for (const argv of [['--help'], ['users', 'list', '--json'], ['users', 'list'], ['hours', 'check', 'kid2'], ['pin', 'remove', '--all-managed', '--json'], ['pin', 'remove', '--all-managed']]) {
  errors = '';
  const code = await warm(argv);
  // A command that failed here warmed its error path, not the one it is here for.
  if (code !== 0) throw new Error(`build: warming the code cache, household ${argv.join(' ')} exited ${code}: ${errors}`);
  writeFileSync(store, household, { mode: 0o600 });
}
writeFileSync(`${bundle}.cache`, script.createCachedData());
// And each file the bundle loaded with src/io/compiled.ts while warming up (dist/program.cjs, for --help).
for (const [file, loaded] of module.exports.compiledScripts()) writeFileSync(`${file}.cache`, loaded.createCachedData());

/**
 * The man page, dist/household.1, from the same command tree as --help (help text unwrapped: groff
 * fills it) and from the README's exit-code and rules tables, read now so that neither can drift.
 * Its generator (src/cli/generators/man.ts) is built into the temporary folder: only the build runs it.
 */
const manGenerator = join(folder, 'man.cjs');
await build({ ...common, entryPoints: [new URL('../src/cli/generators/man.ts', import.meta.url).pathname], outfile: manGenerator, legalComments: 'none' });
const { manPage } = createRequire(manGenerator)(manGenerator);
const unwrapped = { write() {}, columns: Number.MAX_SAFE_INTEGER };
const tree = await module.exports.buildProgram(() => Promise.resolve(), { stdout: unwrapped, stderr: unwrapped, cwd: folder, env: {} });
// SOURCE_DATE_EPOCH, as reproducible builds set it; else today.
const date = new Date(process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.now()).toISOString().slice(0, 10);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
writeFileSync(new URL('../dist/household.1', import.meta.url), manPage({ program: tree, readme, date }));
rmSync(folder, { recursive: true, force: true });
