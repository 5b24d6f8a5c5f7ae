/**
 * Invisible and bidirectional-control characters. Zero-width characters and bidi overrides hidden
 * inside a word split a keyword for a filter while the model still reads it (or, in code, make the
 * text display differently from what it is: "Trojan Source"). Legitimate uses sit elsewhere: ZWJ in
 * emoji sequences, ZWNJ/ZWJ and ZWSP in Indic, Persian and Thai text, LRM/RLM in Arabic and Hebrew, so
 * only characters between two Latin, Cyrillic or Greek letters or digits count.
 */

/** Stripped from every normalised view: zero-width, word joiner, BOM, soft hyphen, bidi controls, tag characters. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

const WORD_CHARACTER = String.raw`[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Nd}]`;

/** Bidi embeddings, overrides and isolates inside a word: never needed there. */
const BIDI_IN_WORD = new RegExp(`${WORD_CHARACTER}[\\u202A-\\u202E\\u2066-\\u2069]+${WORD_CHARACTER}`, 'u');

/** Zero-width characters inside a Latin/Cyrillic/Greek word. */
const ZERO_WIDTH_IN_WORD = new RegExp(`${WORD_CHARACTER}[\\u200B-\\u200D\\u2060\\uFEFF]+(?=${WORD_CHARACTER})`, 'gu');

/** A stray zero-width space from a copied web page is common; hiding a keyword takes several. */
const ZERO_WIDTH_PLACES_FOR_A_FINDING = 2;

const ANY_SUSPECT = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

export function hasHiddenCharactersInWords(text: string): boolean {
  if (!ANY_SUSPECT.test(text)) return false;
  if (BIDI_IN_WORD.test(text)) return true;
  ZERO_WIDTH_IN_WORD.lastIndex = 0;
  let places = 0;
  while (ZERO_WIDTH_IN_WORD.exec(text) !== null) {
    places += 1;
    if (places >= ZERO_WIDTH_PLACES_FOR_A_FINDING) return true;
  }
  return false;
}

export function stripInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}
