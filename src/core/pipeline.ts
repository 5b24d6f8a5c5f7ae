import type { ChatExchange } from './chat-exchange.js';
import { foldChunks } from './fold-chunks.js';
import type { Gateway } from './gateway.js';

/**
 * The request pipeline, in the order DESIGN.md draws it. Every chat request walks this one path,
 * streaming or not, whichever API format the client spoke.
 */
export async function runChatPipeline(gateway: Gateway, exchange: ChatExchange): Promise<void> {
  const { context } = exchange;
  try {
    // 1. identify: who is asking (API key and/or client certificate).
    context.principal = await gateway.identify(exchange.headers, exchange.peer, exchange.remoteAddress);
    // 2. parse + validate: the client's format into one ChatRequest.
    const request = exchange.codec.parseRequest(await exchange.readJson(), context.requestId);
    context.request = request;
    // 3. guard (in): prompt-injection, PII and secret guards come with the guard issue.
    // The targets this principal may use (scope refusals are 403 here).
    const targets = gateway.resolveTargets(request.model, context.principal);
    // 4. limit: request and token budgets reserved before anything reaches a provider.
    await gateway.limit(context, request, targets);
    // 5. cache: comes with the routing issue.
    // 6. route: retries, fallback and circuit breaking.
    const routed = await gateway.route(context, request, targets);
    // 7. adapter stream, metered for usage and cost as it passes.
    const chunks = gateway.meter(context, routed);
    // 8. serialize in the format the client spoke.
    if (request.stream) await exchange.sendStream(request, routed.target, chunks);
    else await exchange.sendWhole(request, routed.target, await foldChunks(chunks));
  } catch (error) {
    exchange.sendError(gateway.toGatewayError(context, error));
  } finally {
    // 9. account and record: log line now; audit records and metrics hang here.
    gateway.record(context);
  }
}
