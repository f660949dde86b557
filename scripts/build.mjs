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
      args.importer.endsWith('/src/cli/program.ts') ? { path: 'completion', namespace: 'separate' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'separate' }, () => ({
      // __dirname is the bundle's folder: bin/household.js hands it in, as require() would.
      contents: `export function completionScript(...args) { return require(__dirname + '/${COMPLETION}').completionScript(...args); }`,
      loader: 'js',
    }));
  },
};

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
await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/household.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.17',
  // Loaded on demand: argon2 stays in node_modules to find its native binary, the ES-module-only ones
  // stay ES modules, and cli-table3 (a third of the bundle, with its dependencies) is for terminals only,
  // where a few milliseconds do not matter but reading and deserializing them at every start would.
  external: ['argon2', 'conf', '@inquirer/prompts', 'chalk', 'cli-table3'],
  // Whitespace and syntax only: function names stay, so a stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [lazyChildProcess, separateCompletion],
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
// A small household to run the commands against (its hash has the right shape; nothing verifies it).
const failures = { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
const hash = '$argon2id$v=19$m=19456,t=2,p=1$YnVpbGRzYWx0$YnVpbGRoYXNo';
writeFileSync(
  join(folder, 'household.json'),
  JSON.stringify({
    version: 1,
    plan: 'pass',
    accounts: [
      { name: 'admin', kind: 'admin', email: null, restriction: null, passwordHash: hash, pinHash: null, failures },
      { name: 'kid', kind: 'managed', email: null, restriction: 'teen', passwordHash: null, pinHash: hash, failures },
    ],
  }),
  { mode: 0o600 },
);
const silent = { write() {}, isTTY: false };
const warm = (argv) =>
  module.exports.main({
    argv: ['node', 'household', '--store', join(folder, 'household.json'), ...argv],
    env: {},
    cwd: () => folder,
    stdout: silent,
    stderr: silent,
    stdinIsTTY: false,
    readStdin: () => 0,
    openStdin: () => { throw new Error('no stdin while building'); },
    openStderr: () => { throw new Error('no stderr while building'); },
  });
for (const argv of [['--help'], ['users', 'list', '--json'], ['users', 'list'], ['pin', 'remove', '--all-managed', '--json'], ['pin', 'remove', '--all-managed'], ['pin', 'set', '--help'], ['users', 'frob']]) {
  await warm(argv);
}
writeFileSync(`${bundle}.cache`, script.createCachedData());

/**
 * The man page, dist/household.1, from the same command tree as --help (help text unwrapped: groff
 * fills it) and from the README's exit-code and rules tables, read now so that neither can drift.
 * Its generator (src/cli/generators/man.ts) is built into the temporary folder: only the build runs it.
 */
const manGenerator = join(folder, 'man.cjs');
await build({ ...common, entryPoints: [new URL('../src/cli/generators/man.ts', import.meta.url).pathname], outfile: manGenerator, legalComments: 'none' });
const { manPage } = createRequire(manGenerator)(manGenerator);
const unwrapped = { write() {}, columns: Number.MAX_SAFE_INTEGER };
const program = await module.exports.buildProgram(() => Promise.resolve(), { stdout: unwrapped, stderr: unwrapped, cwd: folder, env: {} });
// SOURCE_DATE_EPOCH, as reproducible builds set it; else today.
const date = new Date(process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.now()).toISOString().slice(0, 10);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
writeFileSync(new URL('../dist/household.1', import.meta.url), manPage({ program, readme, date }));
rmSync(folder, { recursive: true, force: true });
