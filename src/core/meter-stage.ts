import type { RoutedStream, Router } from '../routing/router.js';
import { estimateRequestTokens } from '../security/rate-limit/estimate-request-tokens.js';
import { settleBudget } from '../usage/budget-stage.js';
import { countCompletionTokens } from '../usage/count-completion-tokens.js';
import type { Pricing } from '../usage/pricing.js';
import { settleLimits } from './limit-stage.js';
import type { RequestContext } from './request-context.js';
import type { ChatChunk } from './types.js';

export interface MeterParts {
  pricing: Pricing;
  router: Router;
  defaultMaxTokens: number;
}

/**
 * Stage 7: passes the provider's chunks through, noting usage and finish as they go by. When the
 * stream ends, however it ends, the cost is priced, the rate-limit and budget reservations are
 * settled, and the circuit breaker hears how the target did. A stream that ended without usage
 * (cut short) is counted with the tokenizer from what was delivered.
 */
export async function* meterStream(parts: MeterParts, context: RequestContext, routed: RoutedStream): AsyncGenerator<ChatChunk> {
  let finished = false;
  let failed = false; // set when the upstream failed mid-stream
  const delivered: string[] = []; // references only: counted if the upstream never reports usage
  try {
    yield routed.first;
    for (;;) {
      const next = await routed.rest.next();
      if (next.done === true) break;
      const chunk = next.value;
      if (chunk.type === 'text' || chunk.type === 'reasoning') delivered.push(chunk.text);
      else if (chunk.type === 'tool_call_delta') delivered.push(chunk.arguments);
      else if (chunk.type === 'usage') context.usage = chunk.usage;
      else if (chunk.type === 'finish') {
        context.finishReason = chunk.reason;
        finished = true;
      }
      yield chunk;
    }
  } catch (error) {
    failed = !context.signal.aborted;
    throw error;
  } finally {
    context.partial = !finished;
    if (context.usage === undefined && delivered.length > 0) {
      const promptTokens = context.reservation?.estimate?.promptTokens ?? (context.request ? estimateRequestTokens(context.request, parts.defaultMaxTokens).promptTokens : 0);
      context.usage = { promptTokens, completionTokens: countCompletionTokens(delivered) };
      context.usageEstimated = true;
    }
    // Priced at the target that served (for local/auto, the model it chose), as usage and the audit record name it.
    const served = context.target ?? routed.target;
    context.cost = parts.pricing.cost(served.provider, served.model, context.usage ?? { promptTokens: 0, completionTokens: 0 });
    settleLimits(context);
    settleBudget(context);
    // A client that leaves says nothing about the upstream's health.
    parts.router.recordOutcome(routed.target, context.signal.aborted ? 'abandoned' : failed ? 'failed' : 'ok');
    if (!finished) await routed.rest.return?.();
  }
}
