import { HouseholdError } from './errors.js';

/**
 * Account names. Two names are the same account when they are equal after NFKC normalisation and case
 * folding: `Straße` = `STRASSE`, fullwidth `ａｌｉｃｅ` = `alice`, composed and decomposed `Café`.
 * New names must also be printable as they are: no control, format or separator characters, no white
 * space at either end. Names already in a store were checked by the rules of their time and keep working.
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
const FORMAT_OR_SEPARATOR = /[\p{Cf}\p{Zl}\p{Zp}]/u;
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

/** Why a new (or renamed) name is not acceptable, or null when it is. */
export function newNameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'a name cannot hold control characters';
  if (FORMAT_OR_SEPARATOR.test(name)) return 'a name cannot hold invisible format characters or line separators';
  if (name.length > 0 && name.trim() === '') return 'a name cannot be only white space';
  if (EDGE_SPACE.test(name)) return 'a name cannot start or end with white space';
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
