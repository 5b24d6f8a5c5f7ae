import { foldConfusables } from './confusables.js';
import { stripInvisibleCharacters } from './hidden-characters.js';

/**
 * The normalised readings of one text that the phrase rules run on. Each undoes one disguise that
 * keeps a model reading the words while a naive filter does not: compatibility forms (full-width,
 * mathematical letters), invisible characters, look-alike letters, leetspeak, letter-spacing.
 * Views that would equal `lower` are left out, so typical prompts pay for one pass.
 */
export interface TextViews {
  /** NFKC, invisible characters removed, mixed-script words folded; case kept (template tokens are case-sensitive). */
  clean: string;
  /** `clean` in lower case with typographic apostrophes made plain: the view every phrase rule reads. */
  lower: string;
  /** `lower` with digits and symbols read as letters ("1gn0r3" → "ignore"), when it has any between letters. */
  leet?: string;
  /** `lower` (or `leet`) with letter-spaced runs joined ("i g n o r e" → "ignore"), when it has any. */
  despaced?: string;
}

const LEET_BETWEEN_LETTERS = /\p{L}[0134579@$!|]|[0134579@$|][\p{L}]/u;
const LEET_CHARACTER = /[0134579@$!|]/g;
const LEET_LETTERS: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'i' };

/** Three or more single letters, each followed by one separator: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e". */
const SPACED_RUN = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*/|]\p{L}(?![\p{L}\p{N}])){2,}/gu;
const SPACED_SEPARATOR = /[ .\-_*/|]/g;
const TYPOGRAPHIC_APOSTROPHE = /[\u2018\u2019\u02BC]/g;

/** Plain ASCII needs no NFKC, has nothing invisible and no look-alikes: the common case skips three passes. */
const NON_ASCII = /[\u0080-\uFFFF]/;

export function buildTextViews(text: string): TextViews {
  const ascii = !NON_ASCII.test(text);
  const clean = ascii ? text : foldConfusables(stripInvisibleCharacters(text.normalize('NFKC')));
  const lower = ascii ? clean.toLowerCase() : clean.toLowerCase().replace(TYPOGRAPHIC_APOSTROPHE, "'");
  const views: TextViews = { clean, lower };
  if (LEET_BETWEEN_LETTERS.test(lower)) views.leet = lower.replace(LEET_CHARACTER, (character) => LEET_LETTERS[character] ?? character);
  const spacedSource = views.leet ?? lower;
  SPACED_RUN.lastIndex = 0;
  if (SPACED_RUN.test(spacedSource)) {
    views.despaced = spacedSource.replace(SPACED_RUN, (run) => run.replace(SPACED_SEPARATOR, ''));
  }
  return views;
}
