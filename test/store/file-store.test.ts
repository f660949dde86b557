import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file-store.js';
import { serializeHousehold } from '../../src/store/schema.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { household } from '../fakes/households.js';

let dir: string;
let path: string;
let store: FileStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'household-store-'));
  path = join(dir, 'household.json');
  store = new FileStore(async () => path, { now: () => Date.now(), actor: () => ({ user: 'tester', sudoUser: null, from: null }) });
  await store.create(household(), { command: 'init', account: 'alice', outcome: 'ok', exit: 0, details: {} });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a write is skipped when the change changes nothing', async () => {
  const before = statSync(path);
  await store.update(() => undefined);
  // A write would rename a new file in: same inode and mtime means the file was left alone.
  expect([statSync(path).ino, statSync(path).mtimeMs]).toEqual([before.ino, before.mtimeMs]);
});

test('a change that throws writes nothing', async () => {
  const before = readFileSync(path, 'utf8');
  await expect(
    store.update((h) => {
      h.plan = 'free';
      throw new HouseholdError('REFUSED', 'no');
    }),
  ).rejects.toThrow('no');
  expect(readFileSync(path, 'utf8')).toBe(before);
});

test('temporary files left by a killed writer are removed by the next change', async () => {
  writeFileSync(join(dir, '.household.json.12345.0a1b2c3d.tmp'), '{"half": ', { mode: 0o600 });
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  await store.update((h) => {
    h.plan = 'free';
  });
  expect(readdirSync(dir).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log', 'notes.txt']);
});

test('a store rewritten in place while the lock was held (the same inode, as a reused inode number would look) is caught too: 75, nothing overwritten', async () => {
  const intruder = serializeHousehold({ ...household(), plan: 'free' });
  const error = await store
    .update((h) => {
      h.accounts.pop();
      // Same file, other bytes: no inode number tells this apart; the bytes do.
      writeFileSync(path, intruder);
    })
    .catch((e: unknown) => e);
  expect((error as HouseholdError).exitCode).toBe(75);
  expect((error as HouseholdError).message).toBe(`another process changed ${path} while this command held the lock; nothing was changed`);
  expect(readFileSync(path, 'utf8')).toBe(intruder);
});

test('if another writer got in while the lock was held, nothing is overwritten (75)', async () => {
  const intruder = serializeHousehold({ ...household(), plan: 'free' });
  const error = await store
    .update((h) => {
      h.accounts.pop();
      // Another process renames its own complete store in, as a writer that wrongly took the lock would.
      writeFileSync(join(dir, 'other.json'), intruder, { mode: 0o600 });
      renameSync(join(dir, 'other.json'), path);
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HouseholdError);
  expect((error as HouseholdError).exitCode).toBe(75);
  expect(readFileSync(path, 'utf8')).toBe(intruder);
  expect(readdirSync(dir).sort()).toEqual(['household.json', 'household.json.lock', 'household.json.log']);
});
