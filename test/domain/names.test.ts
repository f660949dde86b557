import { jest } from '@jest/globals';
import { byListingOrder, legacyNameKey, MAX_NAME_LENGTH, nameKey, nameLength, newNameProblem, storedNameProblem, validateNewName } from '../../src/domain/names.js';
import { refusalOf } from '../fakes/refusals.js';

const CONTROL = 'a name cannot hold control characters';
const FORMAT = 'a name cannot hold invisible format characters or line separators';
const BLANK = 'a name cannot be only white space';
const EDGE = 'a name cannot start or end with white space';
const EMPTY = 'a name needs at least 1 character';
const invisible = (codePoint: string) => `a name cannot hold invisible or blank characters (${codePoint})`;
const mixed = (a: string, b: string) => `a name cannot mix letters of different scripts (${a} and ${b})`;
const tooLong = (n: number) => `a name has at most 32 characters (this one has ${n})`;

// First in the file on purpose: the matchers below are built on first use and kept, so only the test
// that builds them runs their construction (and a mutation run tries a mutant there against it alone).
describe('newNameProblem: the matchers built on first use tell each refusal apart', () => {
  test('format characters and separators, blank characters, and letters of two scripts', () => {
    expect(['alice\u200b', 'ali\u2028ce', 'ali\u2029ce', 'alice\u034f'].map(newNameProblem)).toEqual([FORMAT, FORMAT, FORMAT, invisible('U+034F')]);
    // An ASCII letter is tried first (it is Latin only): the pair is it and the first letter Latin leaves out.
    expect(newNameProblem('\u6f22\u0416a')).toBe(mixed('\u6f22 U+6F22', 'a U+0061'));
  });
});

describe('nameKey: one account, however it is spelled', () => {
  test.each([
    ['Straße', 'STRASSE'],
    ['straße', 'Strasse'],
    ['ａｌｉｃｅ', 'alice'],
    ['ＡＬＩＣＥ', 'Alice'],
    ['Caf\u00e9', 'Cafe\u0301'],
    ['CAFE\u0301', 'caf\u00e9'],
    ['ﬁona', 'Fiona'],
    ['\u212aelvin', 'kelvin'],
    ['STRA\u1e9eE', 'Straße'],
    ['STRA\u1e9eE', 'strasse'],
  ])('%s = %s', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  test.each([
    ['alice', 'alicia'],
    ['kid1', 'kid2'],
    ['Cafe', 'Café'],
    ['alice', 'alice\u200b'],
  ])('%s and %s are two accounts', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  test('the key is lower case, composed and compatibility-folded', () => {
    expect(nameKey('Alice')).toBe('alice');
    expect(nameKey('STRAẞE')).toBe('strasse');
    // Compatibility forms fold before case does: the square MHz sign is M, H, z, and then lower case.
    expect(nameKey('\u3392')).toBe('mhz');
    // Case mapping can decompose (ΐ upper-cases to three code points): the key is composed again.
    expect(nameKey('\u0390')).toBe('\u0390');
    expect(nameKey('CAFE\u0301')).toBe('caf\u00e9');
  });

  test('every name equal to another under the version 1 rule is equal under nameKey (every code point)', () => {
    // Otherwise a new name could be taken beside an old one that the store's duplicate check (by the
    // version 1 rule) then refuses, and every read of the store would be 78.
    const differ: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      // Only a character that case mapping or normalisation changes can make two names meet.
      if (char.toLowerCase() === char && char.toUpperCase() === char && char.normalize('NFKC') === char) continue;
      for (const name of [char, `a${char}`, `${char}\u03a3`]) {
        if (nameKey(name) !== nameKey(legacyNameKey(name))) differ.push(code.toString(16));
      }
    }
    expect(differ).toEqual([]);
  });

  test('legacyNameKey is the rule of version 1: composed and lower case only', () => {
    expect(legacyNameKey('Caf\u00e9')).toBe(legacyNameKey('CAFE\u0301'));
    expect(legacyNameKey('Straße')).toBe('straße');
    expect(legacyNameKey('STRASSE')).toBe('strasse');
    expect(legacyNameKey('ａｌｉｃｅ')).toBe('ａｌｉｃｅ');
  });
});

describe('nameLength asks Intl.Segmenter (10 ms to start, gigabytes on a long text) only when it must', () => {
  /** Counts the segmenters made until restored. */
  const segmenter = () => {
    const Original = Intl.Segmenter;
    let made = 0;
    const intl = Intl as { Segmenter: typeof Intl.Segmenter };
    intl.Segmenter = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made += 1;
      }
    };
    return { calls: () => made, restore: () => void (intl.Segmenter = Original) };
  };

  test.each([
    ['a short name', 'alice', 5],
    ['32 code points', 'a'.repeat(32), 32],
    ['a text of 257 UTF-16 units (counted by its code points)', 'e\u0301'.repeat(128) + 'x', 257],
  ])('%s: not asked', (_label, name, length) => {
    const spy = segmenter();
    try {
      expect(nameLength(name)).toBe(length);
      expect(spy.calls()).toBe(0);
    } finally {
      spy.restore();
    }
  });

  test('33 code points that may be fewer characters: asked once', () => {
    const spy = segmenter();
    try {
      expect(nameLength('e\u0301'.repeat(16) + 'x')).toBe(17);
      expect(spy.calls()).toBe(1);
    } finally {
      spy.restore();
    }
  });
});

describe('nameLength: user-perceived characters', () => {
  test.each([
    ['alice', 5],
    ['a'.repeat(33), 33],
    ['e\u0301'.repeat(17), 17],
    ['e\u0301'.repeat(32), 32],
    ['e\u0301'.repeat(33), 33],
    // The longest text still segmented: 256 UTF-16 units.
    ['e\u0301'.repeat(128), 128],
    ['\u{1F468}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}'.repeat(5), 5],
    ['\u{1F1F3}\u{1F1F1}'.repeat(20), 20],
  ])('%s has %i', (name, length) => {
    expect(nameLength(name)).toBe(length);
  });

  test('past 256 UTF-16 units a text is not segmented, and its code points are the answer', () => {
    expect(nameLength('e\u0301'.repeat(129))).toBe(258);
    expect(nameLength('\u{1F600}'.repeat(200))).toBe(200);
  });

  test('a 100,000-character text is measured in well under a second', () => {
    const started = performance.now();
    expect(nameLength('e\u0301'.repeat(50_000))).toBe(100_000);
    expect(newNameProblem('x'.repeat(100_000))).toBe(tooLong(100_000));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('newNameProblem: the rules for a new or renamed name', () => {
  test.each(['alice', 'Ana María', 'Caf\u00e9', 'Cafe\u0301', 'straße', 'ａｌｉｃｅ', 'x', 'a'.repeat(MAX_NAME_LENGTH), 'e\u0301'.repeat(32), "o'brien-2", '\u{1F600}'])(
    '%s is a name',
    (name) => {
      expect(newNameProblem(name)).toBeNull();
      expect(validateNewName(name)).toBe(name);
    },
  );

  test.each([
    ['', EMPTY],
    ['al\u0007ice', CONTROL],
    ['alice\n', CONTROL],
    ['a\tb', CONTROL],
    ['\u007f', CONTROL],
    ['x\u0085y', CONTROL],
    ['x\u009by', CONTROL],
    // A control character in white space is still a control character, not "white space only".
    ['\n', CONTROL],
    ['alice\u200b', FORMAT],
    ['\u200b', FORMAT],
    ['ali\u202ece', FORMAT],
    ['\ufeffalice', FORMAT],
    ['a\u00adb', FORMAT],
    ['tag\u{e0041}', FORMAT],
    ['ali\u2028ce', FORMAT],
    ['ali\u2029ce', FORMAT],
    // An emoji joined with zero-width joiners holds format characters too.
    ['\u{1F468}\u200d\u{1F469}\u200d\u{1F467}', FORMAT],
    ['   ', BLANK],
    ['\u3000', BLANK],
    ['\u00a0\u00a0', BLANK],
    [' alice', EDGE],
    ['alice ', EDGE],
    ['alice\u00a0', EDGE],
    ['\u2003alice', EDGE],
    ['a'.repeat(33), tooLong(33)],
    ['e\u0301'.repeat(33), tooLong(33)],
  ])('%j is refused: %s', (name, problem) => {
    expect(newNameProblem(name)).toBe(problem);
    expect(refusalOf(() => validateNewName(name))).toMatchObject({ code: 'INVALID_NAME', exitCode: 65, message: `invalid name: ${problem}` });
  });
});

describe('newNameProblem (v3): nothing invisible or blank', () => {
  test.each([
    ['alice\u034f', 'U+034F'],
    ['alice\ufe0f', 'U+FE0F'],
    ['alice\u180b', 'U+180B'],
    ['alice\u3164', 'U+3164'],
    ['kid1\u034f', 'U+034F'],
    ['\u2800', 'U+2800'],
    ['\u2800\u2800\u2800', 'U+2800'],
    ['\u115f', 'U+115F'],
    ['\u1160x', 'U+1160'],
    ['\uffa0\uffa0', 'U+FFA0'],
    ['Ana\u00a0Mar\u00eda', 'U+00A0'],
    ['a\u2007b', 'U+2007'],
    ['a\u3000b', 'U+3000'],
    ['a\u2800b', 'U+2800'],
    // An emoji with its presentation selector holds a default-ignorable character too.
    ['\u2764\ufe0f', 'U+FE0F'],
    ['x\u{e0100}', 'U+E0100'],
  ])('%j is refused, naming %s', (name, codePoint) => {
    expect(newNameProblem(name)).toBe(invisible(codePoint));
    expect(refusalOf(() => validateNewName(name))).toMatchObject({ code: 'INVALID_NAME', exitCode: 65, message: `invalid name: ${invisible(codePoint)}` });
  });

  test('every Default_Ignorable_Code_Point, U+2800 and every Zs but U+0020 is refused inside a name (every code point)', () => {
    const oracle = /[\p{Default_Ignorable_Code_Point}\u2800]|(?! )\p{Zs}/u;
    const taken: string[] = [];
    let refused = 0;
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (!oracle.test(char)) continue;
      refused += 1;
      if (newNameProblem(`a${char}b`) === null) taken.push(code.toString(16));
    }
    expect(taken).toEqual([]);
    expect(refused).toBeGreaterThan(4000);
  });

  test('the plain space inside a name is still a name', () => {
    expect(newNameProblem('Ana Mar\u00eda')).toBeNull();
  });
});

describe('newNameProblem (v3): one script, or a mixture UTS #39 calls highly restrictive', () => {
  test.each([
    // Whole names in one script, with Common and Inherited characters (digits, marks, emoji) beside it.
    'Мария',
    'Ελένη',
    'שרה',
    'محمد',
    'አበበ',
    '김철수',
    'Мария-2',
    'Zoë 3',
    'Jos\u00e9 \u{1F600}',
    'Cafe\u0301',
    // Latin with Han and kana, Han with Hangul, Han with Bopomofo.
    '山田たろう',
    '田中タロウ',
    'Straße漢字',
    'kid山田',
    '金김',
    'abc한국',
    'ㄅㄆ漢',
    '中ー',
    // A letter in several scripts (Script_Extensions): any one of them may be the name's.
    '\u02bc\ua4d0\ua4d1',
    '\u0640\u0710\u0711',
  ])('%j is a name', (name) => {
    expect(newNameProblem(name)).toBeNull();
  });

  test.each([
    ['\u0430lice', '\u0430 U+0430', 'l U+006C'],
    ['b\u03bfb', 'b U+0062', '\u03bf U+03BF'],
    ['\u0391lice', '\u0391 U+0391', 'l U+006C'],
    ['Мария漢', 'М U+041C', '漢 U+6F22'],
    ['\u03b1\u03b2\u03b3abc', '\u03b1 U+03B1', 'a U+0061'],
    ['Мария Smith', 'М U+041C', 'S U+0053'],
    ['שרהa', 'ש U+05E9', 'a U+0061'],
    ['\u0640a', '\u0640 U+0640', 'a U+0061'],
    ['김Мария', '김 U+AE40', 'М U+041C'],
  ])('%j is refused, naming two of its letters', (name, a, b) => {
    expect(newNameProblem(name)).toBe(mixed(a, b));
    expect(refusalOf(() => validateNewName(name))).toMatchObject({ code: 'INVALID_NAME', exitCode: 65 });
  });

  test('not covered: a whole name in one script that looks like another (Cyrillic асе reads as ace) is a name', () => {
    expect(newNameProblem('\u0430\u0441\u0435')).toBeNull();
  });
});

describe('newNameProblem: a printable ASCII name builds no Unicode matcher', () => {
  const Original = RegExp;
  const built: string[] = [];
  const global = globalThis as { RegExp: typeof RegExp };
  let fresh: typeof import('../../src/domain/names.js');

  // A module of its own, loaded with RegExp watched: the matchers the tests above built are not there.
  // Loaded before the test, not in it: see test/fakes/every-command.ts for why a module's top level
  // should not run inside one test.
  beforeAll(async () => {
    global.RegExp = new Proxy(Original, {
      construct(target, args: [string, string?]) {
        built.push(args[0]);
        return new target(...args);
      },
    });
    await jest.isolateModulesAsync(async () => {
      fresh = await import('../../src/domain/names.js');
    });
  });

  afterAll(() => {
    global.RegExp = Original;
  });

  test('an ASCII name: none; then a Latin name with an accent: the Latin one only; a Latin name mixed with Greek: the mixtures too', () => {
    expect(fresh.newNameProblem("o'brien-2 x")).toBeNull();
    expect(fresh.newNameProblem('Alice Smith')).toBeNull();
    expect(built).toEqual([]);
    expect(fresh.newNameProblem('Zo\u00eb')).toBeNull();
    // text.ts's matcher of what output escapes, built on first use too (never at load), then the script's.
    expect(built).toEqual([expect.stringContaining('\\p{Default_Ignorable_Code_Point}'), '^[\\p{scx=Latn}]$']);
    // A name whose first letter is ASCII is Latin or mixed: the other scripts are not looked through.
    expect(fresh.newNameProblem('b\u03bfb')).toBe(mixed('b U+0062', '\u03bf U+03BF'));
    expect(built).toHaveLength(5);
  });
});

describe('storedNameProblem: names an older version may have stored', () => {
  test.each(['alice\u200b', ' alice', '   ', 'ali\u202ece', 'ali\u2028ce', 'STRASSE', 'e\u0301'.repeat(32), 'kid1\u034f', '\u2800', '\u0430lice'])('%j is kept', (name) => {
    expect(storedNameProblem(name)).toBeNull();
  });

  test.each([
    ['al\u0007ice', CONTROL],
    ['x\u0085y', CONTROL],
    ['', EMPTY],
    ['a'.repeat(33), tooLong(33)],
  ])('%j never was a name: %s', (name, problem) => {
    expect(storedNameProblem(name)).toBe(problem);
  });
});

describe('byListingOrder: admin first, then by name without regard to case', () => {
  const entry = (name: string, kind = 'managed') => ({ name, kind });

  test('sorts a household', () => {
    const accounts = [entry('bob', 'member'), entry('Zed'), entry('zoe', 'admin'), entry('straße'), entry('STRASSE'), entry('Ann'), entry('ａｂ')];
    expect(accounts.sort(byListingOrder).map((account) => account.name)).toEqual(['zoe', 'ａｂ', 'Ann', 'bob', 'STRASSE', 'straße', 'Zed']);
  });

  test('compares both ways, and an account equals itself', () => {
    expect(byListingOrder(entry('zoe', 'admin'), entry('amy'))).toBe(-1);
    expect(byListingOrder(entry('amy'), entry('zoe', 'admin'))).toBe(1);
    expect(byListingOrder(entry('amy'), entry('Bob'))).toBe(-1);
    expect(byListingOrder(entry('Bob'), entry('amy'))).toBe(1);
    expect(byListingOrder(entry('STRASSE'), entry('straße'))).toBe(-1);
    expect(byListingOrder(entry('straße'), entry('STRASSE'))).toBe(1);
    expect(byListingOrder(entry('kid'), entry('kid'))).toBe(0);
  });
});
