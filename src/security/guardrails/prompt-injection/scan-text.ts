import { decodeBase64Runs } from './base64-runs.js';
import { hasChatTemplateTokens } from './chat-template-tokens.js';
import { findFakeRoleTurns } from './fake-role-turns.js';
import { hasHiddenCharactersInWords } from './hidden-characters.js';
import type { InjectionFindings } from './injection-findings.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { PHRASE_RULES } from './phrase-rules/all-phrase-rules.js';
import { buildTextViews, type TextViews } from './text-views.js';
import { decodeUnicodeTagText, hasUnicodeTagCharacters } from './unicode-tag-characters.js';

/**
 * How much of the rule set a message gets. `full`: structural rules, fake turns and phrase rules
 * (user content, tool results). `structural`: template tokens, tag characters and hidden characters
 * only (system prompts and assistant turns, whose wording legitimately says "you are now…").
 */
export type ScanScope = 'full' | 'structural';

/** A forged assistant turn alone looks like a pasted transcript, so it only weighs in. */
const FAKE_ASSISTANT_TURN_WEIGHT = 0.45;

/** Talk *about* injection: one phrase hit in such a text is more likely a quotation than an attack. */
const META_DISCUSSION =
  /(?<![\p{L}])(?:prompt[- ]injections?|injection attacks?|jailbreak(?:s|ing)? (?:attacks?|attempts?|prompts?|techniques?|examples?)|red[- ]team(?:ing|ers?)?|how (?:do|can|could|should) (?:i|we|you) (?:detect|prevent|stop|block|defend|mitigate|protect|guard|handle)|classif(?:y|ier)|security (?:researchers?|research|training|awareness|team))/u;
const MENTION_DISCOUNT = 0.5;

const MATCHER = new PhraseMatcher(PHRASE_RULES);

/** Decoded base64 and tag text are scanned once; what they decode to is not decoded again. */
const MAXIMUM_DECODE_DEPTH = 1;

export function scanText(text: string, scope: ScanScope, findings: InjectionFindings, depth = 0): void {
  if (text.length === 0) return;
  const views = buildTextViews(text);
  if (hasChatTemplateTokens(views.clean)) findings.addStructural('structural.chat-template-token');
  const tagged = hasUnicodeTagCharacters(text);
  if (tagged) findings.addStructural('structural.unicode-tag-characters');
  if (hasHiddenCharactersInWords(text)) findings.addStructural('structural.hidden-characters');
  if (scope === 'structural') return;

  const turns = findFakeRoleTurns(views.clean);
  if (turns.systemTurn) findings.addStructural('structural.fake-system-turn');
  if (turns.assistantTurn) findings.add('fake-role-turn.assistant', FAKE_ASSISTANT_TURN_WEIGHT);

  scanPhrases(views, findings);

  if (depth >= MAXIMUM_DECODE_DEPTH) return;
  for (const decoded of decodeBase64Runs(views.clean)) scanText(decoded, scope, findings, depth + 1);
  if (tagged) scanText(decodeUnicodeTagText(text), scope, findings, depth + 1);
}

function scanPhrases(views: TextViews, findings: InjectionFindings): void {
  const hits = MATCHER.match(views);
  if (hits.length === 0) return;
  const discussion = hits.length === 1 && META_DISCUSSION.test(views.lower);
  for (const { rule, quoted } of hits) findings.add(rule.id, quoted || discussion ? rule.weight * MENTION_DISCOUNT : rule.weight);
}
