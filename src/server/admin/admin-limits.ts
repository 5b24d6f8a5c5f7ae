import type { Config } from '../../config/schema.js';
import type { MaybePromise } from '../../security/rate-limit/maybe-promise.js';
import { RateLimiter, type RateLimitSnapshot } from '../../security/rate-limit/rate-limiter.js';

/** What `GET /admin/limits` reads live state from: the gateway's rate limiter. */
export interface LimitsSource {
  snapshot(): MaybePromise<RateLimitSnapshot>;
}

export interface LimitsAnswer extends RateLimitSnapshot {
  object: 'limits';
  /** Whether `buckets` is the running limiter's state (false: the configured limits only). */
  live: boolean;
}

/**
 * `GET /admin/limits`: the running limiter's snapshot when there is one. Without one, a limiter
 * built from the config and never used answers instead: the same shape, the configured numbers,
 * and no buckets, so clients of this route need not tell the two cases apart to read limits.
 */
export async function describeLimits(config: Readonly<Config>, limiter: LimitsSource | undefined): Promise<LimitsAnswer> {
  if (limiter !== undefined) return { object: 'limits', live: true, ...(await limiter.snapshot()) };
  const providers = Object.fromEntries(Object.entries(config.providers).filter(([, provider]) => provider.enabled));
  const configured = new RateLimiter({ config: config.security.rate_limit, providers });
  return { object: 'limits', live: false, ...(await configured.snapshot()) };
}
