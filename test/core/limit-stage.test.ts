import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reserveLimits, retargetLimits } from '../../src/core/limit-stage.js';
import { createRequestContext, type RequestContext } from '../../src/core/request-context.js';
import type { Target } from '../../src/routing/target.js';
import { RateLimiter } from '../../src/security/rate-limit/rate-limiter.js';
import { chatRequest, principal, rateLimitConfig } from '../security/rate-limit/rate-limit-fixtures.js';

const openai: Target = { provider: 'openai', model: 'gpt-4o', id: 'openai/gpt-4o' };
const anthropic: Target = { provider: 'anthropic', model: 'claude-sonnet-4-5', id: 'anthropic/claude-sonnet-4-5' };

function contextOf(headers: Readonly<Record<string, string>>): RequestContext {
  const context = createRequestContext('request-1', 'openai', new AbortController().signal);
  context.principal = principal('key-1');
  context.responseHeaders = headers;
  return context;
}

describe('limit stage headers', () => {
  it('keeps the headers earlier stages set (x-securellm-risk) beside the x-ratelimit set', async () => {
    const limiter = new RateLimiter({ config: rateLimitConfig() });
    const context = contextOf({ 'x-securellm-risk': 'prompt-injection; score=0.50; action=flag' });
    await reserveLimits(limiter, context, chatRequest(), [openai]);
    assert.equal(context.responseHeaders?.['x-securellm-risk'], 'prompt-injection; score=0.50; action=flag');
    assert.equal(context.responseHeaders?.['x-ratelimit-limit-requests'], '10');
  });

  it('replaces an earlier x-ratelimit set and retry-after: an admitted answer carries no stale refusal', async () => {
    const limiter = new RateLimiter({ config: rateLimitConfig() });
    const context = contextOf({ 'retry-after': '30', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '0' });
    await reserveLimits(limiter, context, chatRequest(), [openai]);
    assert.equal(context.responseHeaders?.['retry-after'], undefined);
    assert.equal(context.responseHeaders?.['x-ratelimit-remaining-requests'], '9');
    assert.equal(context.responseHeaders?.['x-ratelimit-remaining-tokens'], undefined);
  });

  it('a fallback to another provider keeps x-securellm-cache (set by the cache stage) and x-securellm-risk', async () => {
    const limiter = new RateLimiter({ config: rateLimitConfig() });
    const context = contextOf({ 'x-securellm-risk': 'r' });
    await reserveLimits(limiter, context, chatRequest(), [openai, anthropic]);
    context.responseHeaders = { ...context.responseHeaders, 'x-securellm-cache': 'miss' };
    assert.equal(await retargetLimits(context, anthropic), undefined);
    assert.equal(context.responseHeaders?.['x-securellm-cache'], 'miss');
    assert.equal(context.responseHeaders?.['x-securellm-risk'], 'r');
    assert.ok(context.responseHeaders?.['x-ratelimit-remaining-requests'] !== undefined);
  });
});
