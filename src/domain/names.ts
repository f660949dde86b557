import { HouseholdError } from './errors.js';
import { firstEscaped } from './text.js';

/**
 * Account names. Two names are the same account when they are equal after NFKC normalisation and case
 * folding: `Straße` = `STRASSE`, fullwidth `ａｌｉｃｅ` = `alice`, composed and decomposed `Café`.
 * New names must also be printable as they are: no control, format or separator characters, no white
 * space at either end, nothing invisible or blank (version 3), one script or a mixture TS #39 allows
 * (version 3). Names already in a store were checked by the rules of their time and keep working.
 */
export const MAX_NAME_LENGTH = 32;

/**
 * The identity of a name. toUpperCase applies Unicode's full case mapping (ß → SS), so upper then lower
 * folds what a plain toLowerCase would keep apart; NFKC before and after folds compatibility forms. The
 * first toLowerCase is for ẞ (capital sharp s), which upper-cases to itself and lower-cases to ß: without
 * it `STRAẞE` was a name of its own beside `Straße`, and since the two are equal under version 1's rule
 * (which every read still checks, see legacyNameKey) adding it made the store unreadable (78).
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

/** The identity names had before version 2's rules: stores may hold names that differ only under nameKey. */
export function legacyNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

// Exactly \p{Cc} (C0, DEL, C1), spelt out: a property class costs more to build at every start.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * Asked of one character only, one that output escapes: which of the two refusals it is. Built on first
 * use, as text.ts's matcher is: a Unicode-property literal is built when its line runs, at every start.
 */
let formatOrSeparator: RegExp | undefined;
const isFormatOrSeparator = (char: string) => (formatOrSeparator ??= new RegExp('[\\p{Cf}\\p{Zl}\\p{Zp}]', 'u')).test(char);
const EDGE_SPACE = /^\s|\s$/u;

/** Past this many UTF-16 units a name is too long whatever its characters: it is not segmented at all. */
const SEGMENTED_UP_TO = MAX_NAME_LENGTH * 8;

/**
 * Length in user-perceived characters. Intl.Segmenter costs over 10 ms to start, so it is asked only
 * when the code points alone could be too many (there are never more characters than code points), and
 * never on a long text: V8 copies the whole text into every segment it yields, so segmenting 100,000
 * characters takes gigabytes. A text that long is reported by its code points.
 */
export function nameLength(name: string): number {
  const codePoints = [...name].length;
  if (codePoints <= MAX_NAME_LENGTH || name.length > SEGMENTED_UP_TO) return codePoints;
  let characters = 0;
  // Stryker disable next-line ObjectLiteral: grapheme is also the default granularity; it is named for the reader
  for (const _segment of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)) characters += 1;
  return characters;
}

function lengthProblem(name: string): string | null {
  if (name.length === 0) return 'a name needs at least 1 character';
  const length = nameLength(name);
  if (length > MAX_NAME_LENGTH) return `a name has at most ${MAX_NAME_LENGTH} characters (this one has ${length})`;
  return null;
}

/** The rule a stored name must meet (the rule of version 1, which every stored name met when it was made). */
export function storedNameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'a name cannot hold control characters';
  return lengthProblem(name);
}

/** Printable ASCII (U+0020 to U+007E): nearly every name, and all of one script (Latin, or none). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function codePointOf(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Unicode's scripts (ISO 15924 codes) as the regular expressions of Unicode 17 know them, the likeliest
 * first; Zzzz (unassigned) last. Only looked through, one at a time, for a name that is not ASCII.
 */
const SCRIPTS = (
  'Latn Cyrl Grek Hani Hira Kana Hang Arab Hebr Deva Thai Armn Geor Beng Taml Telu Knda Mlym Gujr Guru Orya Sinh Khmr Laoo Mymr Tibt Ethi Bopo ' +
  'Adlm Aghb Ahom Armi Avst Bali Bamu Bass Batk Berf Bhks Brah Brai Bugi Buhd Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Diak Dogr Dsrt Dupl ' +
  'Egyp Elba Elym Gara Glag Gong Gonm Goth Gran Gukh Hano Hatr Hluw Hmng Hmnp Hung Ital Java Kali Kawi Khar Khoj Kits Krai Kthi Lana Lepc Limb ' +
  'Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Modi Mong Mroo Mtei Mult Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck ' +
  'Onao Orkh Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sidt Sind Sogd Sogo ' +
  'Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Tang Tavt Tayo Tfng Tglg Thaa Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo ' +
  'Xsux Yezi Yiii Zanb Zzzz'
).split(' ');

/**
 * UTS #39's mixtures that are still "highly restrictive": Latin with Han and the kana (Japanese), with
 * Han and Hangul (Korean), with Han and Bopomofo; each with or without Latin.
 */
const SCRIPT_MIXTURES = ['Latn Hani Hira Kana', 'Latn Hani Hang', 'Latn Hani Bopo'];

const scriptMatchers = new Map<string, RegExp | null>();

/**
 * Matches a character whose Script_Extensions hold one of `scripts` (space-separated codes). null for
 * a script this runtime does not know (an older Node): it holds no character here.
 */
function scriptMatcher(scripts: string): RegExp | null {
  let matcher = scriptMatchers.get(scripts);
  if (matcher === undefined) {
    try {
      // Stryker disable next-line StringLiteral: only a mixture has a separator to join, and each mixture holds Latn: other text adds Latin letters and Common characters, which the check lets through anyway
      matcher = new RegExp(`^[${scripts.split(' ').map((script) => `\\p{scx=${script}}`).join('')}]$`, 'u');
      // Stryker disable next-line BlockStatement: left undefined, the matcher is built (and fails) again at the next call, and ?. treats undefined as it does null
    } catch {
      matcher = null;
    }
    scriptMatchers.set(scripts, matcher);
  }
  return matcher;
}

const ASCII_LETTER = /^[A-Za-z]$/;
/** Characters whose Script_Extensions are Common or Inherited (digits, punctuation, marks): they go with any script. */
let anyScriptMatcher: RegExp | undefined;

/** ASCII is settled without the Unicode matcher (about 1 ms to build): its letters are Latin, the rest Common. */
function goesWithAnyScript(char: string): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: a shortcut for speed only; the matcher gives the same answers for ASCII (and U+0080, a control character, never gets here)
  if (char < '\x80') return !ASCII_LETTER.test(char);
  // Two alternatives: one class of both properties costs ten times as much to build.
  // Stryker disable next-line Regex: asked of one code point at a time, so either anchor alone says the same
  anyScriptMatcher ??= /^\p{scx=Zyyy}$|^\p{scx=Zinh}$/u;
  return anyScriptMatcher.test(char);
}

/**
 * Two characters of a name that no one script holds (UTS #39's "highly restrictive" profile, section
 * 5.2), or null when the name is one script or an allowed mixture. A name is one script when one script
 * is in every character's Script_Extensions, Common and Inherited characters going with any; that
 * script must be one of the first letter's, so only its scripts are tried.
 */
function mixedScripts(name: string): [string, string] | null {
  const chars = [...name];
  const first = chars.find((char) => ASCII_LETTER.test(char)) ?? chars.find((char) => !goesWithAnyScript(char));
  // Stryker disable next-line ConditionalExpression: with no letter every character goes with any script, so the first mixture covers the name and null comes back anyway
  if (first === undefined) return null;
  let outsider: string | undefined;
  const covers = (scripts: string) => {
    const matcher = scriptMatcher(scripts);
    // Stryker disable next-line OptionalChaining: covers is asked only of a mixture (scripts every runtime knows) or of a script whose matcher just held the first letter
    const out = chars.find((char) => !matcher?.test(char) && !goesWithAnyScript(char));
    outsider ??= out;
    return out === undefined;
  };
  // The first letter's likeliest script first: a name in one script is settled here.
  const firstScript = SCRIPTS.findIndex((script) => scriptMatcher(script)?.test(first));
  if (firstScript >= 0 && covers(SCRIPTS[firstScript])) return null;
  if (SCRIPT_MIXTURES.some(covers)) return null;
  // A letter with several scripts in its Script_Extensions: each of them is tried (an ASCII letter is Latin only).
  // Stryker disable next-line MethodExpression,LogicalOperator: no script before firstScript holds the first letter, and a script that does not hold it cannot cover the name
  if (!ASCII_LETTER.test(first)) for (const script of SCRIPTS.slice(firstScript + 1)) if (scriptMatcher(script)?.test(first) && covers(script)) return null;
  return [first, outsider!].sort((a, b) => chars.indexOf(a) - chars.indexOf(b)) as [string, string];
}

/** Why a new (or renamed) name is not acceptable, or null when it is. */
export function newNameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'a name cannot hold control characters';
  // Nothing that output escapes: format characters and separators, and (v3) what shows as nothing or as
  // blank, every Default_Ignorable_Code_Point, U+2800 and every Zs but the plain space (src/domain/text.ts).
  const hidden = firstEscaped(name);
  if (hidden !== undefined && isFormatOrSeparator(hidden)) return 'a name cannot hold invisible format characters or line separators';
  if (name.length > 0 && name.trim() === '') return 'a name cannot be only white space';
  if (EDGE_SPACE.test(name)) return 'a name cannot start or end with white space';
  if (hidden !== undefined) return `a name cannot hold invisible or blank characters (${codePointOf(hidden)})`;
  if (!PRINTABLE_ASCII.test(name)) {
    const mixed = mixedScripts(name);
    if (mixed) return `a name cannot mix letters of different scripts (${mixed.map((char) => `${char} ${codePointOf(char)}`).join(' and ')})`;
  }
  return lengthProblem(name);
}

export function validateNewName(name: string): string {
  const problem = newNameProblem(name);
  if (problem) throw new HouseholdError('INVALID_NAME', `invalid name: ${problem}`);
  return name;
}

/** Admin first, then by name without regard to case: the order of every listing. */
export function byListingOrder<T extends { name: string; kind: string }>(a: T, b: T): number {
  if ((a.kind === 'admin') !== (b.kind === 'admin')) return a.kind === 'admin' ? -1 : 1;
  const [ka, kb] = [nameKey(a.name), nameKey(b.name)];
  // Stryker disable next-line EqualityOperator: ka and kb differ here, so < and <= agree
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
