import { Argon2Hasher } from '../../src/io/hasher.js';

/**
 * The key is really in the hash: with argon2's cheapest parameters (8 KiB, 1 pass), a brute force over
 * all 10,000 PINs against a hash taken from a stolen store finds nothing without the key, or with
 * another key; with the right key it finds the PIN (so the search itself works).
 */
const cheap = new Argon2Hasher({ memoryCost: 8, timeCost: 1, parallelism: 1 });
const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(8);
const ALL_PINS = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));

async function bruteForce(hash: string, key?: Uint8Array): Promise<string[]> {
  const found: string[] = [];
  for (const pin of ALL_PINS) if (await cheap.verify(hash, pin, key)) found.push(pin);
  return found;
}

test('a brute force over every PIN finds nothing without the key or with another one; with the key it finds the PIN', async () => {
  const hash = await cheap.hash('5167', KEY);
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
  expect(await bruteForce(hash)).toEqual([]);
  expect(await bruteForce(hash, OTHER_KEY)).toEqual([]);
  expect(await bruteForce(hash, KEY)).toEqual(['5167']);
}, 120_000);

test('a hash made without a key is checked without one, as stores made before the key are', async () => {
  const hash = await cheap.hash('5167');
  expect(await cheap.verify(hash, '5167')).toBe(true);
  expect(await cheap.verify(hash, '5168')).toBe(false);
});

test("strength 'code' (recovery codes) takes the code parameters whatever the hasher's, with or without a key; a PIN or password takes the hasher's", async () => {
  const normal = new Argon2Hasher();
  expect(await normal.hash('5167')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await cheap.hash('ABCDE-FGHJK', undefined, 'code')).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
  const keyed = await cheap.hash('ABCDE-FGHJK', KEY, 'code');
  expect(keyed).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
  expect([await cheap.verify(keyed, 'ABCDE-FGHJK', KEY), await cheap.verify(keyed, 'ABCDE-FGHJK')]).toEqual([true, false]);
});

/**
 * A PIN is checked through argon2's binary, without its package's JavaScript (src/io/hasher.ts): for every
 * form of hash it must answer as argon2.verify does, right and wrong secret, right and wrong key.
 */
describe('checking agrees with argon2.verify', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ['a PIN without a key', () => cheap.hash('5167')],
    ['a PIN with a key', () => cheap.hash('5167', KEY)],
    ['a recovery code with a key', () => cheap.hash('5167', KEY, 'code')],
    ['argon2 version 16', async () => (await argon2()).hash('5167', { type: 2, version: 0x10, memoryCost: 8, timeCost: 1, parallelism: 1 })],
    ['a 16-byte hash, 2 lanes', async () => (await argon2()).hash('5167', { type: 2, hashLength: 16, memoryCost: 16, timeCost: 1, parallelism: 2 })],
    ['argon2i (not a stored form: the package checks it)', async () => (await argon2()).hash('5167', { type: 1, memoryCost: 8, timeCost: 1, parallelism: 1 })],
  ];
  test.each(cases)('%s', async (_name, make) => {
    const hash = await make();
    const package_ = await argon2();
    for (const secret of ['5167', '5168', '', 'pässwörd']) {
      for (const key of [undefined, KEY, OTHER_KEY]) {
        const expected = await package_.verify(hash, secret, key ? { secret: Buffer.from(key) } : undefined);
        expect([secret, key?.[0], await cheap.verify(hash, secret, key)]).toEqual([secret, key?.[0], expected]);
      }
    }
    expect((await Promise.all([undefined, KEY].map((key) => cheap.verify(hash, '5167', key)))).filter(Boolean)).toHaveLength(1);
  });
});

async function argon2(): Promise<typeof import('argon2')> {
  return (await import('argon2')).default;
}
