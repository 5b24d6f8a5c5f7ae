import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryResponseCache } from '../../src/cache/memory-response-cache.js';
import type { CachedAnswer } from '../../src/cache/response-cache.js';

function answerOf(text: string): CachedAnswer {
  return {
    target: { provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' },
    chunks: [{ type: 'start', id: '', model: 'gpt-4o-mini' }, { type: 'text', text }, { type: 'finish', reason: 'stop' }],
    usage: { promptTokens: 3, completionTokens: 2 },
  };
}

/** Bytes one entry takes in the budget: its JSON and its key. */
function entryBytes(key: string, answer: CachedAnswer): number {
  return Buffer.byteLength(JSON.stringify(answer)) + key.length;
}

describe('MemoryResponseCache', () => {
  it('gives back what was stored, as a copy the caller cannot change in the cache', async () => {
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: 10_000, max_entry_bytes: 10_000 } });
    await cache.set('k', answerOf('hello'));
    const first = await cache.get('k');
    assert.deepEqual(first, answerOf('hello'));
    first?.chunks.push({ type: 'text', text: 'tampered' });
    assert.deepEqual(await cache.get('k'), answerOf('hello'));
    assert.equal(await cache.get('other'), undefined);
  });

  it('forgets an answer once its TTL has passed', async () => {
    let now = 1_000;
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 5, max_bytes: 10_000, max_entry_bytes: 10_000 }, now: () => now });
    await cache.set('k', answerOf('hello'));
    now += 4_999;
    assert.ok(await cache.get('k'), 'still fresh just before the TTL');
    now += 2;
    assert.equal(await cache.get('k'), undefined);
    assert.equal(cache.bytes, 0, 'an expired entry read is dropped from the budget');
  });

  it('keeps within its byte budget by evicting the least recently used answers', async () => {
    const one = answerOf('a'.repeat(100));
    const size = entryBytes('k1', one);
    // Room for exactly three entries of this size.
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: size * 3, max_entry_bytes: size * 3 } });
    await cache.set('k1', answerOf('a'.repeat(100)));
    await cache.set('k2', answerOf('b'.repeat(100)));
    await cache.set('k3', answerOf('c'.repeat(100)));
    assert.equal(cache.bytes, size * 3);
    // Reading k1 makes k2 the least recently used.
    assert.ok(await cache.get('k1'));
    await cache.set('k4', answerOf('d'.repeat(100)));
    assert.equal(await cache.get('k2'), undefined, 'the least recently used answer went first');
    assert.ok(await cache.get('k1'));
    assert.ok(await cache.get('k3'));
    assert.ok(await cache.get('k4'));
    assert.ok(cache.bytes <= size * 3);
  });

  it('does not keep an answer larger than max_entry_bytes, nor push others out for it', async () => {
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: 100_000, max_entry_bytes: 1_000 } });
    await cache.set('small', answerOf('fits'));
    await cache.set('large', answerOf('x'.repeat(2_000)));
    assert.equal(await cache.get('large'), undefined);
    assert.ok(await cache.get('small'));
    assert.equal(cache.size, 1);
  });
});
