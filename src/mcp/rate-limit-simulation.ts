import type { Config } from '../config/schema.js';
import type { Principal } from '../core/principal.js';
import type { ChatRequest } from '../core/types.js';
import { isPromise } from '../security/rate-limit/maybe-promise.js';
import { RateLimiter, type BucketSnapshot } from '../security/rate-limit/rate-limiter.js';
import type { LimitNumbers } from '../security/rate-limit/rate-limit-policy.js';
import type { BucketLabel } from '../security/rate-limit/planned-bucket.js';

export interface SimulationInput {
  principal: Principal;
  provider: string;
  /** How many requests arrive at once. */
  requests: number;
  promptTokens: number;
  maxTokens: number;
}

export interface SimulationReport {
  enabled: boolean;
  per_provider: boolean;
  limits: { principal: LimitNumbers; provider?: LimitNumbers; key_rpm?: number };
  requests: number;
  admitted: number;
  refused: number;
  /** The first request the limits turned away: which limit, and how long until it would pass. */
  first_refusal?: { index: number; message: string; retry_after_ms?: number; limit: BucketLabel };
  /** Every bucket the burst touched, as it is left afterwards. */
  buckets: BucketSnapshot[];
}

/**
 * Sends `requests` requests at once through a fresh limiter built from the config, as if the key
 * had been idle: what a burst of that size would meet. Each admitted request keeps its reservation
 * (the tokens it may use), as a request still in flight does.
 */
export function simulateRateLimit(config: Readonly<Config>, input: SimulationInput): SimulationReport {
  const providers = Object.fromEntries(Object.entries(config.providers).filter(([, provider]) => provider.enabled));
  const estimate = { promptTokens: input.promptTokens, completionTokens: input.maxTokens };
  const limiter = new RateLimiter({
    config: config.security.rate_limit,
    providers,
    defaultMaxTokens: config.security.rate_limit.default_max_tokens,
    estimateTokens: () => estimate,
  });
  const request: ChatRequest = {
    model: `${input.provider}/simulated`,
    messages: [],
    maxTokens: input.maxTokens,
    stream: false,
    includeUsage: false,
    metadata: { requestId: 'rate-limit-check', clientFormat: 'openai' },
  };
  let admitted = 0;
  let firstRefusal: SimulationReport['first_refusal'];
  for (let index = 0; index < input.requests; index += 1) {
    const outcome = limiter.reserve({ principal: input.principal, provider: input.provider, request });
    // The in-memory store answers synchronously; a promise here would mean a shared store.
    if (isPromise(outcome)) throw new Error('simulation needs the in-memory rate limit store');
    if (outcome.ok) {
      admitted += 1;
      continue;
    }
    if (firstRefusal === undefined) {
      firstRefusal = { index, message: outcome.error.message, limit: outcome.limit };
      if (outcome.error.retryAfterMs !== undefined) firstRefusal.retry_after_ms = outcome.error.retryAfterMs;
    }
  }
  const snapshot = limiter.snapshot();
  if (isPromise(snapshot)) throw new Error('simulation needs the in-memory rate limit store');
  const limits: SimulationReport['limits'] = { principal: snapshot.principal };
  const providerLimits = snapshot.providers[input.provider];
  if (providerLimits !== undefined) limits.provider = providerLimits;
  if (input.principal.requestsPerMinute !== undefined) limits.key_rpm = input.principal.requestsPerMinute;
  const report: SimulationReport = {
    enabled: snapshot.enabled,
    per_provider: snapshot.perProvider,
    limits,
    requests: input.requests,
    admitted,
    refused: input.requests - admitted,
    buckets: snapshot.buckets,
  };
  if (firstRefusal !== undefined) report.first_refusal = firstRefusal;
  return report;
}
