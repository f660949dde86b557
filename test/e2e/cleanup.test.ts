import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from './cli.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The test helpers' own promise: a test that times out leaves no household-test-* folder behind. */
test('sandboxes of tests that timed out, with their CLI still running, are gone when Jest is done with the file, and the CLI with them', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'household-cleanup-'));
  try {
    const list = join(scratch, 'dirs');
    const jest = await runProgram(
      process.execPath,
      ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', join(ROOT, 'node_modules/jest/bin/jest.js'), '--rootDir', ROOT, '--selectProjects', 'e2e', '--testMatch', '**/test/fixtures/timeout.fixture.ts', '--testPathIgnorePatterns', '/node_modules/', `${ROOT}.stryker-tmp/`],
      { cwd: ROOT, env: { ...process.env, HOUSEHOLD_FIXTURE_DIRS: list } },
    );
    // Every fixture test times out (so Jest fails), and that is the point.
    expect(jest.stderr).toMatch(/Tests: +3 failed, 3 total/);
    const dirs = readFileSync(list, 'utf8').trim().split('\n');
    expect(dirs).toHaveLength(4);
    // A CLI left running would still be writing into its sandbox: give one time to, on a slow machine.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(dirs.filter((dir) => existsSync(dir))).toEqual([]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
