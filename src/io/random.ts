import { RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH } from '../domain/recovery.js';

/** Randomness for secrets this program makes (recovery codes). The only file that loads node:crypto, and only when codes are made. */
export interface CodeSource {
  /** Ten distinct new recovery codes, each 10 characters of the recovery alphabet, lower case, no dash. */
  recoveryCodes(): Promise<string[]>;
}

type Crypto = typeof import('node:crypto');

export class CryptoCodeSource implements CodeSource {
  private module?: Promise<Crypto>;

  private load(): Promise<Crypto> {
    // As the hasher loads argon2: require() in the CommonJS bundle, import() under Jest.
    this.module ??= typeof require === 'function' ? Promise.resolve(require('node:crypto') as Crypto) : import('node:crypto');
    return this.module;
  }

  async recoveryCodes(): Promise<string[]> {
    const crypto = await this.load();
    const codes = new Set<string>();
    while (codes.size < RECOVERY_CODE_COUNT) {
      // randomInt draws uniformly (it rejects the values that would favour some characters).
      codes.add(Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]).join(''));
    }
    return [...codes];
  }
}
