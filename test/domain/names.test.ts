import { byListingOrder, legacyNameKey, MAX_NAME_LENGTH, nameKey, nameLength, newNameProblem, storedNameProblem, validateNewName } from '../../src/domain/names.js';
import { refusalOf } from '../fakes/refusals.js';

const CONTROL = 'a name cannot hold control characters';
const FORMAT = 'a name cannot hold invisible format characters or line separators';
const BLANK = 'a name cannot be only white space';
const EDGE = 'a name cannot start or end with white space';
const EMPTY = 'a name needs at least 1 character';
const tooLong = (n: number) => `a name has at most 32 characters (this one has ${n})`;

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

describe('storedNameProblem: names an older version may have stored', () => {
  test.each(['alice\u200b', ' alice', '   ', 'ali\u202ece', 'ali\u2028ce', 'STRASSE', 'e\u0301'.repeat(32)])('%j is kept', (name) => {
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
