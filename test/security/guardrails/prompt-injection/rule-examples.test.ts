/**
 * Every rule fires on its positive examples and stays quiet on its near misses, and every rule the
 * guard can report has examples.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPromptInjectionGuard } from '../../../../src/security/guardrails/prompt-injection/prompt-injection-guard.js';
import { PHRASE_RULES } from '../../../../src/security/guardrails/prompt-injection/phrase-rules/all-phrase-rules.js';
import { userRequest } from './chat-request.js';
import { RULE_EXAMPLES } from './rule-examples.js';

const STRUCTURAL_AND_TURN_RULES = [
  'structural.chat-template-token',
  'structural.unicode-tag-characters',
  'structural.hidden-characters',
  'structural.fake-system-turn',
  'fake-role-turn.assistant',
];

const guard = createPromptInjectionGuard({ mode: 'flag' });

describe('prompt-injection rules', () => {
  it('every rule has positive and negative examples', () => {
    for (const id of [...STRUCTURAL_AND_TURN_RULES, ...PHRASE_RULES.map((rule) => rule.id)]) {
      const examples = RULE_EXAMPLES[id];
      assert.ok(examples !== undefined && examples.positive.length > 0 && examples.negative.length > 0, `examples for ${id}`);
    }
  });

  it('rule ids are unique', () => {
    const ids = PHRASE_RULES.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const [id, { positive, negative }] of Object.entries(RULE_EXAMPLES)) {
    it(`${id} fires on its positives and not on its negatives`, () => {
      for (const text of positive) assert.ok(guard.scan(userRequest(text)).ruleIds.includes(id), `${id} should fire on ${JSON.stringify(text)}`);
      for (const text of negative) assert.ok(!guard.scan(userRequest(text)).ruleIds.includes(id), `${id} should not fire on ${JSON.stringify(text)}`);
    });
  }
});
