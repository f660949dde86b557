import { initRun } from '../../src/commands/init.js';
import { pinSetRun } from '../../src/commands/pin/set.js';
import { addRun } from '../../src/commands/users/add.js';
import { findAccount } from '../../src/domain/accounts.js';
import { HouseholdError } from '../../src/domain/errors.js';
import { PassThrough } from 'node:stream';
import { TerminalPrompter, type Prompter, type SecretQuestion } from '../../src/io/prompter.js';
import { FakeHasher, MemoryStore, attempt, recoveryNote, testContext, testKey, type TestContext } from '../fakes/context.js';
import { household } from '../fakes/households.js';

/**
 * How new secrets are asked (src/commands/secrets.ts), through the commands that ask them: `pin set` on a
 * managed account (new PIN twice, nothing else), `users add --member` (a password twice) and `init` (an
 * optional PIN). On a terminal (`interactive`) a refused entry is typed again, 3 tries in all; with
 * --stdin there is one.
 */
const PIN_PROMPT = 'New PIN for kid1';
const PIN_AGAIN = 'New PIN for kid1 again';
const FORMAT = 'the new PIN must be exactly 4 digits (0-9)';
const PIN_MISMATCH = 'the two PINs do not match; nothing was changed';
const PASSWORD_MISMATCH = 'the two passwords do not match; nothing was changed';

function pinOfKid1(ctx: TestContext): string | null {
  return findAccount(ctx.store.current(), 'kid1')!.pinHash;
}

async function setKid1Pin(answers: Array<[string, string]>, interactive: boolean) {
  const ctx = testContext({ household: household(), answers, interactive });
  const error = await attempt(ctx, () => pinSetRun(ctx, { name: 'kid1' }));
  return { ctx, error };
}

describe('a new PIN on a terminal: 3 tries in all', () => {
  test('an entry that is not 4 digits is typed again in place; then the confirmation; no note', async () => {
    const { ctx, error } = await setKid1Pin([[PIN_PROMPT, '12'], [PIN_PROMPT, '4829'], [PIN_AGAIN, '4829']], true);
    expect(error).toBeUndefined();
    expect(pinOfKid1(ctx)).toBe(FakeHasher.hashOf('4829'));
    expect(ctx.prompter.asked).toEqual([PIN_PROMPT, PIN_PROMPT, PIN_AGAIN]);
    expect(ctx.stderr.text).toBe('set the PIN of kid1\n');
  });

  test('three refused entries: 65 saying what a PIN is, nothing set', async () => {
    const { ctx, error } = await setKid1Pin([[PIN_PROMPT, '12'], [PIN_PROMPT, 'abcd'], [PIN_PROMPT, '12345']], true);
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_PIN', 65, FORMAT]);
    expect(pinOfKid1(ctx)).toBeNull();
    expect(ctx.store.writes).toBe(0);
    expect(ctx.stderr.text).toBe('');
  });

  test('entries that differ: both are asked again, after a note saying how many tries are left', async () => {
    const { ctx, error } = await setKid1Pin([[PIN_PROMPT, '4829'], [PIN_AGAIN, '1243'], [PIN_PROMPT, '5167'], [PIN_AGAIN, '5167']], true);
    expect(error).toBeUndefined();
    expect(pinOfKid1(ctx)).toBe(FakeHasher.hashOf('5167'));
    expect(ctx.stderr.text).toBe('the two PINs do not match; type both again (2 tries left)\nset the PIN of kid1\n');
  });

  test('three pairs that differ: 65, nothing set; the notes count down to 1 try', async () => {
    const { ctx, error } = await setKid1Pin(
      [[PIN_PROMPT, '4829'], [PIN_AGAIN, '1243'], [PIN_PROMPT, '7391'], [PIN_AGAIN, '6142'], [PIN_PROMPT, '8163'], [PIN_AGAIN, '9263']],
      true,
    );
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['PIN_MISMATCH', 65, PIN_MISMATCH]);
    expect(pinOfKid1(ctx)).toBeNull();
    expect(ctx.stderr.text).toBe('the two PINs do not match; type both again (2 tries left)\nthe two PINs do not match; type both again (1 try left)\n');
  });

  test('a refused entry and a pair that differs share the 3 tries', async () => {
    const right = await setKid1Pin([[PIN_PROMPT, '99'], [PIN_PROMPT, '4829'], [PIN_AGAIN, '2857'], [PIN_PROMPT, '2468'], [PIN_AGAIN, '2468']], true);
    expect(right.error).toBeUndefined();
    expect(pinOfKid1(right.ctx)).toBe(FakeHasher.hashOf('2468'));
    expect(right.ctx.stderr.text).toBe('the two PINs do not match; type both again (1 try left)\nset the PIN of kid1\n');

    const wrong = await setKid1Pin([[PIN_PROMPT, '99'], [PIN_PROMPT, '4829'], [PIN_AGAIN, '2857'], [PIN_PROMPT, '12']], true);
    expect([wrong.error?.code, wrong.error?.exitCode]).toEqual(['INVALID_PIN', 65]);
    expect(pinOfKid1(wrong.ctx)).toBeNull();
  });
});

describe('a new PIN without a terminal (--stdin): one try', () => {
  test('an entry that is not 4 digits is 65 at once, the confirmation never asked', async () => {
    const { ctx, error } = await setKid1Pin([[PIN_PROMPT, '123']], false);
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_PIN', 65, FORMAT]);
    expect(ctx.prompter.asked).toEqual([PIN_PROMPT]);
  });

  test('entries that differ are 65 at once, with no note to type them again', async () => {
    const { ctx, error } = await setKid1Pin([[PIN_PROMPT, '4829'], [PIN_AGAIN, '1243']], false);
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['PIN_MISMATCH', 65, PIN_MISMATCH]);
    expect(ctx.stderr.text).toBe('');
    expect(pinOfKid1(ctx)).toBeNull();
  });
});

describe("a member's new password", () => {
  const PROMPT = 'Password for carol';
  const AGAIN = 'Password for carol again';

  async function addCarol(answers: Array<[string, string]>, interactive: boolean) {
    const ctx = testContext({ household: household(), answers, interactive });
    const error = await attempt(ctx, () => addRun(ctx, { name: 'carol', kind: 'member' }));
    return { ctx, error, carol: findAccount(ctx.store.current(), 'carol') };
  }

  test('on a terminal, pairs that differ are both asked again, with the note', async () => {
    const { ctx, error, carol } = await addCarol([[PROMPT, 'first password'], [AGAIN, 'first passwort'], [PROMPT, 'second password'], [AGAIN, 'second password']], true);
    expect(error).toBeUndefined();
    expect(carol?.passwordHash).toBe(FakeHasher.hashOf('second password'));
    expect(ctx.stderr.text).toBe('the two passwords do not match; type both again (2 tries left)\nadded member account carol\n');
  });

  test('on a terminal, a short one is typed again in place; the third short one is 65', async () => {
    const { error, carol } = await addCarol([[PROMPT, 'short'], [PROMPT, 'seven77'], [PROMPT, 'x']], true);
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_PASSWORD', 65, 'a password needs at least 8 characters']);
    expect(carol).toBeUndefined();
  });

  test('with --stdin, a pair that differs is 65 at once', async () => {
    const { ctx, error, carol } = await addCarol([[PROMPT, 'first password'], [AGAIN, 'first passwort']], false);
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['PASSWORD_MISMATCH', 65, PASSWORD_MISMATCH]);
    expect(ctx.stderr.text).toBe('');
    expect(carol).toBeUndefined();
  });
});

describe("init's optional PIN", () => {
  const PASSWORD: Array<[string, string]> = [
    ['Password for Alice', 'correct horse'],
    ['Password for Alice again', 'correct horse'],
  ];

  async function init(answers: Array<[string, string]>, interactive: boolean) {
    const ctx = testContext({ answers, interactive });
    ctx.store = new MemoryStore();
    const error = await attempt(ctx, () => initRun(ctx, { admin: 'Alice', plan: 'free' }));
    return { ctx, error };
  }

  test('left empty after a refused entry: no PIN, and no confirmation asked', async () => {
    const { ctx, error } = await init([...PASSWORD, ['New PIN for Alice', '12'], ['New PIN for Alice', '']], true);
    expect(error).toBeUndefined();
    expect(ctx.store.current().accounts[0].pinHash).toBeNull();
    expect(ctx.stderr.text).toBe(`created the household at /memory/household.json: admin Alice, plan free, without a PIN\n${recoveryNote('Alice', ctx)}`);
  });

  test('PINs that differ are asked again, both', async () => {
    const { ctx, error } = await init(
      [...PASSWORD, ['New PIN for Alice', '4829'], ['New PIN for Alice again', '1235'], ['New PIN for Alice', '1586'], ['New PIN for Alice again', '1586']],
      true,
    );
    expect(error).toBeUndefined();
    // init makes every hash with the key it makes (the fake's first: testKey(1)).
    expect(ctx.store.current().accounts[0].pinHash).toBe(FakeHasher.hashOf('1586', FakeHasher.CURRENT, testKey(1).bytes));
    expect(ctx.stderr.text).toBe(
      `the two PINs do not match; type both again (2 tries left)\ncreated the household at /memory/household.json: admin Alice, plan free, with a PIN\n${recoveryNote('Alice', ctx)}`,
    );
  });
});

type Step = [string, string | HouseholdError];

/**
 * A prompter of our own making: answers in order, or a HouseholdError thrown at that prompt (Ctrl+C).
 * `appliesRefusals: false` plays a prompter that hands back whatever was typed, refused or not.
 */
class StepPrompter implements Prompter {
  readonly canAsk = true;
  readonly asked: string[] = [];

  constructor(
    private readonly steps: Step[],
    readonly interactive: boolean,
    private readonly appliesRefusals: boolean,
  ) {}

  async secret(question: SecretQuestion): Promise<string> {
    this.asked.push(question.message);
    const step = this.steps.shift();
    if (!step || step[0] !== question.message) throw new Error(`unexpected prompt: ${question.message}`);
    if (step[1] instanceof HouseholdError) throw step[1];
    const refusal = this.appliesRefusals ? (question.refuse?.(step[1]) ?? null) : null;
    if (refusal) throw refusal;
    return step[1];
  }

  close(): void {}
}

describe('whatever the prompter does', () => {
  test('Ctrl+C at the confirmation ends the command at once (130): not asked again, no note, nothing set', async () => {
    const ctx = testContext({ household: household() });
    const prompter = new StepPrompter([[PIN_PROMPT, '4829'], [PIN_AGAIN, new HouseholdError('INTERRUPTED', 'interrupted; nothing was changed')]], true, true);
    const error = await attempt(ctx, () => pinSetRun({ ...ctx, prompter }, { name: 'kid1' }));
    expect([error?.code, error?.exitCode]).toEqual(['INTERRUPTED', 130]);
    expect(prompter.asked).toEqual([PIN_PROMPT, PIN_AGAIN]);
    expect(ctx.stderr.text).toBe('');
    expect(pinOfKid1(ctx)).toBeNull();
  });

  test('one that hands back a refused entry still cannot set a PIN that is not 4 digits', async () => {
    const ctx = testContext({ household: household() });
    const prompter = new StepPrompter([[PIN_PROMPT, '123']], false, false);
    const error = await attempt(ctx, () => pinSetRun({ ...ctx, prompter }, { name: 'kid1' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['INVALID_PIN', 65, FORMAT]);
    expect(pinOfKid1(ctx)).toBeNull();
  });

  test('one that hands back a confirmation that differs still cannot set either PIN', async () => {
    const ctx = testContext({ household: household() });
    const prompter = new StepPrompter([[PIN_PROMPT, '4829'], [PIN_AGAIN, '2857']], false, false);
    const error = await attempt(ctx, () => pinSetRun({ ...ctx, prompter }, { name: 'kid1' }));
    expect([error?.code, error?.exitCode, error?.message]).toEqual(['PIN_MISMATCH', 65, PIN_MISMATCH]);
    expect(pinOfKid1(ctx)).toBeNull();
  });
});

/**
 * `pin set kid1` with the real terminal prompter, typed into as a person would: each answer once its
 * prompt is on the screen. Returns the screen without its cursor movements, and the error if any.
 */
async function onTerminal(typed: Array<[string, string]>) {
  const ctx = testContext({ household: household() });
  const input = new PassThrough();
  let screen = '';
  const prompter = new TerminalPrompter(() => {
    // The prompt library ends its output stream with each question: one stream per question.
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
    });
    return { input, output };
  }, false);
  let error: unknown;
  const done = pinSetRun({ ...ctx, prompter }, { name: 'kid1' }).catch((thrown: unknown) => {
    error = thrown;
  });
  let seen = 0;
  for (const [prompt, answer] of typed) {
    const deadline = Date.now() + 10_000;
    while (screen.indexOf(`${prompt}:`, seen) < 0) {
      if (Date.now() > deadline) throw new Error(`no prompt ${prompt} on: ${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    seen = screen.length;
    input.write(`${answer}\r`);
  }
  await done;
  prompter.close();
  return { ctx, error, screen: screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') };
}

describe('on the terminal itself', () => {
  test('a confirmation that differs is marked answered, never ✔, and the one note asks for both again (nothing reads as final); the pair asked again is set', async () => {
    const { ctx, error, screen } = await onTerminal([
      [PIN_PROMPT, '4829'],
      [PIN_AGAIN, '1243'],
      [PIN_PROMPT, '5167'],
      [PIN_AGAIN, '5167'],
    ]);
    expect(error).toBeUndefined();
    expect(pinOfKid1(ctx)).toBe(FakeHasher.hashOf('5167'));
    // ✔ beside each first PIN, which its prompt accepted; a confirmation, compared after its prompt, is only marked answered.
    expect(screen.match(/[✔›] [^\n]*/g)).toEqual(['✔ New PIN for kid1: ****', '› New PIN for kid1 again: ****', '✔ New PIN for kid1: ****', '› New PIN for kid1 again: ****']);
    expect(screen).not.toContain('nothing was changed');
    expect(ctx.stderr.text).toBe('the two PINs do not match; type both again (2 tries left)\nset the PIN of kid1\n');
  });
});
