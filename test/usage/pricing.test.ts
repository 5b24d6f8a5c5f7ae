import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsd, Pricing } from '../../src/usage/pricing.js';

describe('pricing', () => {
  const pricing = new Pricing({ 'openai/custom-model': { prompt: 1, completion: 2 } });

  it('prices prompt, cached prompt and completion tokens per million', () => {
    const cost = pricing.cost('openai', 'gpt-4o', { promptTokens: 1_000_000, completionTokens: 1_000_000, cachedTokens: 500_000 });
    assert.equal(cost.priced, true);
    assert.equal(cost.usd, 0.5 * 2.5 + 0.5 * 1.25 + 10);
  });

  it('matches dated model versions to their base price and prefers the longest match', () => {
    assert.equal(pricing.priceOf('openai', 'gpt-4o-2024-08-06')?.prompt, 2.5);
    assert.equal(pricing.priceOf('openai', 'gpt-4o-mini-2024-07-18')?.prompt, 0.15);
  });

  it('lets config override and extend the table', () => {
    assert.equal(pricing.cost('openai', 'custom-model', { promptTokens: 1000, completionTokens: 1000 }).usd, 0.003);
  });

  it('prices local inference at zero and says when a model has no price', () => {
    assert.deepEqual(pricing.cost('ollama', 'llama3.2', { promptTokens: 10, completionTokens: 10 }), { usd: 0, priced: true });
    assert.deepEqual(pricing.cost('openai', 'unheard-of', { promptTokens: 10, completionTokens: 10 }), { usd: 0, priced: false });
  });

  it('formats costs without exponents', () => {
    assert.equal(formatUsd(0.000000437), '0.00000044');
  });
});
