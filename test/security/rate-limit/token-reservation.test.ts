import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer';
import { estimateRequestTokens } from '../../../src/security/rate-limit/estimate-request-tokens.js';
import { RateLimiter, type RateLimitSnapshot } from '../../../src/security/rate-limit/rate-limiter.js';
import { admitted, chatRequest, manualClock, principal, rateLimitConfig, refused } from './rate-limit-fixtures.js';

const TEXT = 'The quick brown fox jumps over the lazy dog, twice.';
// Three tokens wrap the message and three prime the reply (OpenAI's chat format).
const PROMPT_TOKENS = countTokens(TEXT) + 6;

function principalTokens(limiter: RateLimiter): number | undefined {
  const snapshot = limiter.snapshot() as RateLimitSnapshot;
  return snapshot.buckets.find((bucket) => bucket.kind === 'tokens' && bucket.scope === 'principal')?.remaining;
}

function tokenLimiter(tokensPerMinute = 10_000): RateLimiter {
  return new RateLimiter({ config: rateLimitConfig({ tokens_per_minute: tokensPerMinute, per_provider: false }), now: manualClock().now });
}

test('the prompt is counted with the real tokenizer, special-token text included', () => {
  assert.deepEqual(estimateRequestTokens(chatRequest(TEXT, 100), 1024), { promptTokens: PROMPT_TOKENS, completionTokens: 100 });
  assert.equal(estimateRequestTokens(chatRequest(TEXT), 1024).completionTokens, 1024, 'the default when max_tokens is absent');
  const special = estimateRequestTokens(chatRequest('a <|endoftext|> b'), 1);
  assert.ok(special.promptTokens > 7, 'counted as plain text instead of throwing');
});

test('a reservation takes prompt tokens plus max_tokens and reports them in headers', () => {
  const limiter = tokenLimiter();
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 100) }));
  const reserved = PROMPT_TOKENS + 100;
  assert.deepEqual(reservation.estimate, { promptTokens: PROMPT_TOKENS, completionTokens: 100 });
  assert.equal(reservation.headers['x-ratelimit-limit-tokens'], '10000');
  assert.equal(reservation.headers['x-ratelimit-remaining-tokens'], String(10_000 - reserved));
  // 10,000 per minute refills one token every 6 ms.
  assert.ok(reserved * 6 < 1000);
  assert.equal(reservation.headers['x-ratelimit-reset-tokens'], `${reserved * 6}ms`);
  assert.equal(principalTokens(limiter), 10_000 - reserved);
});

test('settling with lower usage refunds the difference', () => {
  const limiter = tokenLimiter();
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 500) }));
  reservation.settle({ promptTokens: PROMPT_TOKENS, completionTokens: 20 });
  assert.equal(principalTokens(limiter), 10_000 - PROMPT_TOKENS - 20);
});

test('settling with higher usage charges the difference, even into debt', () => {
  const limiter = tokenLimiter(1000);
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 10) }));
  reservation.settle({ promptTokens: PROMPT_TOKENS, completionTokens: 1500 });
  const snapshot = limiter.snapshot() as RateLimitSnapshot;
  const bucket = snapshot.buckets.find((entry) => entry.kind === 'tokens');
  assert.equal(bucket?.remaining, 0);
  // 1000 - prompt - 1500 is in debt; at 1000/min it takes that long past full capacity to refill.
  assert.equal(bucket?.resetMs, Math.ceil((PROMPT_TOKENS + 1500) * 60));
  refused(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 1) }));
});

test('a stream cut halfway settles with what was delivered', () => {
  const limiter = tokenLimiter();
  const alice = principal('alice');
  const reservation = admitted(limiter.reserve({ principal: alice, provider: 'openai', request: { ...chatRequest(TEXT, 800), stream: true } }));
  const delivered = countTokens('The fox got halfway');
  reservation.settle({ promptTokens: PROMPT_TOKENS, completionTokens: delivered });
  assert.equal(principalTokens(limiter), 10_000 - PROMPT_TOKENS - delivered);
});

test('max_tokens beyond a whole bucket reserves the bucket instead of never passing', () => {
  const limiter = tokenLimiter(1000);
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT) }));
  assert.equal(reservation.headers['x-ratelimit-remaining-tokens'], '0', 'prompt + 1024 default was capped at 1000');
  const refusal = refused(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 1) }));
  assert.equal(refusal.limit.kind, 'tokens');
  assert.match(refusal.error.message, /API key alice may use 1000 tokens per minute/);
  assert.ok(refusal.headers['retry-after'] !== undefined);
});

test('a prompt larger than a whole bucket is refused without a Retry-After', () => {
  const limiter = tokenLimiter(50);
  const refusal = refused(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest('word '.repeat(200), 1) }));
  assert.match(refusal.error.message, /request too large/);
  assert.equal(refusal.error.retryAfterMs, undefined);
  assert.equal(refusal.headers['retry-after'], undefined);
});

test('a provider-wide token limit counts every key', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig(),
    providers: { openai: { requests_per_minute: 1000, tokens_per_minute: 2 * (PROMPT_TOKENS + 10) } },
    now: manualClock().now,
  });
  admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 10) }));
  admitted(limiter.reserve({ principal: principal('bob'), provider: 'openai', request: chatRequest(TEXT, 10) }));
  const refusal = refused(limiter.reserve({ principal: principal('carol'), provider: 'openai', request: chatRequest(TEXT, 10) }));
  assert.deepEqual(refusal.limit, { kind: 'tokens', scope: 'provider', provider: 'openai' });
});

test('retarget refunds the old provider’s tokens and settles on the new one', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig({ per_provider: true, tokens_per_minute: 10_000 }),
    now: manualClock().now,
  });
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 100) }));
  assert.equal(reservation.retarget('anthropic'), undefined);
  reservation.settle({ promptTokens: PROMPT_TOKENS, completionTokens: 50 });
  const snapshot = limiter.snapshot() as RateLimitSnapshot;
  const tokensOn = (provider: string): number | undefined =>
    snapshot.buckets.find((bucket) => bucket.kind === 'tokens' && bucket.provider === provider)?.remaining;
  assert.equal(tokensOn('openai'), undefined, 'refunded back to full');
  assert.equal(tokensOn('anthropic'), 10_000 - PROMPT_TOKENS - 50);
  assert.equal(principalTokens(limiter), 10_000 - PROMPT_TOKENS - 50);
});

test('release gives back every reserved token', () => {
  const limiter = tokenLimiter();
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest(TEXT, 100) }));
  reservation.release();
  assert.equal(principalTokens(limiter), undefined, 'the bucket is full again');
});
