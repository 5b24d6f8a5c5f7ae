import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cacheDirectiveOf, isCacheable } from '../../src/cache/cache-directive.js';
import { GatewayError } from '../../src/core/errors.js';
import type { ChatRequest } from '../../src/core/types.js';

function requestAt(temperature: number | undefined): ChatRequest {
  return {
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    ...(temperature === undefined ? {} : { temperature }),
    stream: false,
    includeUsage: false,
    metadata: { requestId: 'r', clientFormat: 'openai' },
  };
}

describe('cache directive and cacheability', () => {
  it('reads x-securellm-cache: none, use, no-store (any case, spaces around)', () => {
    assert.equal(cacheDirectiveOf({}), 'default');
    assert.equal(cacheDirectiveOf({ 'x-securellm-cache': 'use' }), 'use');
    assert.equal(cacheDirectiveOf({ 'x-securellm-cache': ' No-Store ' }), 'no-store');
  });

  it('refuses any other value as a 400 naming the header', () => {
    assert.throws(
      () => cacheDirectiveOf({ 'x-securellm-cache': 'please' }),
      (error: unknown) => error instanceof GatewayError && error.code === 'invalid_request' && error.param === 'x-securellm-cache',
    );
  });

  it('caches temperature 0 by default, anything when asked, nothing under no-store', () => {
    assert.equal(isCacheable(requestAt(0), 'default'), true);
    assert.equal(isCacheable(requestAt(0.7), 'default'), false);
    assert.equal(isCacheable(requestAt(undefined), 'default'), false, 'the provider default temperature samples');
    assert.equal(isCacheable(requestAt(0.7), 'use'), true);
    assert.equal(isCacheable(requestAt(0), 'no-store'), false);
  });
});
