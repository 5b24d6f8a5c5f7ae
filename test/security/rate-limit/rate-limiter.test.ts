import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../src/core/errors.js';
import { RateLimiter } from '../../../src/security/rate-limit/rate-limiter.js';
import { admitted, chatRequest, manualClock, principal, rateLimitConfig, refused } from './rate-limit-fixtures.js';

const request = chatRequest();

test('500 simultaneous requests with burst 10 admit exactly 10', async () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 10 }), now: clock.now });
  const alice = principal('alice');
  // Each caller yields first, as the pipeline does after authentication and body parsing.
  const results = await Promise.all(
    Array.from({ length: 500 }, async () => {
      await Promise.resolve();
      return limiter.reserve({ principal: alice, provider: 'openai', request });
    }),
  );
  assert.equal(results.filter((result) => result.ok).length, 10);
  const refusal = results.find((result) => !result.ok);
  assert.ok(refusal !== undefined && !refusal.ok);
  assert.ok(refusal.error instanceof GatewayError);
  assert.equal(refusal.error.code, 'rate_limited');
  assert.equal(refusal.error.status, 429);
});

test('500 simultaneous requests on the real clock admit exactly the burst', async () => {
  const limiter = new RateLimiter({ config: rateLimitConfig({ requests_per_minute: 1, burst_size: 7 }) });
  const results = await Promise.all(Array.from({ length: 500 }, async () => limiter.reserve({ principal: principal('bob'), provider: 'openai', request })));
  assert.equal(results.filter((result) => result.ok).length, 7);
});

test('the bucket refills with time: one request per second at 60 per minute', () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 2 }), now: clock.now });
  const input = { principal: principal('alice'), provider: 'openai', request };
  admitted(limiter.reserve(input));
  admitted(limiter.reserve(input));
  const refusal = refused(limiter.reserve(input));
  assert.equal(refusal.error.retryAfterMs, 1000);
  clock.advance(999);
  refused(limiter.reserve(input));
  clock.advance(1);
  admitted(limiter.reserve(input));
});

test('each principal has its own buckets', () => {
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 1 }), now: manualClock().now });
  admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request }));
  refused(limiter.reserve({ principal: principal('alice'), provider: 'openai', request }));
  admitted(limiter.reserve({ principal: principal('bob'), provider: 'openai', request }));
});

test('per_provider adds a bucket per principal and provider, named in the refusal', () => {
  // The key may send 3 in a burst overall, and (per provider) 3 to each provider: with a separate
  // per-provider bucket the overall bucket is what stops the fourth.
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 3 }), now: manualClock().now });
  const alice = principal('alice');
  admitted(limiter.reserve({ principal: alice, provider: 'openai', request }));
  admitted(limiter.reserve({ principal: alice, provider: 'openai', request }));
  admitted(limiter.reserve({ principal: alice, provider: 'anthropic', request }));
  const refusal = refused(limiter.reserve({ principal: alice, provider: 'anthropic', request }));
  assert.equal(refusal.limit.scope, 'principal');
  const snapshot = limiter.snapshot();
  assert.ok(!(snapshot instanceof Promise));
  const openai = snapshot.buckets.find((bucket) => bucket.scope === 'principal_provider' && bucket.provider === 'openai');
  const anthropic = snapshot.buckets.find((bucket) => bucket.scope === 'principal_provider' && bucket.provider === 'anthropic');
  assert.equal(openai?.remaining, 1);
  assert.equal(anthropic?.remaining, 2);
  assert.equal(openai?.keyId, 'alice');
});

test('without per_provider there is no per-provider bucket', () => {
  const limiter = new RateLimiter({ config: rateLimitConfig({ per_provider: false }), now: manualClock().now });
  admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request }));
  const snapshot = limiter.snapshot();
  assert.ok(!(snapshot instanceof Promise));
  assert.deepEqual(
    snapshot.buckets.map((bucket) => bucket.scope),
    ['principal'],
  );
});

test('the provider-wide bucket is shared by all principals and protects the upstream quota', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig({ burst_size: 10 }),
    providers: { openai: { requests_per_minute: 120, burst_size: 3 } },
    now: manualClock().now,
  });
  for (const keyId of ['alice', 'bob', 'carol']) admitted(limiter.reserve({ principal: principal(keyId), provider: 'openai', request }));
  const refusal = refused(limiter.reserve({ principal: principal('dave'), provider: 'openai', request }));
  assert.equal(refusal.limit.scope, 'provider');
  assert.equal(refusal.limit.provider, 'openai');
  assert.match(refusal.error.message, /provider openai accepts 120 requests per minute/);
  assert.equal(refusal.error.retryAfterMs, 500, '120 per minute is one every 500 ms');
  admitted(limiter.reserve({ principal: principal('dave'), provider: 'anthropic', request }));
});

test("a key's own rpm limits it, with a burst no larger than the rpm", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 10 }), now: clock.now });
  const slow = principal('slow', { requestsPerMinute: 2 });
  admitted(limiter.reserve({ principal: slow, provider: 'openai', request }));
  admitted(limiter.reserve({ principal: slow, provider: 'openai', request }));
  const refusal = refused(limiter.reserve({ principal: slow, provider: 'openai', request }));
  assert.equal(refusal.limit.scope, 'key_rpm');
  assert.match(refusal.error.message, /API key slow is limited to 2 requests per minute/);
  assert.equal(refusal.error.retryAfterMs, 30_000);
  assert.equal(refusal.headers['retry-after'], '30');
  assert.equal(refusal.headers['x-ratelimit-limit-requests'], '2');
  assert.equal(refusal.headers['x-ratelimit-remaining-requests'], '0');
  assert.equal(refusal.headers['x-ratelimit-reset-requests'], '1m0s');
});

test('a refused request takes nothing from the buckets that had room (all or none)', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig({ burst_size: 5 }),
    providers: { openai: { requests_per_minute: 60, burst_size: 1 } },
    now: manualClock().now,
  });
  const alice = principal('alice');
  admitted(limiter.reserve({ principal: alice, provider: 'openai', request }));
  for (let attempt = 0; attempt < 10; attempt += 1) refused(limiter.reserve({ principal: alice, provider: 'openai', request }));
  // Ten refusals later alice still has 4 of her 5: the refusals took nothing from her buckets.
  for (let count = 0; count < 4; count += 1) admitted(limiter.reserve({ principal: alice, provider: 'anthropic', request }));
  refused(limiter.reserve({ principal: alice, provider: 'anthropic', request }));
});

test('release gives a request back; settle keeps it spent; both only once', () => {
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 1 }), now: manualClock().now });
  const input = { principal: principal('alice'), provider: 'openai', request };
  const first = admitted(limiter.reserve(input));
  first.release();
  first.release();
  const second = admitted(limiter.reserve(input));
  second.settle({ promptTokens: 1, completionTokens: 1 });
  second.release();
  refused(limiter.reserve(input));
});

test('successful answers carry the key’s tightest request bucket, never the provider-wide one', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig({ burst_size: 10 }),
    providers: { openai: { requests_per_minute: 6000, burst_size: 2 } },
    now: manualClock().now,
  });
  const reservation = admitted(limiter.reserve({ principal: principal('alice', { requestsPerMinute: 4 }), provider: 'openai', request }));
  assert.deepEqual(reservation.headers, {
    'x-ratelimit-limit-requests': '4',
    'x-ratelimit-remaining-requests': '3',
    'x-ratelimit-reset-requests': '15s',
  });
});

test('retarget moves the provider buckets to the fallback provider, or refuses and changes nothing', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig({ burst_size: 10 }),
    providers: { anthropic: { requests_per_minute: 60, burst_size: 1 } },
    now: manualClock().now,
  });
  const reservation = admitted(limiter.reserve({ principal: principal('alice'), provider: 'openai', request }));
  assert.equal(reservation.retarget('anthropic'), undefined);
  assert.equal(reservation.provider, 'anthropic');
  const other = admitted(limiter.reserve({ principal: principal('bob'), provider: 'openai', request }));
  const refusal = other.retarget('anthropic');
  assert.ok(refusal !== undefined && !(refusal instanceof Promise));
  assert.equal(refusal.limit.scope, 'provider');
  assert.equal(other.provider, 'openai');
});

test('disabled limits admit everything, with no headers', () => {
  const limiter = new RateLimiter({
    config: rateLimitConfig({ enabled: false, burst_size: 1, tokens_per_minute: 10 }),
    providers: { openai: { requests_per_minute: 1, burst_size: 1 } },
    now: manualClock().now,
  });
  const slow = principal('alice', { requestsPerMinute: 1 });
  for (let count = 0; count < 100; count += 1) {
    const reservation = admitted(limiter.reserve({ principal: slow, provider: 'openai', request: chatRequest('many words '.repeat(50)) }));
    assert.deepEqual(reservation.headers, {});
    reservation.settle({ promptTokens: 1000, completionTokens: 1000 });
  }
});
