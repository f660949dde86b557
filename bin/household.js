#!/usr/bin/env node
// CommonJS (see bin/package.json): an ES-module entry would start Node's ESM loader, a few ms more.
// Loads the bundle with the V8 code cache that `npm run build` made beside it; without one, or with
// one V8 rejects, it just compiles as require() would. Then runs the command and sets the exit code.
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'household.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  // no cache: compile
}
// The wrapper CommonJS modules get; without node:module, whose loading starts parts of the ESM loader.
const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n});`;
const script = new Script(source, { filename: bundle, cachedData });
const module_ = { exports: {} };
// bin's require finds the same node_modules as the bundle's would: both are in this package.
script.runInThisContext().call(module_.exports, module_.exports, require, module_, bundle, join(bundle, '..'));
// Code compiled from a code cache cannot call import(); the ES-module-only packages come through this one.
module_.exports.run(process, (specifier) => import(specifier)).then((code) => {
  process.exitCode = code;
  // A wait for the lock given up at 15 s is still queued in the kernel, in a thread of its own that
  // would keep the process alive until the lock came; everything was written synchronously: end now.
  if (module_.exports.lockWaitsLeftBehind() > 0) process.exit(code);
});
