import { readFileSync, writeFileSync } from 'node:fs';
import { Sandbox } from './cli.js';
import { Terminal } from './terminal.js';

/** "Names, exactly": which names are one account, which are refused, and that no name can forge output. */
let box: Sandbox;
beforeEach(() => {
  box = new Sandbox();
});
afterEach(() => box.cleanup());

async function names(): Promise<string[]> {
  const list = await box.run(['users', 'list', '--json']);
  expect(list.code).toBe(0);
  return (JSON.parse(list.stdout) as Array<{ name: string }>).map((account) => account.name);
}

describe('output cannot be forged by a name', () => {
  test('a name with a line end, a carriage return or an escape sequence stays on one escaped error line', async () => {
    await box.init('7391');
    const cases: Array<[string, string]> = [
      ['nobody\nhousehold: removed the PIN of alice', 'nobody\\nhousehold: removed the PIN of alice'],
      ['nobody\rhousehold: removed the PIN of alice', 'nobody\\rhousehold: removed the PIN of alice'],
      ['nobody\u001b[2K\u001b[1Ghousehold: removed the PIN of alice', 'nobody\\u001b[2K\\u001b[1Ghousehold: removed the PIN of alice'],
      ['nobody\u0085household: removed the PIN of alice', 'nobody\\u0085household: removed the PIN of alice'],
    ];
    for (const [name, shown] of cases) {
      const result = await box.run(['pin', 'remove', name]);
      expect(result.code).toBe(67);
      // Exactly the error line and its hint: nothing that looks like a second line of ours.
      expect(result.stderr).toBe(`household: no account named ${shown}\nhousehold --store ${box.store} users list shows every account\n`);
    }
    expect(JSON.parse((await box.run(['users', 'list', '--json'])).stdout)[0].pinRequired).toBe(true);
  });

  test('--json errors escape C1 controls, line separators and bidi controls as \\uXXXX in the bytes, and parse back to the same text', async () => {
    await box.init();
    const name = 'x\u0085y\u009bz\u2028w\u2029v\u202eu\u200bt\u{e0001}';
    const result = await box.run(['pin', 'remove', name, '--json']);
    expect(result.code).toBe(67);
    for (const escaped of ['\\u0085', '\\u009b', '\\u2028', '\\u2029', '\\u202e', '\\u200b', '\\udb40\\udc01']) expect(result.stderr).toContain(escaped);
    expect(result.stderr).not.toMatch(/[\u0080-\u009f\u2028\u2029\u202e\u200b]|\u{e0001}/u);
    expect(result.stderr.endsWith('}\n')).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(JSON.parse(result.stderr).error.message).toBe(`no account named ${name}`);
  });
});

describe('look-alike names are refused, or are the same account', () => {
  test('invisible, bidi, edge-space and separator names are 65; width, case and composition variants are 73', async () => {
    await box.init();
    const attempts: Array<[string, string, number]> = [
      ['alice + zero-width space', 'alice\u200b', 65],
      ['zero-width joiner inside', 'al\u200dice', 65],
      ['byte order mark first', '\ufeffalice', 65],
      ['a bidi override', 'ali\u202ece', 65],
      ['a bidi isolate', '\u2066alice\u2069', 65],
      ['a leading space', ' alice', 65],
      ['a trailing no-break space', 'alice\u00a0', 65],
      ['white space only', '   ', 65],
      ['an ideographic space only', '\u3000', 65],
      ['a line separator inside', 'ali\u2028ce', 65],
      ['a paragraph separator inside', 'ali\u2029ce', 65],
      ['fullwidth alice', 'ａｌｉｃｅ', 73],
      ['upper case', 'ALICE', 73],
      ['fullwidth, mixed case', 'ａＬｉＣｅ', 73],
    ];
    for (const [what, name, code] of attempts) {
      const result = await box.run(['users', 'add', name, '--managed']);
      expect([what, result.code]).toEqual([what, code]);
      if (code === 73) expect(result.stderr).toContain('household: an account named alice already exists');
      else expect(result.stderr).toMatch(/^household: invalid name: /);
    }
    expect((await box.run(['users', 'add', 'straße', '--managed'])).code).toBe(0);
    const strasse = await box.run(['users', 'add', 'STRASSE', '--managed']);
    expect([strasse.code, strasse.stderr.split('\n')[0]]).toEqual([73, 'household: an account named straße already exists']);
    // The capital sharp s folds to ss as well (and, equal to straße under version 1's rule, would make the store unreadable).
    const capital = await box.run(['users', 'add', 'STRA\u1e9eE', '--managed']);
    expect([capital.code, capital.stderr.split('\n')[0]]).toEqual([73, 'household: an account named straße already exists']);
    expect((await box.run(['users', 'add', 'Caf\u00e9', '--managed'])).code).toBe(0);
    const decomposed = await box.run(['users', 'add', 'Cafe\u0301', '--managed']);
    expect([decomposed.code, decomposed.stderr.split('\n')[0]]).toEqual([73, 'household: an account named Caf\u00e9 already exists']);
    expect(await names()).toEqual(['alice', 'Caf\u00e9', 'straße']);
    // A fullwidth or decomposed spelling finds the account it equals.
    const shown = await box.run(['users', 'show', 'ＳＴＲＡＳＳＥ', '--json']);
    expect([shown.code, JSON.parse(shown.stdout).name]).toEqual([0, 'straße']);
    expect((await box.run(['pin', 'set', 'CAFE\u0301', '--stdin'], { input: '4829\n4829\n' })).stderr).toBe('set the PIN of Caf\u00e9\n');
  });

  test('renames follow the same rules', async () => {
    await box.init();
    expect((await box.run(['users', 'add', 'kid', '--managed'])).code).toBe(0);
    expect((await box.run(['users', 'set', 'kid', '--rename', 'k\u200bid'])).code).toBe(65);
    expect((await box.run(['users', 'set', 'kid', '--rename', 'ＡＬＩＣＥ'])).code).toBe(73);
    expect((await box.run(['users', 'set', 'kid', '--rename', 'KID'])).code).toBe(0);
    expect(await names()).toEqual(['alice', 'KID']);
  });

  test('length counts user-perceived characters: 32 of e + combining acute (64 code points) is a name, 33 is not', async () => {
    await box.init();
    const long = 'e\u0301'.repeat(33);
    const refused = await box.run(['users', 'add', long, '--managed']);
    expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([65, 'household: invalid name: a name has at most 32 characters (this one has 33)']);
    const name = 'e\u0301'.repeat(32);
    expect([...name]).toHaveLength(64);
    expect((await box.run(['users', 'add', name, '--managed'])).code).toBe(0);
    expect(await names()).toEqual(['alice', name]);
    // 32 plain letters is the limit too; 33 is refused.
    expect((await box.run(['users', 'add', 'a'.repeat(32), '--managed'])).code).toBe(0);
    expect((await box.run(['users', 'add', 'b'.repeat(33), '--managed'])).code).toBe(65);
  });
});

describe('names an older version stored, which the new rules would refuse', () => {
  // Legal under version 1 (no control characters, distinct under NFC + lower case), illegal or equal now.
  const OLD_NAMES = ['straße', 'STRASSE', 'kid\u200b', '\u202eevil'];

  function writeV1Store(): string {
    const current = JSON.parse(readFileSync(box.store, 'utf8'));
    const failures = { pin: { count: 0, coolingOffUntil: null }, password: { count: 0, coolingOffUntil: null } };
    const managed = (name: string) => ({ name, kind: 'managed', email: null, restriction: 'none', passwordHash: null, pinHash: null, failures });
    // Version 1 came before the key and the recovery codes: its hashes name no key, and it has no codes.
    const admin = { ...current.accounts[0] };
    delete admin.pinKeyId;
    delete admin.passwordKeyId;
    delete admin.recoveryCodes;
    delete admin.recoveryKeyId;
    const text = `${JSON.stringify({ version: 1, plan: 'pass', accounts: [admin, ...OLD_NAMES.map(managed)] }, null, 2)}\n`;
    writeFileSync(box.store, text, { mode: 0o600 });
    return text;
  }

  test('they list, escaped, piped and in --json; the file is not rewritten by reading it', async () => {
    await box.init();
    const text = writeV1Store();
    const piped = await box.run(['users', 'list']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(
      ['alice\tadmin\tno\t-', 'kid\\u200b\tmanaged\tno\t-', 'STRASSE\tmanaged\tno\t-', 'straße\tmanaged\tno\t-', '\\u202eevil\tmanaged\tno\t-', ''].join('\n'),
    );
    const json = await box.run(['users', 'list', '--json']);
    expect(json.stdout).toContain('"kid\\u200b"');
    expect(json.stdout).toContain('"\\u202eevil"');
    expect(json.stdout).not.toMatch(/[\u200b\u202e]/);
    expect(await names()).toEqual(['alice', 'kid\u200b', 'STRASSE', 'straße', '\u202eevil']);
    expect(readFileSync(box.store, 'utf8')).toBe(text);
  });

  test('they are escaped in the table on a terminal', async () => {
    await box.init();
    writeV1Store();
    const term = new Terminal(['users', 'list', '--store', box.store], { ...box.env, NO_COLOR: '1' });
    expect(await term.exited).toBe(0);
    expect(term.screen).toContain('kid\\u200b');
    expect(term.screen).toContain('\\u202eevil');
    expect(term.screen).not.toMatch(/[\u200b\u202e]/);
  });

  test('they keep working: each is found by its own spelling, and a new name equal to one is taken', async () => {
    await box.init();
    writeV1Store();
    const set = await box.run(['pin', 'set', 'STRASSE', '--stdin'], { input: '4829\n4829\n' });
    expect([set.code, set.stderr]).toEqual([0, 'set the PIN of STRASSE\n']);
    const kid = await box.run(['pin', 'set', 'kid\u200b', '--stdin'], { input: '2857\n2857\n' });
    expect([kid.code, kid.stderr]).toEqual([0, 'set the PIN of kid\\u200b\n']);
    const pins = JSON.parse((await box.run(['users', 'list', '--json'])).stdout) as Array<{ name: string; pinRequired: boolean }>;
    expect(pins.map((account) => [account.name, account.pinRequired])).toEqual([
      ['alice', false],
      ['kid\u200b', true],
      ['STRASSE', true],
      ['straße', false],
      ['\u202eevil', false],
    ]);
    // A spelling that equals both under the new rules, and neither exactly under the old, is ambiguous: 65.
    const ambiguous = await box.run(['pin', 'remove', 'ｓｔｒａｓｓｅ']);
    expect([ambiguous.code, ambiguous.stderr.split('\n')[0]]).toEqual([65, 'household: the name ｓｔｒａｓｓｅ fits 2 accounts']);
    expect((await box.run(['users', 'add', 'Strasse', '--managed'])).code).toBe(73);
    // Written as version 2 now, with every old name kept exactly as it was.
    const stored = JSON.parse(readFileSync(box.store, 'utf8'));
    expect(stored.version).toBe(2);
    expect(stored.accounts.map((account: { name: string }) => account.name)).toEqual(['alice', ...OLD_NAMES]);
  });
});

describe('v3: invisible and blank look-alikes, and mixed scripts', () => {
  test('new and renamed names with an invisible or blank character, or with letters of two scripts, are 65, naming it', async () => {
    await box.init();
    expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
    expect((await box.run(['users', 'add', 'kid2', '--managed'])).code).toBe(0);
    const attempts: Array<[string, string]> = [
      ['alice\u034f', 'a name cannot hold invisible or blank characters (U+034F)'],
      ['alice\ufe0f', 'a name cannot hold invisible or blank characters (U+FE0F)'],
      ['alice\u180b', 'a name cannot hold invisible or blank characters (U+180B)'],
      ['alice\u3164', 'a name cannot hold invisible or blank characters (U+3164)'],
      ['\u2800\u2800', 'a name cannot hold invisible or blank characters (U+2800)'],
      ['\u115f', 'a name cannot hold invisible or blank characters (U+115F)'],
      ['\uffa0', 'a name cannot hold invisible or blank characters (U+FFA0)'],
      ['kid\u00a03', 'a name cannot hold invisible or blank characters (U+00A0)'],
      ['\u0430lice', 'a name cannot mix letters of different scripts (\u0430 U+0430 and l U+006C)'],
      ['b\u03bfb', 'a name cannot mix letters of different scripts (b U+0062 and \u03bf U+03BF)'],
    ];
    for (const [name, problem] of attempts) {
      const added = await box.run(['users', 'add', name, '--managed']);
      expect([name, added.code, added.stderr.split('\n')[0]]).toEqual([name, 65, `household: invalid name: ${problem}`]);
    }
    const renamed = await box.run(['users', 'set', 'kid2', '--rename', 'kid1\u034f']);
    expect([renamed.code, renamed.stderr.split('\n')[0]]).toEqual([65, 'household: invalid name: a name cannot hold invisible or blank characters (U+034F)']);
    // Whole names in another script, and Japanese, Korean and Chinese mixtures, are names.
    for (const name of ['Мария', '山田たろう', 'Straße漢字', '김철수']) expect([name, (await box.run(['users', 'add', name, '--managed'])).code]).toEqual([name, 0]);
    expect(await names()).toEqual(['alice', 'kid1', 'kid2', 'Straße漢字', 'Мария', '山田たろう', '김철수']);
  });

  describe('a store that already holds such names', () => {
    const OLD = ['kid1\u034f', '\u2800', 'ali\u3164ce', 'b\u03bfb'];

    async function storeHolding(): Promise<void> {
      await box.init();
      expect((await box.run(['users', 'add', 'kid1', '--managed'])).code).toBe(0);
      for (const [index] of OLD.entries()) expect((await box.run(['users', 'add', `old${index}`, '--managed'])).code).toBe(0);
      const text = readFileSync(box.store, 'utf8');
      const renamed = OLD.reduce((json, name, index) => json.replace(`"old${index}"`, JSON.stringify(name)), text);
      writeFileSync(box.store, renamed, { mode: 0o600 });
    }

    test('users list escapes them piped and in --json, and they keep working', async () => {
      await storeHolding();
      const piped = await box.run(['users', 'list']);
      expect(piped.code).toBe(0);
      // Two rows that would both read kid1 are told apart.
      expect(piped.stdout).toBe(
        ['alice\tadmin\tno\t-', 'ali\\u3164ce\tmanaged\tno\t-', 'b\u03bfb\tmanaged\tno\t-', 'kid1\tmanaged\tno\t-', 'kid1\\u034f\tmanaged\tno\t-', '\\u2800\tmanaged\tno\t-', ''].join('\n'),
      );
      const json = await box.run(['users', 'list', '--json']);
      for (const escaped of ['"kid1\\u034f"', '"\\u2800"', '"ali\\u3164ce"']) expect(json.stdout).toContain(escaped);
      expect(json.stdout).not.toMatch(/[\u034f\u2800\u3164]/);
      expect(await names()).toEqual(['alice', 'ali\u3164ce', 'b\u03bfb', 'kid1', 'kid1\u034f', '\u2800']);
      // They keep working, and messages and the log show them escaped.
      const set = await box.run(['pin', 'set', 'kid1\u034f', '--stdin'], { input: '2857\n2857\n' });
      expect([set.code, set.stderr]).toEqual([0, 'set the PIN of kid1\\u034f\n']);
      const log = await box.run(['log']);
      expect(log.stdout.trimEnd().split('\n').at(-1)).toMatch(/\tpin set\tkid1\\u034f\tok$/);
      expect(readFileSync(`${box.store}.log`, 'utf8')).toContain('"account":"kid1\\u034f"');
      const renamed = await box.run(['users', 'set', 'b\u03bfb', '--rename', 'bob']);
      expect(renamed.code).toBe(0);
      expect(await names()).toEqual(['alice', 'ali\u3164ce', 'bob', 'kid1', 'kid1\u034f', '\u2800']);
    });

    test('the table on a terminal escapes them too', async () => {
      await storeHolding();
      const term = new Terminal(['users', 'list', '--store', box.store], { ...box.env, NO_COLOR: '1' });
      expect(await term.exited).toBe(0);
      for (const escaped of ['kid1\\u034f', '\\u2800', 'ali\\u3164ce']) expect(term.screen).toContain(escaped);
      expect(term.screen).not.toMatch(/[\u034f\u2800\u3164]/);
    });
  });
});
