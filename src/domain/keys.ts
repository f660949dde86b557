import { HouseholdError } from './errors.js';

/**
 * The key: 32 random bytes kept in a file apart from the store, given to argon2 as its `secret`, so that
 * a copy of the store alone lets nobody test a PIN or a password offline. A key file holds one or more
 * keys, oldest first; the newest (the last) makes every new hash. A hash records the id of its key.
 *
 * The file is text, one key a line: `<id> <base64 of the 32 bytes>`; lines starting with `#` and blank
 * lines are skipped. No key byte is ever printed: a problem names the line, never its text.
 */
export const KEY_BYTES = 32;
const KEY_ID = /^[0-9a-f]{8}$/;
const KEY_LINE = /^([0-9a-f]{8}) ([A-Za-z0-9+/]{43}=)$/;

export interface Key {
  /** 8 lower-case hex digits. */
  id: string;
  bytes: Uint8Array;
}

export function isKeyId(value: unknown): value is string {
  return typeof value === 'string' && KEY_ID.test(value);
}

export function keyFileUnusable(path: string, problem: string, hint = 'restore the key file from its backup (without it, no PIN or password made with it can be checked)'): HouseholdError {
  return new HouseholdError('STORE_UNUSABLE', `the key file ${path} is unusable: ${problem}`, hint);
}

/** The keys of a key file's text, oldest first; 78 naming the file and the line for anything else. */
export function parseKeyFile(path: string, text: string): Key[] {
  const keys: Key[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = KEY_LINE.exec(line);
    const bytes = match ? Buffer.from(match[2], 'base64') : null;
    if (!match || !bytes || bytes.length !== KEY_BYTES) throw keyFileUnusable(path, `line ${index + 1} is not a key (expected 8 hex digits, a space, and ${KEY_BYTES} bytes in base64)`);
    if (keys.some((key) => key.id === match[1])) throw keyFileUnusable(path, `line ${index + 1} repeats the key id ${match[1]}`);
    keys.push({ id: match[1], bytes: new Uint8Array(bytes) });
  });
  if (keys.length === 0) throw keyFileUnusable(path, 'it holds no key');
  return keys;
}

export function formatKeyFile(keys: readonly Key[]): string {
  const lines = keys.map((key) => `${key.id} ${Buffer.from(key.bytes).toString('base64')}`);
  return `# household key file: one key a line (id, then 32 bytes in base64), the newest last.\n# Back it up apart from the store; whoever holds both can test PINs offline.\n${lines.join('\n')}\n`;
}

export function newestKey(keys: readonly Key[]): Key {
  return keys[keys.length - 1]!;
}
