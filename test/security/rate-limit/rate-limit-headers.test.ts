import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResetDuration, retryAfterSeconds } from '../../../src/security/rate-limit/format-reset-duration.js';
import { rateLimitHeaders } from '../../../src/security/rate-limit/rate-limit-headers.js';

test('reset durations read like OpenAI writes them', () => {
  assert.equal(formatResetDuration(0), '0s');
  assert.equal(formatResetDuration(20), '20ms');
  assert.equal(formatResetDuration(19.2), '20ms', 'rounded up, never understated');
  assert.equal(formatResetDuration(1000), '1s');
  assert.equal(formatResetDuration(1500), '1.5s');
  assert.equal(formatResetDuration(8640), '8.64s');
  assert.equal(formatResetDuration(12_034), '12.034s');
  assert.equal(formatResetDuration(360_000), '6m0s');
  assert.equal(formatResetDuration(90_500), '1m30.5s');
  assert.equal(formatResetDuration(3_723_000), '1h2m3s');
});

test('Retry-After is whole seconds, rounded up, at least one', () => {
  assert.equal(retryAfterSeconds(1), 1);
  assert.equal(retryAfterSeconds(1000), 1);
  assert.equal(retryAfterSeconds(1001), 2);
  assert.equal(retryAfterSeconds(0), 1);
});

test('headers carry limit, floored remaining and reset for requests and tokens', () => {
  const headers = rateLimitHeaders({ limit: 10, remaining: 7.9, resetMs: 2100 }, { limit: 100_000, remaining: -5, resetMs: 360_000 }, 1500);
  assert.deepEqual(headers, {
    'x-ratelimit-limit-requests': '10',
    'x-ratelimit-remaining-requests': '7',
    'x-ratelimit-reset-requests': '2.1s',
    'x-ratelimit-limit-tokens': '100000',
    'x-ratelimit-remaining-tokens': '0',
    'x-ratelimit-reset-tokens': '6m0s',
    'retry-after': '2',
  });
  assert.deepEqual(rateLimitHeaders(undefined, undefined), {});
});
