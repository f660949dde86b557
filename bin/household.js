#!/usr/bin/env node
// CommonJS (see bin/package.json): an ES module entry would start Node's ESM loader, a few ms more.
require('../dist/household.cjs').run(process).then((code) => { process.exitCode = code; });
