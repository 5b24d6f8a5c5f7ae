import { compilePhraseRule, type PhraseRule } from '../phrase-rule.js';
import { CHINESE_RULES } from './chinese-rules.js';
import { ENGLISH_RULES } from './english-rules.js';
import { FRENCH_RULES } from './french-rules.js';
import { GERMAN_RULES } from './german-rules.js';
import { ITALIAN_RULES } from './italian-rules.js';
import { JAPANESE_RULES } from './japanese-rules.js';
import { PORTUGUESE_RULES } from './portuguese-rules.js';
import { RUSSIAN_RULES } from './russian-rules.js';
import { SPANISH_RULES } from './spanish-rules.js';

/** Every phrase rule, compiled once when the module loads. */
export const PHRASE_RULES: readonly PhraseRule[] = Object.freeze(
  [
    ...ENGLISH_RULES,
    ...SPANISH_RULES,
    ...FRENCH_RULES,
    ...GERMAN_RULES,
    ...PORTUGUESE_RULES,
    ...ITALIAN_RULES,
    ...CHINESE_RULES,
    ...RUSSIAN_RULES,
    ...JAPANESE_RULES,
  ].map(compilePhraseRule),
);
