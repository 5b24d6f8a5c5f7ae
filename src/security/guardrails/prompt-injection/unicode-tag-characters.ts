/**
 * Unicode tag characters (U+E0000–U+E007F) render as nothing but many tokenizers read them, so they
 * smuggle ASCII past a human reviewer ("ASCII smuggling"). Their one legitimate use is an emoji
 * subdivision flag: U+1F3F4 followed by a few tags and the cancel tag U+E007F (🏴 + "gbsct" = Scotland).
 */

const TAG_CHARACTER = /[\u{E0000}-\u{E007F}]/u;
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]{1,7}\u{E007F}/gu;
const TAG_RUN = /[\u{E0020}-\u{E007E}]+/gu;

/** The text has tag characters outside emoji flag sequences. */
export function hasUnicodeTagCharacters(text: string): boolean {
  if (!TAG_CHARACTER.test(text)) return false;
  return TAG_CHARACTER.test(text.replace(FLAG_TAG_SEQUENCE, ''));
}

/** The ASCII the tag characters spell, runs joined by newlines, so the phrase rules can read it too. */
export function decodeUnicodeTagText(text: string): string {
  const runs = text.replace(FLAG_TAG_SEQUENCE, '').match(TAG_RUN) ?? [];
  return runs
    .map((run) => Array.from(run, (character) => String.fromCodePoint((character.codePointAt(0) ?? 0xe0020) - 0xe0000)).join(''))
    .join('\n');
}
