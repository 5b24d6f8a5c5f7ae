import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import type { ChatRequest } from '../../src/core/types.js';
import { LatencyTracker } from '../../src/routing/latency-tracker.js';
import { orderTargets, type OrderTargetsParts } from '../../src/routing/order-targets.js';
import type { Target } from '../../src/routing/target.js';
import { Pricing } from '../../src/usage/pricing.js';

const config = configSchema.parse({
  providers: {
    openai: {},
    anthropic: {},
    local: { models: [{ name: 'tiny', vram_mb: 1000, context_tokens: 64 }] },
    custom: { type: 'openai' },
  },
  models: {
    cheap: { targets: ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'custom/unpriced', 'openai/gpt-4o-mini'], strategy: 'cheapest' },
    cheapLocal: { targets: ['openai/gpt-4o-mini', 'local/tiny'], strategy: 'cheapest' },
    fast: { targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini'], strategy: 'fastest' },
    written: { targets: ['openai/gpt-4o', 'openai/gpt-4o-mini'] },
  },
});

function target(id: string): Target {
  const slash = id.indexOf('/');
  return { provider: id.slice(0, slash), model: id.slice(slash + 1), id };
}

function requestFor(model: string, text = 'hello', maxTokens = 16): ChatRequest {
  return { model, messages: [{ role: 'user', content: [{ type: 'text', text }] }], maxTokens, stream: false, includeUsage: false, metadata: { requestId: 'r', clientFormat: 'openai' } };
}

function partsWith(latency = new LatencyTracker()): OrderTargetsParts {
  return { config, pricing: new Pricing(), latency, defaultMaxTokens: 1024 };
}

const ids = (targets: Target[]): string[] => targets.map((item) => item.id);

describe('orderTargets', () => {
  it('cheapest: by the priced cost of this request, unpriced last', () => {
    const targets = config.models.cheap?.targets.map(target) ?? [];
    assert.deepEqual(ids(orderTargets(partsWith(), requestFor('cheap'), targets)), ['openai/gpt-4o-mini', 'openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'custom/unpriced']);
  });

  it('cheapest: a free target whose known context window is too small goes last', () => {
    const targets = [target('openai/gpt-4o-mini'), target('local/tiny')];
    assert.deepEqual(ids(orderTargets(partsWith(), requestFor('cheapLocal', 'hi', 8), targets)), ['local/tiny', 'openai/gpt-4o-mini']);
    const long = requestFor('cheapLocal', 'word '.repeat(100), 8);
    assert.deepEqual(ids(orderTargets(partsWith(), long, targets)), ['openai/gpt-4o-mini', 'local/tiny']);
  });

  it('fastest: unobserved first in written order, then by observed latency', () => {
    const latency = new LatencyTracker();
    const targets = config.models.fast?.targets.map(target) ?? [];
    assert.deepEqual(ids(orderTargets(partsWith(latency), requestFor('fast'), targets)), ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']);
    latency.record('openai/gpt-4o', 300);
    latency.record('openai/gpt-4o-mini', 50);
    assert.deepEqual(ids(orderTargets(partsWith(latency), requestFor('fast'), targets)), ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini', 'openai/gpt-4o']);
    latency.record('anthropic/claude-sonnet-4-5', 100);
    assert.deepEqual(ids(orderTargets(partsWith(latency), requestFor('fast'), targets)), ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o']);
  });

  it('ordered aliases and plain ids keep their order', () => {
    const targets = [target('openai/gpt-4o'), target('openai/gpt-4o-mini')];
    assert.deepEqual(ids(orderTargets(partsWith(), requestFor('written'), targets)), ['openai/gpt-4o', 'openai/gpt-4o-mini']);
    assert.deepEqual(ids(orderTargets(partsWith(), requestFor('openai/gpt-4o'), targets.slice(0, 1))), ['openai/gpt-4o']);
  });
});
