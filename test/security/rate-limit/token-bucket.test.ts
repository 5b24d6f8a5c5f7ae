import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryRateLimitStore } from '../../../src/security/rate-limit/in-memory-rate-limit-store.js';
import { bucketRule, clampLevel, levelAt, msUntilLevel } from '../../../src/security/rate-limit/token-bucket.js';

test('a bucket refills at perMinute / 60000 per millisecond and stops at capacity', () => {
  const rule = bucketRule(60, 10); // one token per second
  assert.equal(levelAt(undefined, rule, 0), 10, 'an unseen bucket is full');
  assert.equal(levelAt({ tokens: 0, updatedAt: 1000 }, rule, 1500), 0.5);
  assert.equal(levelAt({ tokens: 0, updatedAt: 1000 }, rule, 4000), 3);
  assert.equal(levelAt({ tokens: 0, updatedAt: 1000 }, rule, 60_000), 10);
  assert.equal(levelAt({ tokens: 4, updatedAt: 1000 }, rule, 500), 4, 'a clock that went backwards refills nothing');
});

test('waits are whole milliseconds until the level is reached', () => {
  const rule = bucketRule(60, 10);
  assert.equal(msUntilLevel(0.5, 1, rule), 500);
  assert.equal(msUntilLevel(2, 1, rule), 0);
  assert.equal(msUntilLevel(-3, 10, rule), 13_000);
  assert.equal(clampLevel(-50, rule), -10, 'debt stops at -capacity by default');
  assert.equal(clampLevel(-50, bucketRule(60, 10, -40)), -40);
  assert.equal(clampLevel(25, rule), 10);
});

test('the store takes from all buckets or from none', () => {
  const store = new InMemoryRateLimitStore();
  const roomy = { key: 'a', rule: bucketRule(60, 10), amount: 1 };
  const tight = { key: 'b', rule: bucketRule(60, 2), amount: 1 };
  assert.deepEqual(store.takeAll([roomy, tight], 0), { ok: true, levels: [9, 1] });
  assert.deepEqual(store.takeAll([roomy, tight], 0), { ok: true, levels: [8, 0] });
  const refused = store.takeAll([roomy, tight], 0);
  assert.deepEqual(refused, { ok: false, levels: [8, 0] });
  assert.equal(store.levelOf('a', roomy.rule, 0), 8, 'the refused take left the roomy bucket alone');
  assert.equal(store.takeAll([roomy, tight], 1000).ok, true, 'one second refills one token');
});

test('adjust charges into debt and refunds up to capacity', () => {
  const store = new InMemoryRateLimitStore();
  const rule = bucketRule(600, 100);
  store.adjust([{ key: 't', rule, amount: 150 }], 0);
  assert.equal(store.levelOf('t', rule, 0), -50);
  store.adjust([{ key: 't', rule, amount: -500 }], 0);
  assert.equal(store.levelOf('t', rule, 0), 100);
});

test('full buckets are swept away, so memory follows active keys only', () => {
  const store = new InMemoryRateLimitStore();
  const rule = bucketRule(60, 1);
  for (let index = 0; index < 100; index += 1) store.takeAll([{ key: `k${index}`, rule, amount: 1 }], 0);
  assert.equal(store.size, 100);
  for (let index = 0; index < 100; index += 1) store.takeAll([{ key: 'busy', rule, amount: 0 }], 10_000 + index);
  assert.ok(store.size <= 2, `left ${store.size} buckets`);
  assert.deepEqual(store.list(20_000), [], 'nothing is below capacity any more');
});

test('the bucket cap bounds memory: a new bucket pushes out an old one', () => {
  const store = new InMemoryRateLimitStore({ maxBuckets: 3 });
  const rule = bucketRule(1, 5);
  for (const key of ['a', 'b', 'c', 'd']) store.takeAll([{ key, rule, amount: 1 }], 0);
  assert.equal(store.size, 3);
  assert.equal(store.levelOf('d', rule, 0), 4, 'the newest bucket is kept');
  const full = ['a', 'b', 'c'].filter((key) => store.levelOf(key, rule, 0) === 5);
  assert.equal(full.length, 1, 'exactly one old bucket was dropped (and so counts as full)');
});
