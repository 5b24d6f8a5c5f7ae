import type { IncomingHttpHeaders } from 'node:http';
import { settleLimits } from '../core/limit-stage.js';
import type { RequestContext } from '../core/request-context.js';
import type { ChatChunk, ChatRequest } from '../core/types.js';
import type { Target } from '../routing/target.js';
import { settleBudget } from '../usage/budget-stage.js';
import { AnswerRecorder } from './answer-recorder.js';
import { cacheKeyOf } from './cache-key.js';
import { CACHE_HEADER, cacheDirectiveOf, isCacheable } from './cache-directive.js';
import type { CachedAnswer, ResponseCache } from './response-cache.js';

export interface CacheParts {
  cache: ResponseCache | undefined;
  maxEntryBytes: number;
  /** A store that failed (read or write): logged, and the request goes on as a miss. */
  onError: (error: unknown) => void;
}

/** `off`: no cache, bypassed, or not cacheable. `miss` carries the key its answer is kept under. */
export type CacheLookup = { kind: 'off' } | { kind: 'hit'; answer: CachedAnswer } | { kind: 'miss'; key: string };

const OFF: CacheLookup = { kind: 'off' };

/**
 * Stage 5, cache: looks a cacheable request up under its tenant's key. On a hit the request costs
 * nothing: the token and budget reservations are handed back as for a call that never happened
 * (the request itself still counts against requests per minute), and the context says what the
 * answer was (its target, its tokens as cached, a zero cost) for the audit record, usage and metrics.
 */
export async function lookupCache(parts: CacheParts, context: RequestContext, headers: IncomingHttpHeaders, request: ChatRequest, targets: readonly Target[]): Promise<CacheLookup> {
  const principal = context.principal;
  if (parts.cache === undefined || principal === undefined) return OFF;
  let directive;
  try {
    directive = cacheDirectiveOf(headers);
  } catch (error) {
    settleLimits(context);
    settleBudget(context);
    throw error;
  }
  if (!isCacheable(request, directive)) return OFF;
  const key = cacheKeyOf(principal.tenant, request, targets);
  let answer: CachedAnswer | undefined;
  try {
    answer = await parts.cache.get(key);
  } catch (error) {
    parts.onError(error);
  }
  context.cache = answer === undefined ? 'miss' : 'hit';
  context.responseHeaders = { ...context.responseHeaders, [CACHE_HEADER]: context.cache };
  if (answer === undefined) return { kind: 'miss', key };
  // Settled before the target is set: with no target, both stages refund everything.
  settleLimits(context);
  settleBudget(context);
  context.target = answer.target;
  context.usage = { promptTokens: answer.usage.promptTokens, completionTokens: answer.usage.completionTokens, cachedTokens: answer.usage.promptTokens };
  context.cost = { usd: 0, priced: true };
  return { kind: 'hit', answer };
}

/** The chunks of a cached answer, as a stream (the exchange sends them whole or as SSE). */
export async function* replayAnswer(context: RequestContext, answer: CachedAnswer): AsyncGenerator<ChatChunk> {
  for (const chunk of answer.chunks) {
    if (chunk.type === 'finish') context.finishReason = chunk.reason;
    yield chunk;
  }
}

/**
 * Passes the answer's chunks (after the output guard: what the client sees) through, and keeps the
 * answer once its stream has ended normally: never a partial stream, an error, an answer the client
 * left before its end, or one over `max_entry_bytes`. The write is not awaited, so a shared store's
 * round trip never delays the end of the answer.
 */
export async function* keepAnswer(parts: CacheParts, context: RequestContext, key: string, chunks: AsyncIterable<ChatChunk>): AsyncGenerator<ChatChunk> {
  const recorder = new AnswerRecorder(parts.maxEntryBytes);
  for await (const chunk of chunks) {
    recorder.push(chunk);
    yield chunk;
  }
  const kept = recorder.chunks;
  const { cache } = parts;
  if (cache === undefined || kept === undefined || context.partial || context.finishReason === undefined || context.target === undefined) return;
  const usage = context.usage ?? { promptTokens: 0, completionTokens: 0 };
  cache.set(key, { target: context.target, chunks: kept, usage }).catch(parts.onError);
}
