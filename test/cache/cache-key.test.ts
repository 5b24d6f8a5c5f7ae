import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cacheKeyOf } from '../../src/cache/cache-key.js';
import type { ChatRequest } from '../../src/core/types.js';
import type { Target } from '../../src/routing/target.js';

const targets: Target[] = [
  { provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' },
  { provider: 'deepseek', model: 'deepseek-chat', id: 'deepseek/deepseek-chat' },
];

function requestOf(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'smart',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 2 + 2?' }] }],
    temperature: 0,
    maxTokens: 50,
    stream: false,
    includeUsage: false,
    metadata: { requestId: 'req-1', clientFormat: 'openai' },
    ...overrides,
  };
}

describe('cacheKeyOf', () => {
  it('differs between tenants for the same request', () => {
    assert.notEqual(cacheKeyOf('acme', requestOf(), targets), cacheKeyOf('globex', requestOf(), targets));
  });

  it('ignores how the answer is sent and which request asked: stream flag, include_usage, request id, API format', () => {
    const key = cacheKeyOf('acme', requestOf(), targets);
    assert.equal(cacheKeyOf('acme', requestOf({ stream: true, includeUsage: true }), targets), key);
    assert.equal(cacheKeyOf('acme', requestOf({ metadata: { requestId: 'req-2', clientFormat: 'anthropic' } }), targets), key);
  });

  it('stands for the targets, not the name the client typed, and not their order', () => {
    const key = cacheKeyOf('acme', requestOf(), targets);
    assert.equal(cacheKeyOf('acme', requestOf({ model: 'other-alias' }), [...targets].reverse()), key);
    assert.notEqual(cacheKeyOf('acme', requestOf(), targets.slice(0, 1)), key);
  });

  it('changes with anything that shapes the answer', () => {
    const key = cacheKeyOf('acme', requestOf(), targets);
    const variants: Partial<ChatRequest>[] = [
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 2 + 3?' }] }] },
      { temperature: 0.5 },
      { maxTokens: 51 },
      { topP: 0.9 },
      { stop: ['\n'] },
      { seed: 7 },
      { tools: [{ name: 'add', parameters: { type: 'object' } }] },
      { toolChoice: { type: 'none' } },
      { responseFormat: { type: 'json_object' } },
    ];
    const keys = new Set(variants.map((variant) => cacheKeyOf('acme', requestOf(variant), targets)));
    assert.equal(keys.size, variants.length);
    assert.ok(!keys.has(key));
  });

  it('does not depend on the key order of JSON objects the client sent', () => {
    const a = requestOf({ tools: [{ name: 'add', parameters: { type: 'object', properties: { x: { type: 'number' } } } }] });
    const b = requestOf({ tools: [{ name: 'add', parameters: { properties: { x: { type: 'number' } }, type: 'object' } }] });
    assert.equal(cacheKeyOf('acme', a, targets), cacheKeyOf('acme', b, targets));
  });
});
