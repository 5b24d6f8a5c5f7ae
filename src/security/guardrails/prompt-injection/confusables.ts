/**
 * Cyrillic and Greek letters that look like Latin ones. Only words that mix Latin with Cyrillic or
 * Greek are folded: a mixed word is the disguise ("іgnоre" with Cyrillic і and о), while folding a
 * whole Russian or Greek text would wreck the Russian rules and every honest Russian sentence.
 */

const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
  І: 'I', Ј: 'J', Ѕ: 'S', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Һ: 'H',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};

const HAS_CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const LOOK_ALIKE_CHARACTER = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

export function foldConfusables(text: string): string {
  if (!HAS_CYRILLIC_OR_GREEK.test(text)) return text;
  return text.replace(WORD, (word) =>
    LATIN.test(word) && HAS_CYRILLIC_OR_GREEK.test(word)
      ? word.replace(LOOK_ALIKE_CHARACTER, (character) => LOOK_ALIKES[character] ?? character)
      : word,
  );
}
