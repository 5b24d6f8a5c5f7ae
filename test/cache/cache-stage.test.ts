import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keepAnswer, lookupCache, type CacheParts } from '../../src/cache/cache-stage.js';
import { cacheKeyOf } from '../../src/cache/cache-key.js';
import { MemoryResponseCache } from '../../src/cache/memory-response-cache.js';
import type { CachedAnswer } from '../../src/cache/response-cache.js';
import { createRequestContext, type RequestContext } from '../../src/core/request-context.js';
import type { ChatChunk, ChatRequest } from '../../src/core/types.js';
import type { Target } from '../../src/routing/target.js';
import type { RateLimitReservation } from '../../src/security/rate-limit/rate-limit-reservation.js';
import type { BudgetReservation } from '../../src/usage/budget-reservation.js';

const target: Target = { provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' };
const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  temperature: 0,
  stream: false,
  includeUsage: false,
  metadata: { requestId: 'r', clientFormat: 'openai' },
};
const chunks: ChatChunk[] = [
  { type: 'start', id: 'up-1', model: 'gpt-4o-mini' },
  { type: 'text', text: 'Hel' },
  { type: 'text', text: 'lo' },
  { type: 'usage', usage: { promptTokens: 4, completionTokens: 2 } },
  { type: 'finish', reason: 'stop' },
];

interface Calls {
  settled: unknown[];
  released: number;
}

/** A context of tenant `acme` holding spy reservations: what the cache stage hands back is recorded. */
function contextWithHolds(): { context: RequestContext; calls: Calls } {
  const calls: Calls = { settled: [], released: 0 };
  const context = createRequestContext('r', 'openai', new AbortController().signal);
  context.principal = { keyId: 'k', tenant: 'acme', admin: false };
  const reservation = { estimate: { promptTokens: 10, completionTokens: 100 }, settle: (usage: unknown) => calls.settled.push(usage) };
  context.reservation = reservation as unknown as RateLimitReservation;
  context.budget = { release: () => (calls.released += 1), settle: () => assert.fail('a hit must not be charged') } as unknown as BudgetReservation;
  return { context, calls };
}

function partsWith(cache: MemoryResponseCache | undefined): CacheParts {
  return { cache, maxEntryBytes: 10_000, onError: (error) => assert.fail(String(error)) };
}

async function* streamOf(items: readonly ChatChunk[]): AsyncGenerator<ChatChunk> {
  yield* items;
}

async function drain(stream: AsyncIterable<ChatChunk>): Promise<void> {
  for await (const chunk of stream) assert.ok(chunk);
}

describe('cache stage', () => {
  it('is off without a cache, and for a request that samples', async () => {
    const { context } = contextWithHolds();
    assert.deepEqual(await lookupCache(partsWith(undefined), context, {}, request, [target]), { kind: 'off' });
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: 100_000, max_entry_bytes: 10_000 } });
    assert.deepEqual(await lookupCache(partsWith(cache), context, {}, { ...request, temperature: 1 }, [target]), { kind: 'off' });
    assert.equal(context.cache, undefined);
  });

  it('on a hit, refunds the tokens and releases the budget, and the context carries the answer at zero cost', async () => {
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: 100_000, max_entry_bytes: 10_000 } });
    const stored: CachedAnswer = { target, chunks, usage: { promptTokens: 4, completionTokens: 2 } };
    await cache.set(cacheKeyOf('acme', request, [target]), stored);
    const { context, calls } = contextWithHolds();
    const lookup = await lookupCache(partsWith(cache), context, {}, request, [target]);
    assert.equal(lookup.kind, 'hit');
    assert.deepEqual(calls.settled, [{ promptTokens: 0, completionTokens: 0 }]);
    assert.equal(calls.released, 1);
    assert.equal(context.cache, 'hit');
    assert.equal(context.responseHeaders?.['x-securellm-cache'], 'hit');
    assert.deepEqual(context.target, target);
    assert.deepEqual(context.usage, { promptTokens: 4, completionTokens: 2, cachedTokens: 4 });
    assert.deepEqual(context.cost, { usd: 0, priced: true });
  });

  it('on a miss, holds on to the reservations and keeps the answer only once the stream has completed', async () => {
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: 100_000, max_entry_bytes: 10_000 } });
    const { context, calls } = contextWithHolds();
    const lookup = await lookupCache(partsWith(cache), context, {}, request, [target]);
    assert.equal(lookup.kind, 'miss');
    assert.equal(context.responseHeaders?.['x-securellm-cache'], 'miss');
    assert.deepEqual(calls, { settled: [], released: 0 });
    if (lookup.kind !== 'miss') return;

    // The client leaves after two chunks: nothing is kept.
    context.target = target;
    const abandoned = keepAnswer(partsWith(cache), context, lookup.key, streamOf(chunks));
    await abandoned.next();
    await abandoned.next();
    await abandoned.return(undefined);
    assert.equal(await cache.get(lookup.key), undefined);

    // A stream the meter marked partial is not kept either.
    context.partial = true;
    context.finishReason = 'stop';
    await drain(keepAnswer(partsWith(cache), context, lookup.key, streamOf(chunks)));
    assert.equal(await cache.get(lookup.key), undefined);

    context.partial = false;
    context.usage = { promptTokens: 4, completionTokens: 2 };
    await drain(keepAnswer(partsWith(cache), context, lookup.key, streamOf(chunks)));
    const kept = await cache.get(lookup.key);
    assert.deepEqual(kept?.target, target);
    assert.deepEqual(kept?.usage, { promptTokens: 4, completionTokens: 2 });
    assert.deepEqual(kept?.chunks.map((chunk) => chunk.type), ['start', 'text', 'usage', 'finish']);
  });

  it('refuses a bad x-securellm-cache value and hands the reservations back first', async () => {
    const cache = new MemoryResponseCache({ config: { ttl_seconds: 60, max_bytes: 100_000, max_entry_bytes: 10_000 } });
    const { context, calls } = contextWithHolds();
    await assert.rejects(lookupCache(partsWith(cache), context, { 'x-securellm-cache': 'sometimes' }, request, [target]), /x-securellm-cache/);
    assert.deepEqual(calls.settled, [{ promptTokens: 0, completionTokens: 0 }]);
    assert.equal(calls.released, 1);
  });
});
