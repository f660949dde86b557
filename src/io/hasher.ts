/** Hashing of PINs and passwords. The only file that imports argon2, and only when a secret is hashed. */
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

export class Argon2Hasher implements Hasher {
  private module?: Promise<Argon2>;

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

  async verify(hash: string, secret: string, key?: Uint8Array): Promise<boolean> {
    return (await this.load()).verify(hash, secret, key ? { secret: Buffer.from(key) } : undefined);
  }

  async needsRehash(hash: string): Promise<boolean> {
    return (await this.load()).needsRehash(hash, this.parameters);
  }
}
