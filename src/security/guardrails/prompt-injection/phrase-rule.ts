import type { RuleFamily } from './injection-verdict.js';
import { leadingAnchors } from './leading-anchors.js';

/**
 * A phrase rule as written: a family, a language, a weight and patterns in a small notation over
 * the lower-case view. In a pattern a space means "a word gap" and `~` means "up to three filler
 * words"; everything else is regular-expression syntax. The notation lets one source compile to a
 * strict form (word gaps required, a word boundary in front) and a loose form for the de-spaced view,
 * where "ignoreallpreviousinstructions" has no gaps left.
 */
export interface PhraseRuleSource {
  family: Exclude<RuleFamily, 'structural'>;
  /** ISO 639-1 code, or `any` for language-neutral tokens. */
  language: string;
  /** Tells two rules of one family and language apart: `family.language.name`. */
  name?: string;
  weight: number;
  patterns: string[];
  /** Match the case-preserving view instead of the lower-case one (persona acronyms such as DAN). */
  caseSensitive?: boolean;
  /** Scripts written without spaces (Chinese, Japanese): no gaps, no word boundary, no loose form. */
  unspaced?: boolean;
}

export interface PhraseRule {
  /** `family.language` (or `family.language.name`), e.g. `ignore-instructions.de`. */
  id: string;
  family: Exclude<RuleFamily, 'structural'>;
  weight: number;
  caseSensitive: boolean;
  /** Written without spaces (Chinese, Japanese): run only on text in those scripts. */
  unspaced: boolean;
  /** For the lower-case and leet views: the whole-text form. */
  strict: RegExp;
  /** `strict`, sticky: tried only where an anchor stands. */
  anchored: RegExp;
  /** Lower-case words the rule can start with; `undefined` when it must scan the whole text. */
  anchors: string[] | undefined;
  /** For the de-spaced view. */
  loose: RegExp;
}

/**
 * Word characters of the spaced scripts the rules are written in (Latin, Greek, Cyrillic). Spelled
 * as ranges rather than `\p{L}` so the patterns need no `u` flag: a `\p{L}` class in every gap made
 * each rule a large automaton, slow to compile on first use and slower to run.
 */
const WORD_CHARACTERS = '0-9A-Za-z\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02AF\\u0370-\\u03FF\\u0400-\\u052F';

// Letters and gaps never overlap, so the bounded repetitions below cannot backtrack into each other.
const STRICT_GAP = `[^${WORD_CHARACTERS}]{1,8}`;
const STRICT_FILLER = `(?:[${WORD_CHARACTERS}]+${STRICT_GAP}){0,3}`;
const LOOSE_GAP = `[^${WORD_CHARACTERS}]{0,8}`;
const LOOSE_FILLER = `(?:[${WORD_CHARACTERS}]{0,24}${LOOSE_GAP})`;
const WORD_START = `(?<![${WORD_CHARACTERS}])`;

/** A quantifier right after a space would apply to the whole gap, which is never what the author meant. */
const QUANTIFIED_GAP = / [?*+{]/;

export function compilePhraseRule(source: PhraseRuleSource): PhraseRule {
  const misquantified = source.patterns.find((pattern) => QUANTIFIED_GAP.test(pattern));
  if (misquantified !== undefined) throw new Error(`phrase rule ${source.family}.${source.language}: quantified gap in ${misquantified}`);
  const id = [source.family, source.language, source.name].filter((part) => part !== undefined).join('.');
  const caseSensitive = source.caseSensitive === true;
  const alternatives = source.patterns.map((pattern) => `(?:${pattern})`).join('|');
  if (source.unspaced === true) {
    const pattern = new RegExp(alternatives);
    const common = { id, family: source.family, weight: source.weight, caseSensitive, unspaced: true };
    return { ...common, strict: pattern, anchored: new RegExp(alternatives, 'y'), anchors: undefined, loose: pattern };
  }
  // "~ " is one unit: the filler already ends in a gap.
  const expand = (gap: string, filler: string): string => alternatives.replaceAll('~ ', filler).replaceAll('~', filler).replaceAll(' ', gap);
  const strict = `${WORD_START}(?:${expand(STRICT_GAP, STRICT_FILLER)})`;
  return {
    id,
    family: source.family,
    weight: source.weight,
    caseSensitive,
    unspaced: false,
    strict: new RegExp(strict),
    anchored: new RegExp(strict, 'y'),
    anchors: leadingAnchors(alternatives),
    loose: new RegExp(expand(LOOSE_GAP, LOOSE_FILLER)),
  };
}
