import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countCompletionTokens } from '../../src/usage/count-completion-tokens.js';

test('counts o200k tokens, treats special-token text as plain text, and is zero for nothing', () => {
  assert.equal(countCompletionTokens(''), 0);
  assert.equal(countCompletionTokens([]), 0);
  assert.equal(countCompletionTokens('Hello, world!'), 4);
  assert.ok(countCompletionTokens('<|endoftext|>') > 1, 'not one special token');
});

test('pieces are joined before counting, so a word split across chunks counts as the whole word', () => {
  const whole = 'The quick brown fox jumps over the lazy dog.';
  assert.equal(countCompletionTokens(['The qu', 'ick bro', 'wn fox jumps over the lazy dog.']), countCompletionTokens(whole));
});
