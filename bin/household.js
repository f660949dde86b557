#!/usr/bin/env node
// CommonJS (see bin/package.json): an ES-module entry would start Node's ESM loader, a few ms more.
// Loads the bundle with the V8 code cache that `npm run build` made beside it; without one, or with
// one V8 rejects, it just compiles as require() would. Then runs the command and sets the exit code.
const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { Script } = require('node:vm');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'household.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  // no cache: compile
}
const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const module_ = { exports: {} };
script.runInThisContext().call(module_.exports, module_.exports, createRequire(bundle), module_, bundle, join(bundle, '..'));
// Code compiled from a code cache cannot call import(); the ES-module-only packages come through this one.
module_.exports.run(process, (specifier) => import(specifier)).then((code) => {
  process.exitCode = code;
});
