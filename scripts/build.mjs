#!/usr/bin/env node
// Builds dist/household.cjs: src/main.ts and commander in one CommonJS file. One file to read and
// compile instead of thirty, and no ESM loader to start, is most of what separates this CLI's start
// from Node's own (see scripts/bench.mjs). The heavy libraries stay outside and are imported only by
// the commands that need them. Type-checking is tsc's job (npm run typecheck), not this one's.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/household.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.17',
  // Loaded on demand with import(): argon2 stays in node_modules to find its native binary, and the
  // ES-module-only ones stay ES modules. proper-lockfile and cli-table3 are CommonJS and bundled: an
  // import() of a bundled module is a plain function call, where an external one starts the ESM loader.
  external: ['argon2', 'conf', '@inquirer/prompts', 'chalk'],
  plugins: [lazyChildProcess],
  legalComments: 'linked',
  logLevel: 'warning',
});
