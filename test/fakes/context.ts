import { createHash } from 'node:crypto';
import type { Context } from '../../src/commands/context.js';
import { Output } from '../../src/io/output.js';
import type { Household } from '../../src/domain/accounts.js';
import { AuditRecorder, planLines, visibleEntries, type AuditDraft, type AuditEntry } from '../../src/domain/audit.js';
import { HouseholdError } from '../../src/domain/errors.js';
import type { Hasher } from '../../src/io/hasher.js';
import type { CodeSource } from '../../src/io/random.js';
import { RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH, showRecoveryCode } from '../../src/domain/recovery.js';
import type { Preferences } from '../../src/io/preferences.js';
import { noWayToAsk, type Prompter, type SecretQuestion } from '../../src/io/prompter.js';
import { parseHousehold, serializeHousehold } from '../../src/store/schema.js';
import type { HouseholdStore } from '../../src/store/store.js';
import { canonicalZone, intlZone, type ZoneRules } from '../../src/domain/hours.js';
import type { Zones } from '../../src/io/zones.js';
import type { KeyFiles } from '../../src/store/key-file.js';
import { keyFileUnusable, type Key } from '../../src/domain/keys.js';

/**
 * A scripted prompter: fails on a prompt it did not expect, and `unused()` lists answers never asked for.
 * `interactive` plays a terminal: a refused answer the question lets be retyped takes the next scripted
 * answer for the same prompt, as a person typing again in place would.
 */
/** A scripted answer that is no answer: standard input ended at that prompt (pam_exec writes nothing for an empty one). */
export const END_OF_INPUT = '\u0000end of input';

export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  private readonly script: Array<[RegExp, string]>;

  constructor(
    script: Array<[RegExp | string, string]>,
    readonly canAsk = true,
    readonly interactive = false,
  ) {
    this.script = script.map(([message, answer]) => [typeof message === 'string' ? new RegExp(`^${escape(message)}$`) : message, answer]);
  }

  async secret(question: SecretQuestion): Promise<string> {
    if (!this.canAsk) throw noWayToAsk(question.message, 'standard input is not a terminal');
    for (;;) {
      this.asked.push(question.message);
      const next = this.script.shift();
      if (!next) throw new Error(`unexpected prompt: ${question.message}`);
      if (!next[0].test(question.message)) throw new Error(`expected a prompt matching ${next[0]}, got: ${question.message}`);
      if (next[1] === END_OF_INPUT) {
        // As the real prompter (src/io/prompter.ts): an end where an empty answer is allowed is one.
        if (question.optional || question.endIsEmpty) return '';
        throw new HouseholdError('INPUT_ENDED', 'input ended; nothing was changed');
      }
      const answer = next[1];
      const refusal = question.optional && answer === '' ? null : (question.refuse?.(answer) ?? null);
      if (!refusal) return answer;
      // Without a terminal a refusal ends the question; on one, so does a refusal that allows no retyping.
      if (!(this.interactive && question.retry?.(refusal))) throw refusal;
    }
  }

  unused(): string[] {
    return this.script.map(([message]) => message.source);
  }

  close(): void {}
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Hashes that look like argon2id (so the schema accepts them) but cost nothing; counts every call. */
export class FakeHasher implements Hasher {
  hashes = 0;
  verifies = 0;
  static readonly CURRENT = '$argon2id$v=19$m=19456,t=2,p=1$ZmFrZXNhbHQ$';
  static readonly OLD = '$argon2id$v=19$m=4096,t=3,p=1$ZmFrZXNhbHQ$';

  /** With a key, the key's bytes go into the digest (as argon2's `secret` does): without them no secret matches. */
  static hashOf(secret: string, prefix = FakeHasher.CURRENT, key?: Uint8Array): string {
    const digest = createHash('sha256');
    if (key) digest.update(key);
    return prefix + digest.update(secret, 'utf8').digest('base64').replace(/=+$/, '');
  }

  async hash(secret: string, key?: Uint8Array): Promise<string> {
    this.hashes += 1;
    return FakeHasher.hashOf(secret, FakeHasher.CURRENT, key);
  }

  async verify(hash: string, secret: string, key?: Uint8Array): Promise<boolean> {
    this.verifies += 1;
    return FakeHasher.hashOf(secret, hash.slice(0, hash.lastIndexOf('$') + 1), key) === hash;
  }

  async needsRehash(hash: string): Promise<boolean> {
    return !hash.startsWith(FakeHasher.CURRENT);
  }
}

/** Key files in memory: path to keys (oldest first); a path with no entry is a missing file. */
export class MemoryKeys implements KeyFiles {
  readonly files = new Map<string, Key[]>();
  /** Paths whose file is there but unsafe (another owner, a loose mode): read refuses them with this problem. */
  readonly unsafe = new Map<string, string>();
  reads = 0;
  private counter = 0;

  defaultPath(storePath: string): string {
    return `/memory/config/household/${storePath.slice(storePath.lastIndexOf('/') + 1)}.key`;
  }

  async read(path: string): Promise<Key[]> {
    this.reads += 1;
    const problem = this.unsafe.get(path);
    if (problem) throw keyFileUnusable(path, problem);
    const keys = this.files.get(path);
    if (!keys) throw keyFileUnusable(path, 'it does not exist');
    return keys.map((key) => ({ ...key }));
  }

  async generate(taken: readonly string[]): Promise<Key> {
    for (;;) {
      this.counter += 1;
      const key = testKey(this.counter);
      if (!taken.includes(key.id)) return key;
    }
  }

  async ensureAbsent(path: string): Promise<void> {
    if (this.files.has(path)) throw new HouseholdError('CANNOT_CREATE', `a file is already at ${path}, where the key file would go; nothing was changed`);
  }

  async create(path: string, keys: readonly Key[]): Promise<void> {
    if (this.files.has(path)) throw new HouseholdError('CANNOT_CREATE', `a file is already at ${path}, where the key file would go; nothing was changed`);
    this.files.set(path, [...keys]);
  }

  async replace(path: string, keys: readonly Key[]): Promise<void> {
    await this.read(path);
    this.files.set(path, [...keys]);
  }

  async discard(path: string): Promise<void> {
    this.files.delete(path);
  }
}

/** A key made from a number: its id is the number in hex, its 32 bytes all the number. */
export function testKey(n: number): Key {
  return { id: n.toString(16).padStart(8, '0'), bytes: new Uint8Array(32).fill(n % 256) };
}

export const TEST_ACTOR = { user: 'tester', sudoUser: null, from: null };

/**
 * The store contract in memory: validated reads, copy-on-update, a write only when something changed,
 * and the audit log's lines (the same sequence rules as the file store, from src/domain/audit.ts).
 */
export class MemoryStore implements HouseholdStore {
  text: string | undefined;
  reads = 0;
  writes = 0;
  updates = 0;
  readonly log: AuditEntry[] = [];
  /** Runs inside the next update before the change, as another process would between read and lock. */
  beforeNextUpdate?: (household: Household) => void;
  /** Like beforeNextUpdate, but before the update with this number (1 is the first): `[2, change]`. */
  beforeUpdate?: [number, (household: Household) => void];
  /** Thrown by the next update that would write anything (a line or the store): a full disk. */
  failNextWrite?: HouseholdError;

  constructor(
    household?: Household,
    private readonly now: () => number = () => Date.parse('2026-01-01T12:00:00Z'),
  ) {
    this.text = household ? serializeHousehold(household) : undefined;
  }

  async location(): Promise<string> {
    return '/memory/household.json';
  }

  async ensureAbsent(): Promise<void> {
    if (this.text !== undefined) throw new HouseholdError('STORE_EXISTS', 'something already exists at /memory/household.json');
  }

  async create(household: Household, line: AuditDraft): Promise<string> {
    await this.ensureAbsent();
    const recorder = new AuditRecorder();
    recorder.change(line);
    const created = structuredClone(household);
    this.log.push(...planLines({ ...household, sequence: 0 }, created, true, recorder, this.now(), () => TEST_ACTOR));
    this.text = serializeHousehold(created);
    this.writes += 1;
    return this.location();
  }

  async read(): Promise<Household> {
    if (this.text === undefined) throw new HouseholdError('NO_STORE', 'no household store at /memory/household.json');
    this.reads += 1;
    return parseHousehold(JSON.parse(this.text));
  }

  /** Updates one at a time, as the file store's lock makes them: a change that awaits holds the others back. */
  private queue: Promise<unknown> = Promise.resolve();

  update<T>(change: (household: Household, audit: AuditRecorder) => T | Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.updateNow(change));
    this.queue = next.catch(() => {});
    return next;
  }

  private async updateNow<T>(change: (household: Household, audit: AuditRecorder) => T | Promise<T>): Promise<T> {
    this.updates += 1;
    if (this.beforeUpdate?.[0] === this.updates) {
      this.beforeNextUpdate = this.beforeUpdate[1];
      this.beforeUpdate = undefined;
    }
    if (this.beforeNextUpdate && this.text !== undefined) {
      const meddled = parseHousehold(JSON.parse(this.text));
      this.beforeNextUpdate(meddled);
      this.beforeNextUpdate = undefined;
      this.text = serializeHousehold(meddled);
    }
    const before = await this.read();
    const household = structuredClone(before);
    const recorder = new AuditRecorder();
    const result = await change(household, recorder);
    const changed = serializeHousehold(household) !== serializeHousehold(before);
    const lines = planLines(before, household, changed, recorder, this.now(), () => TEST_ACTOR);
    if ((changed || lines.length > 0) && this.failNextWrite) {
      const failure = this.failNextWrite;
      this.failNextWrite = undefined;
      throw failure;
    }
    this.log.push(...lines);
    if (changed) {
      this.text = serializeHousehold(household);
      this.writes += 1;
    }
    return result;
  }

  async readLog(): Promise<{ entries: AuditEntry[]; warnings: string[] }> {
    const { sequence } = await this.read();
    return { entries: visibleEntries(this.log, sequence), warnings: [] };
  }

  current(): Household {
    return parseHousehold(JSON.parse(this.text!));
  }
}

/** Recovery codes that differ from set to set and are known to the test: `codes.sets[i]`. */
export class FakeCodeSource implements CodeSource {
  readonly sets: string[][] = [];

  async recoveryCodes(): Promise<string[]> {
    const set = Array.from({ length: RECOVERY_CODE_COUNT }, (_, i) => fakeCode(this.sets.length * RECOVERY_CODE_COUNT + i));
    this.sets.push(set);
    return set;
  }
}

/** The n-th code of the recovery alphabet, written in base 31 over 10 characters (starting at "22222x2222"). */
export function fakeCode(n: number): string {
  let rest = n + 31 ** 4 * 25;
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i += 1) {
    code = RECOVERY_ALPHABET[rest % 31] + code;
    rest = Math.floor(rest / 31);
  }
  return code;
}

/** The codes of the last set made, as init and recovery codes show them. */
export function shownCodes(ctx: { codes: FakeCodeSource }): string[] {
  return ctx.codes.sets.at(-1)!.map(showRecoveryCode);
}

/** What init and recovery codes print on stderr after their confirmation: the last set of codes, once. */
export function recoveryNote(admin: string, ctx: { codes: FakeCodeSource }): string {
  return [
    `Recovery codes for ${admin}, each good for one reset of the admin's password (household password reset ${admin} --recovery-code):`,
    ...shownCodes(ctx).map((code) => `  ${code}`),
    'Keep them apart from this server (on paper, or in a password manager): they are not shown again.',
  ].join('\n') + '\n';
}

export class FakeClock {
  constructor(public time = Date.parse('2026-01-01T12:00:00Z')) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Zones through Intl (Jest's process.env is its own copy, so TZ cannot be set for V8 here); the machine's is settable. */
export class FakeZones implements Zones {
  constructor(public machineZone = 'UTC') {}
  machine(): string {
    return this.machineZone;
  }
  canonical(name: string): string | null {
    return canonicalZone(name);
  }
  within<T>(name: string, compute: (zone: ZoneRules) => T): T {
    return compute(intlZone(name));
  }
}

export class MemoryPreferences implements Preferences {
  values: { store?: string } = {};
  async get(key: 'store') {
    return this.values[key];
  }
  async set(key: 'store', value: string) {
    this.values[key] = value;
  }
  async unset(key: 'store') {
    delete this.values[key];
  }
  async location() {
    return '/memory/config.json';
  }
}

export class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface TestContext extends Context {
  prompter: ScriptedPrompter;
  store: MemoryStore;
  hasher: FakeHasher;
  keys: MemoryKeys;
  clock: FakeClock;
  preferences: MemoryPreferences;
  codes: FakeCodeSource;
  zones: FakeZones;
  stdout: Capture;
  stderr: Capture;
}

export interface TestContextOptions {
  household?: Household;
  answers?: Array<[RegExp | string, string]>;
  canAsk?: boolean;
  /** A terminal's prompter, which asks a refused new secret again. */
  interactive?: boolean;
  json?: boolean;
  tty?: boolean;
  color?: boolean;
}

export function testContext(options: TestContextOptions = {}): TestContext {
  const stdout = new Capture();
  const stderr = new Capture();
  const tty = options.tty ?? false;
  const clock = new FakeClock();
  return {
    io: new Output(
      { stdout, stderr, stdoutIsTTY: tty, stderrIsTTY: tty },
      { json: options.json ?? false, colorAllowed: options.color ?? false },
    ),
    prompter: new ScriptedPrompter(options.answers ?? [], options.canAsk ?? true, options.interactive ?? false),
    store: new MemoryStore(options.household, () => clock.now()),
    hasher: new FakeHasher(),
    keys: new MemoryKeys(),
    clock,
    preferences: new MemoryPreferences(),
    codes: new FakeCodeSource(),
    zones: new FakeZones(),
    stdout,
    stderr,
  };
}

/** Runs a handler and returns the HouseholdError it threw (or undefined); always checks every answer was used. */
export async function attempt(ctx: TestContext, run: () => Promise<void>): Promise<HouseholdError | undefined> {
  let failure: HouseholdError | undefined;
  try {
    await run();
  } catch (error) {
    if (!(error instanceof HouseholdError)) throw error;
    failure = error;
  }
  expect(ctx.prompter.unused()).toEqual([]);
  return failure;
}

/** The same context (store, clock, hasher, output) with a fresh prompter scripted with `answers`. */
export function withAnswers(ctx: TestContext, answers: Array<[RegExp | string, string]>, interactive = false): TestContext {
  return { ...ctx, prompter: new ScriptedPrompter(answers, true, interactive) };
}
