import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runProgram, type Run } from '../e2e/cli.js';

/**
 * The package file installs and runs as an operator would install it: `npm pack`, then
 * `npm install -g --prefix DIR` of the tarball into an empty prefix, which fetches the runtime
 * dependencies (from npm's cache or the registry) and builds nothing: what runs is the dist/ that was
 * packed. Slow (an npm install), so it is here and not in `npm test`.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
// npm and node from the Node that runs the tests, whatever the PATH says.
const PATH = `${dirname(process.execPath)}:${process.env.PATH}`;

/** `env` is the whole environment: npm needs the machine's (its certificates, its proxy). */
function run(command: string, args: string[], cwd: string, input = '', env: Record<string, string | undefined> = { ...process.env, PATH }): Promise<Run> {
  return runProgram(command, args, { cwd, env, input });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'household-pack-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('npm pack, then npm install -g --prefix of the tarball: it installs without building and runs', async () => {
  // --ignore-scripts: `prepare` would rebuild dist/ under the other slow tests' feet; `npm run test:slow` has just built it.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
  expect(packed.code).toBe(0);
  const tarball = `${pkg.name}-${pkg.version}.tgz`;
  expect(packed.stdout.trim().split('\n').pop()).toBe(tarball);
  const listing = (await run('tar', ['-tzf', tarball], dir)).stdout.split('\n').filter(Boolean).sort();
  expect(listing).toEqual(
    ['README.md', 'bin/household.js', 'bin/package.json', 'dist/completion.cjs', 'dist/household.1', 'dist/household.cjs', 'dist/household.cjs.cache', 'package.json'].map(
      (file) => `package/${file}`,
    ),
  );

  const prefix = join(dir, 'prefix');
  const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--foreground-scripts', `./${tarball}`], dir);
  expect(installed.code).toBe(0);
  // No build at install: prepare (esbuild, a dev dependency) is not run for a tarball, and no dev dependency is there.
  expect(installed.stdout).not.toContain(`${pkg.name}@${pkg.version} prepare`);
  const home = join(prefix, 'lib', 'node_modules', pkg.name);
  for (const dev of Object.keys(pkg.devDependencies)) expect(existsSync(join(home, 'node_modules', dev))).toBe(false);
  for (const file of ['household.cjs', 'household.cjs.cache']) {
    expect(readFileSync(join(home, 'dist', file)).equals(readFileSync(join(ROOT, 'dist', file)))).toBe(true);
  }
  expect(readdirSync(join(prefix, 'share', 'man', 'man1'))).toEqual(['household.1']);

  const household = join(prefix, 'bin', 'household');
  expect(await run(household, ['--version'], dir, '', { PATH })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  const store = join(dir, 'store', 'household.json');
  // household itself needs nothing of the environment.
  const env = { PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  const init = await run(household, ['--store', store, 'init', '--admin', 'alice', '--plan', 'pass', '--stdin'], dir, 'alice-password\nalice-password\n2580\n2580\n', env);
  expect(init.code).toBe(0);
  expect((await run(household, ['--store', store, 'users', 'add', 'kid', '--managed'], dir, '', env)).code).toBe(0);
  expect(await run(household, ['--store', store, 'users', 'list'], dir, '', env)).toEqual({ code: 0, stdout: 'alice\tadmin\tyes\t-\nkid\tmanaged\tno\t-\n', stderr: '' });
  // argon2 (a native module) came with the install: a PIN check runs.
  expect(await run(household, ['--store', store, 'pin', 'verify', 'alice', '--stdin'], dir, '2580\n', env)).toMatchObject({ code: 0 });
  const completion = await run(household, ['completion', 'bash'], dir, '', env);
  expect(completion.code).toBe(0);
  expect(completion.stdout).toContain('complete -F _household household');
}, 300_000);
