import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { InMemoryRateLimitStore } from '../../../src/security/rate-limit/in-memory-rate-limit-store.js';
import { RateLimiter } from '../../../src/security/rate-limit/rate-limiter.js';
import type { BucketTake, RateLimitStore, StoredBucket, TakeOutcome } from '../../../src/security/rate-limit/rate-limit-store.js';
import type { BucketRule } from '../../../src/security/rate-limit/token-bucket.js';
import { chatRequest, manualClock, principal, rateLimitConfig } from './rate-limit-fixtures.js';

/** Answers later, like a Redis store whose script runs atomically on the server. */
class DelayedStore implements RateLimitStore {
  readonly inner = new InMemoryRateLimitStore();
  async takeAll(takes: readonly BucketTake[], now: number): Promise<TakeOutcome> {
    await nextTurn();
    return this.inner.takeAll(takes, now);
  }
  async adjust(changes: readonly BucketTake[], now: number): Promise<void> {
    await nextTurn();
    this.inner.adjust(changes, now);
  }
  async levelOf(key: string, rule: BucketRule, now: number): Promise<number> {
    await nextTurn();
    return this.inner.levelOf(key, rule, now);
  }
  async list(now: number): Promise<readonly StoredBucket[]> {
    await nextTurn();
    return this.inner.list(now);
  }
}

test('an asynchronous store works the same: 500 simultaneous requests admit exactly the burst', async () => {
  const store = new DelayedStore();
  const clock = manualClock();
  const limiter = new RateLimiter({ config: rateLimitConfig({ burst_size: 10, tokens_per_minute: 100_000 }), store, now: clock.now });
  const request = chatRequest('hello', 10);
  const results = await Promise.all(Array.from({ length: 500 }, async () => limiter.reserve({ principal: principal('alice'), provider: 'openai', request })));
  const admitted = results.filter((result) => result.ok);
  assert.equal(admitted.length, 10);
  for (const reservation of admitted) reservation.release();
  await nextTurn();
  await nextTurn();
  const snapshot = await limiter.snapshot();
  assert.deepEqual(snapshot.buckets, [], 'every released bucket is full again');
});

test('a failing shared store reports settlement errors instead of throwing at the caller', async () => {
  const errors: unknown[] = [];
  const store = new DelayedStore();
  store.adjust = () => Promise.reject(new Error('store down'));
  const limiter = new RateLimiter({ config: rateLimitConfig({ tokens_per_minute: 1000 }), store, onStoreError: (error) => errors.push(error) });
  const reservation = await limiter.reserve({ principal: principal('alice'), provider: 'openai', request: chatRequest('hi', 5) });
  assert.ok(reservation.ok);
  reservation.settle({ promptTokens: 1, completionTokens: 1 });
  await nextTurn();
  assert.equal(errors.length, 1);
});
