import { existsSync } from 'node:fs';
import { join } from 'node:path';

declare const require: NodeJS.Require | undefined;
declare const __dirname: string | undefined;

/**
 * For a package whose `.node` file is loaded directly (its JavaScript would cost start-up): the `require`
 * that loads it, and the package's folder. The bundle runs with bin/household.js's `require` and its own
 * folder as `__dirname`: the package is then in `../node_modules`, where npm puts a package's
 * dependencies; elsewhere (hoisted, or under Jest, which has no `require` in ES modules) Node's resolver
 * finds it.
 */
export function nativePackage(name: string): { load: NodeJS.Require; folder: string } {
  const load = typeof require === 'function' ? require : process.getBuiltinModule('node:module').createRequire(join(process.cwd(), 'noop.js'));
  const beside = typeof __dirname === 'string' ? join(__dirname, '..', 'node_modules', name) : undefined;
  const folder = beside !== undefined && existsSync(beside) ? beside : join(load.resolve(name), '..');
  return { load, folder };
}
