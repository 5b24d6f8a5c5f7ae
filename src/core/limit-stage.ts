import type { GatewayError } from './errors.js';
import type { RequestContext } from './request-context.js';
import type { ChatRequest } from './types.js';
import type { RateLimiter } from '../security/rate-limit/rate-limiter.js';
import type { Target } from '../routing/target.js';

/**
 * Stage 4, limit: reserves requests and estimated tokens in every bucket that applies to this
 * principal on the first target's provider, before anything reaches a provider. The `x-ratelimit-*`
 * headers go out with the answer, refusal or not.
 */
export async function reserveLimits(limiter: RateLimiter, context: RequestContext, request: ChatRequest, targets: readonly Target[]): Promise<void> {
  const principal = context.principal;
  const first = targets[0];
  if (principal === undefined || first === undefined) return;
  const decision = await limiter.reserve({ principal, provider: first.provider, request });
  context.responseHeaders = withLimitHeaders(context.responseHeaders, decision.headers);
  if (!decision.ok) throw decision.error;
  context.reservation = decision;
}

/**
 * For routing's `beforeTarget`: a fallback to another provider moves the reservation to that
 * provider's buckets, and a refusal there skips the target.
 */
export async function retargetLimits(context: RequestContext, target: Target): Promise<GatewayError | undefined> {
  const reservation = context.reservation;
  if (reservation === undefined || reservation.provider === target.provider) return undefined;
  const refusal = await reservation.retarget(target.provider);
  context.responseHeaders = withLimitHeaders(context.responseHeaders, refusal?.headers ?? reservation.headers);
  return refusal?.error;
}

/**
 * Settles the reservation with what was really used (the meter has counted usage by then, from
 * the upstream or, for a stream cut short, with the tokenizer). Routing that failed before any
 * answer refunds the tokens; the request still counts.
 */
export function settleLimits(context: RequestContext): void {
  const reservation = context.reservation;
  if (reservation === undefined) return;
  if (context.target === undefined) {
    reservation.settle({ promptTokens: 0, completionTokens: 0 });
    return;
  }
  reservation.settle(context.usage ?? { promptTokens: reservation.estimate?.promptTokens ?? 0, completionTokens: 0 });
}

/**
 * The limiter's headers replace its earlier set (and a `retry-after` from a target that refused),
 * while headers of other stages stay: `x-securellm-risk` (guard) and `x-securellm-cache` (cache).
 */
function withLimitHeaders(current: Readonly<Record<string, string>> | undefined, limits: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (current === undefined) return limits;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(current)) {
    if (!name.startsWith('x-ratelimit-') && name !== 'retry-after') kept[name] = value;
  }
  return { ...kept, ...limits };
}
