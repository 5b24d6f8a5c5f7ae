import { replayAnswer } from '../cache/cache-stage.js';
import type { Target } from '../routing/target.js';
import type { ChatExchange } from './chat-exchange.js';
import { foldChunks } from './fold-chunks.js';
import type { Gateway } from './gateway.js';
import type { ChatChunk } from './types.js';

/**
 * The request pipeline, in the order DESIGN.md draws it. Every chat request walks this one path,
 * streaming or not, whichever API format the client spoke.
 */
export async function runChatPipeline(gateway: Gateway, exchange: ChatExchange): Promise<void> {
  const { context } = exchange;
  try {
    // 0. nothing is served unrecorded: with a failed audit log, requests are refused.
    gateway.checkAuditable();
    // 1. identify: who is asking (API key and/or client certificate).
    context.principal = await gateway.identify(exchange.headers, exchange.peer, exchange.remoteAddress);
    // 2. parse + validate: the client's format into one ChatRequest.
    const parsed = exchange.codec.parseRequest(await exchange.readJson(), context.requestId);
    context.request = parsed;
    // 3. guard (in): prompt injection scored; PII and secrets redacted, blocked or kept local.
    const guarded = gateway.guard(context, parsed);
    context.request = guarded;
    // The targets this principal may use (scope refusals are 403 here), in the order of the
    // alias's strategy (ordered, cheapest, fastest).
    const targets = gateway.orderTargets(guarded, gateway.resolveTargets(guarded.model, context));
    // 4. limit: request and token budgets reserved before anything reaches a provider.
    const admitted = await gateway.limit(context, guarded, targets);
    // 5. cache: a deterministic request this tenant had answered before is answered again from
    // the cache, with no upstream call and at no cost.
    const cached = await gateway.lookupCache(context, exchange.headers, guarded, targets);
    let served: Target;
    let chunks: AsyncIterable<ChatChunk>;
    if (cached.kind === 'hit') {
      served = cached.answer.target;
      chunks = replayAnswer(context, cached.answer);
    } else {
      // 6. route: retries, fallback and circuit breaking.
      const routed = await gateway.route(context, guarded, admitted);
      // 7. adapter stream, metered for usage and cost, guarded (out) for PII and secrets; after a
      // cache miss, kept in the cache once it has completed.
      chunks = gateway.answer(context, routed, cached);
      // The target that answered: for local/auto, the local model it chose (gateway.route).
      served = context.target ?? routed.target;
    }
    // 8. serialize in the format the client spoke.
    if (guarded.stream) await exchange.sendStream(guarded, served, chunks);
    else await exchange.sendWhole(guarded, served, await foldChunks(chunks));
  } catch (error) {
    await exchange.sendError(gateway.toGatewayError(context, error));
  } finally {
    // 9. account and record: the audit record (if the answer did not already write it), usage,
    // metrics and the log line.
    await gateway.seal(context).catch(() => undefined);
    gateway.record(context);
  }
}
