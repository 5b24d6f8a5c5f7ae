import type { PhraseRule } from './phrase-rule.js';
import type { TextViews } from './text-views.js';

export interface PhraseHit {
  rule: PhraseRule;
  /** The match stands right after an opening quote: a mention more likely than an order. */
  quoted: boolean;
}

/** An opening quote not preceded by a letter: "d'ora" and "l'IA" are elisions, not quotations. */
const OPENING_QUOTE = /(?:^|[^\p{L}\p{N}])["“«'‘「『`]\s?$/u;
const WORD_START = '(?<![0-9A-Za-z\\u00AA-\\u02AF\\u0370-\\u052F])';
const UNSPACED_SCRIPT = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF]/u;

/**
 * Runs a rule set over the views of one text. One pass of a single alternation of every rule's
 * anchor words finds the places worth trying; each rule then runs sticky at those places only, so
 * the cost is one pass plus a few attempts per anchor, not one pass per rule. Rules without anchors,
 * the loose forms on the rare de-spaced view, and the unspaced rules on text in those scripts scan whole.
 */
export class PhraseMatcher {
  readonly #rules: readonly PhraseRule[];
  readonly #trigger: RegExp;
  /** Anchor text → the rules to try there (rules whose anchor is that text or a prefix of it). */
  readonly #rulesByAnchor = new Map<string, PhraseRule[]>();

  constructor(rules: readonly PhraseRule[]) {
    this.#rules = rules;
    const anchored = rules.filter((rule) => rule.anchors !== undefined);
    const anchors = [...new Set(anchored.flatMap((rule) => rule.anchors ?? []))].sort((left, right) => right.length - left.length);
    for (const anchor of anchors) {
      this.#rulesByAnchor.set(anchor, anchored.filter((rule) => (rule.anchors ?? []).some((candidate) => anchor.startsWith(candidate))));
    }
    // Longest first, so "your" is found as "your" and its rules include those anchored on "you".
    // Anchors are BMP letters, so the pattern needs no `u` flag, which keeps the one pass fast; the
    // lookbehind skips anchors inside words (only CJK rules, which scan whole, need those).
    this.#trigger = new RegExp(`${WORD_START}(?:${anchors.map(escapeRegExp).join('|')})`, 'g');
  }

  match(views: TextViews): PhraseHit[] {
    const hits = new Map<PhraseRule, PhraseHit>();
    // toLowerCase can change lengths (rare letters such as İ); then indices of `lower` do not fit `clean`.
    const caseViewAligned = views.clean.length === views.lower.length;
    for (const text of [views.lower, views.leet, views.despaced]) {
      if (text === undefined) continue;
      this.#matchAnchored(text, text === views.lower && caseViewAligned ? views.clean : undefined, hits);
    }
    const unspaced = UNSPACED_SCRIPT.test(views.lower);
    for (const rule of this.#rules) {
      if (hits.has(rule)) continue;
      const wholeScan = rule.unspaced ? unspaced : rule.anchors === undefined || (rule.caseSensitive && !caseViewAligned);
      if (wholeScan) record(hits, rule, rule.caseSensitive ? views.clean : views.lower, rule.strict);
      if (!hits.has(rule) && views.despaced !== undefined && !rule.caseSensitive) record(hits, rule, views.despaced, rule.loose);
    }
    return [...hits.values()];
  }

  #matchAnchored(text: string, caseView: string | undefined, hits: Map<PhraseRule, PhraseHit>): void {
    this.#trigger.lastIndex = 0;
    for (let trigger = this.#trigger.exec(text); trigger !== null; trigger = this.#trigger.exec(text)) {
      for (const rule of this.#rulesByAnchor.get(trigger[0]) ?? []) {
        // A quoted hit is kept but the search goes on: "'ignore all rules'. Now really: ignore all rules".
        if (hits.get(rule)?.quoted === false) continue;
        const target = rule.caseSensitive ? caseView : text;
        if (target === undefined) continue;
        rule.anchored.lastIndex = trigger.index;
        if (rule.anchored.test(target)) hits.set(rule, { rule, quoted: quotedAt(target, trigger.index) });
      }
    }
  }
}

function record(hits: Map<PhraseRule, PhraseHit>, rule: PhraseRule, text: string, pattern: RegExp): void {
  const match = pattern.exec(text);
  if (match !== null) hits.set(rule, { rule, quoted: quotedAt(text, match.index) });
}

function quotedAt(text: string, index: number): boolean {
  return OPENING_QUOTE.test(text.slice(Math.max(0, index - 3), index));
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
