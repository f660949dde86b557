/** Hashing of PINs and passwords. The only file that imports argon2, and only when a secret is hashed. */
export interface Hasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
  /** True when `hash` was made with weaker parameters than today's, so it should be made again. */
  needsRehash(hash: string): Promise<boolean>;
}

/** OWASP's recommendation for argon2id: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

type Argon2 = typeof import('argon2');

export class Argon2Hasher implements Hasher {
  private module?: Promise<Argon2>;

  private load(): Promise<Argon2> {
    // In the CommonJS bundle require() is there, and loads argon2 without starting Node's ESM loader
    // (about 3 ms); under Jest, which runs the sources as ES modules, import() does the same job.
    this.module ??= typeof require === 'function' ? Promise.resolve(require('argon2') as Argon2) : import('argon2');
    return this.module;
  }

  async hash(secret: string): Promise<string> {
    const argon2 = await this.load();
    return argon2.hash(secret, { type: argon2.argon2id, ...ARGON2_PARAMETERS });
  }

  async verify(hash: string, secret: string): Promise<boolean> {
    return (await this.load()).verify(hash, secret);
  }

  async needsRehash(hash: string): Promise<boolean> {
    return (await this.load()).needsRehash(hash, ARGON2_PARAMETERS);
  }
}
