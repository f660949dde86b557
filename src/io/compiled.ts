import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * A CommonJS file of the build (dist/program.cjs) loaded as bin/household.js loads the bundle: with the
 * V8 code cache that `npm run build` made beside it, so that the functions it runs are not compiled
 * again at every start; without a cache, or with one V8 rejects (another Node, other flags, another
 * source), it just compiles, as require() would. The build writes each file's cache from the scripts
 * listed here, after running the commands it warms up (scripts/build.mjs).
 */
const scripts = new Map<string, Script>();

export function loadCompiled(file: string, load: NodeJS.Require): unknown {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache: compile
  }
  // The wrapper CommonJS modules get, as bin/household.js gives the bundle.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n});`, { filename: file, cachedData });
  scripts.set(file, script);
  const module_ = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module_.exports, module_.exports, load, module_, file, dirname(file));
  return module_.exports;
}

/** The files loaded so far, each with its script: what the build makes their code caches from. */
export function compiledScripts(): ReadonlyMap<string, Script> {
  return scripts;
}
