import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARGON2ID_HASH } from '../domain/accounts.js';
import { nativePackage } from './native-packages.js';

/** Hashing of PINs and passwords. The only file that imports argon2, and only when a secret is hashed or checked. */
export interface Hasher {
  /**
   * With `key`, argon2 mixes it in as its `secret`: without the same key the hash can be neither checked nor guessed at.
   * `strength`: 'code' for a random recovery code (about 50 bits), which needs no password's work factor.
   */
  hash(secret: string, key?: Uint8Array, strength?: HashStrength): Promise<string>;
  verify(hash: string, secret: string, key?: Uint8Array): Promise<boolean>;
  /** True when `hash` was made with weaker parameters than today's, so it should be made again. */
  needsRehash(hash: string): Promise<boolean>;
}

/** OWASP's recommendation for argon2id: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export type Argon2Parameters = { memoryCost: number; timeCost: number; parallelism: number };

export type HashStrength = 'password' | 'code';
/**
 * Recovery codes are random, 31^10 (about 2^49.5): the work factor that keeps a guessable password out of
 * a dictionary is not what protects them, their size is. 4 MiB and 1 pass (a few ms) still costs an
 * offline attacker about 2^48.5 of them on average for one code (tens of thousands of core-years), and
 * keeps the ten made at init and the ten checked at a reset to about the time of one password hash.
 */
export const ARGON2_CODE_PARAMETERS = { memoryCost: 4_096, timeCost: 1, parallelism: 1 } as const;

type Argon2 = typeof import('argon2');

/** argon2's native binding: what its argon2.cjs calls, with the parameters spelt out. */
interface Binding {
  hash(options: { password: Buffer; salt: Buffer; secret: Buffer; data: Buffer; hashLength: number; m: number; t: number; p: number; version: number; type: number }): Promise<Buffer>;
}

const ARGON2ID_TYPE = 2;

/**
 * The prebuilt binary argon2's own loader (node-gyp-build) would pick, loaded directly: the package's
 * JavaScript loads node:crypto (and with it Node's streams), os, a resolver and a PHC parser, about a
 * fifth of what `pin verify` costs beyond Node's start and the hash itself. Null whenever the choice is
 * not the plain one (a binary built from source, node-gyp-build's overrides, not Linux): the package then.
 */
function loadBinding(): Binding | null {
  if (process.platform !== 'linux' || process.env.LIBC || process.env.PREBUILDS_ONLY || process.env.ARGON2_PREBUILD || process.env.npm_config_arch || process.env.npm_config_platform) return null;
  try {
    const { load, folder } = nativePackage('argon2');
    if (existsSync(join(folder, 'build', 'Release'))) return null;
    const libc = existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
    return load(join(folder, 'prebuilds', `linux-${process.arch}`, `argon2.${libc}.node`)) as Binding;
  } catch {
    return null;
  }
}

/** Compares in time that depends on the length only, as argon2's own verify does (with timingSafeEqual). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) difference |= a[i] ^ b[i];
  return difference === 0;
}

export class Argon2Hasher implements Hasher {
  private module?: Promise<Argon2>;
  private binding?: Binding | null;

  /** Other parameters only for tests that must run many hashes (a brute force over every PIN). */
  constructor(private readonly parameters: Argon2Parameters = ARGON2_PARAMETERS) {}

  private load(): Promise<Argon2> {
    // In the CommonJS bundle require() is there, and loads argon2 without starting Node's ESM loader
    // (about 3 ms); under Jest, which runs the sources as ES modules, import() does the same job.
    this.module ??= typeof require === 'function' ? Promise.resolve(require('argon2') as Argon2) : import('argon2');
    return this.module;
  }

  async hash(secret: string, key?: Uint8Array, strength: HashStrength = 'password'): Promise<string> {
    const argon2 = await this.load();
    const parameters = strength === 'code' ? ARGON2_CODE_PARAMETERS : this.parameters;
    return argon2.hash(secret, { type: argon2.argon2id, ...parameters, ...(key ? { secret: Buffer.from(key) } : {}) });
  }

  /** As argon2's verify, straight through its binding for the stored form; anything else through the package. */
  async verify(hash: string, secret: string, key?: Uint8Array): Promise<boolean> {
    const match = ARGON2ID_HASH.exec(hash);
    if (match && this.binding === undefined) this.binding = loadBinding();
    if (!match || !this.binding) return (await this.load()).verify(hash, secret, key ? { secret: Buffer.from(key) } : undefined);
    const [, version, m, t, p, salt, expected] = match;
    const expectedBytes = Buffer.from(expected, 'base64');
    const computed = await this.binding.hash({
      password: Buffer.from(secret),
      salt: Buffer.from(salt, 'base64'),
      secret: key ? Buffer.from(key) : Buffer.alloc(0),
      data: Buffer.alloc(0),
      hashLength: expectedBytes.length,
      m: Number(m),
      t: Number(t),
      p: Number(p),
      version: version === '19' ? 0x13 : 0x10,
      type: ARGON2ID_TYPE,
    });
    return sameBytes(computed, expectedBytes);
  }

  async needsRehash(hash: string): Promise<boolean> {
    return (await this.load()).needsRehash(hash, this.parameters);
  }
}
