import { jest } from '@jest/globals';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The lock's holder may release it at any moment, also between our lstat and our look inside the
 * folder. `node:fs` is wrapped so that the holder releases exactly then, which a real race does only
 * now and then (it showed as exit 1 in test/e2e/parallel.test.ts, about once in 8 rounds).
 */
let releaseBeforeTheLookInside = false;
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  readdirSync: (path: fs.PathLike) => {
    if (releaseBeforeTheLookInside) {
      releaseBeforeTheLookInside = false;
      fs.rmdirSync(path);
    }
    return fs.readdirSync(path);
  },
}));
const { acquireLock } = await import('../../src/store/lock.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'household-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a lock released between the look at it and the look inside it is simply taken', async () => {
  const store = join(dir, 'household.json');
  const lockPath = `${store}.lock`;
  fs.mkdirSync(lockPath, { mode: 0o700 });
  releaseBeforeTheLookInside = true;
  const release = await acquireLock(store, lockPath);
  expect(releaseBeforeTheLookInside).toBe(false);
  expect(fs.statSync(lockPath).isDirectory()).toBe(true);
  release();
  expect(fs.existsSync(lockPath)).toBe(false);
});

test('a lock folder with files in it is still refused (78), naming it', async () => {
  const store = join(dir, 'household.json');
  const lockPath = `${store}.lock`;
  fs.mkdirSync(lockPath, { mode: 0o700 });
  fs.writeFileSync(join(lockPath, 'planted'), '');
  await expect(acquireLock(store, lockPath)).rejects.toMatchObject({ code: 'STORE_UNUSABLE', exitCode: 78, message: expect.stringContaining(lockPath) });
});
