import { GatewayError } from '../../core/errors.js';
import { clientAddressKey } from './client-address-key.js';
import { formatResetDuration } from './format-reset-duration.js';
import { InMemoryRateLimitStore } from './in-memory-rate-limit-store.js';
import { isPromise, type MaybePromise } from './maybe-promise.js';
import { rateLimitHeaders, type RateLimitHeaders } from './rate-limit-headers.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { bucketRule, msUntilLevel, type BucketRule } from './token-bucket.js';

export interface AuthFailureThrottleOptions {
  /** Failed authentications an address may make per minute (`security.rate_limit.auth_failures_per_minute`). */
  failuresPerMinute?: number;
  /** Failures allowed in a row before the rate applies. */
  burst?: number;
  store?: RateLimitStore;
  now?: () => number;
  onStoreError?: (error: unknown) => void;
}

export type AuthThrottleDecision = { readonly ok: true } | { readonly ok: false; readonly error: GatewayError; readonly headers: RateLimitHeaders };

export interface ThrottledAddress {
  address: string;
  remaining: number;
  resetMs: number;
}

const ADMITTED = Object.freeze({ ok: true as const });
const PREFIX = 'auth:';
// Failures beyond the budget keep counting for up to an hour's worth, so an address that fires
// many guesses at once (all checked before any failed) waits them all off instead of one minute.
const DEBT_MINUTES = 60;

/**
 * Pre-auth throttle against guessing keys: counts failed authentications per remote address and,
 * while an address is over its budget, refuses it before its key is even looked up. `check` takes
 * nothing, so a busy client with a valid key is never slowed by its own concurrency; every
 * failure is charged, so an attacker's average rate stays at `failuresPerMinute`.
 */
export class AuthFailureThrottle {
  readonly #rule: BucketRule;
  readonly #store: RateLimitStore;
  readonly #now: () => number;
  readonly #onStoreError: (error: unknown) => void;

  constructor(options: AuthFailureThrottleOptions = {}) {
    const { failuresPerMinute = 30, burst = 10, store = new InMemoryRateLimitStore(), now = Date.now, onStoreError = () => {} } = options;
    this.#rule = bucketRule(failuresPerMinute, burst, -failuresPerMinute * DEBT_MINUTES);
    this.#store = store;
    this.#now = now;
    this.#onStoreError = onStoreError;
  }

  /** Call before authenticating, with the socket's `remoteAddress`. */
  check(address: string | undefined): MaybePromise<AuthThrottleDecision> {
    const level = this.#store.levelOf(keyOf(address), this.#rule, this.#now());
    if (isPromise(level)) return level.then((value) => this.#decide(value));
    return this.#decide(level);
  }

  /** Call when authentication failed (a missing, malformed, unknown, wrong, revoked or expired key). */
  recordFailure(address: string | undefined): void {
    try {
      const result = this.#store.adjust([{ key: keyOf(address), rule: this.#rule, amount: 1 }], this.#now());
      if (isPromise(result)) result.catch(this.#onStoreError);
    } catch (error) {
      this.#onStoreError(error);
    }
  }

  /** Addresses with failures on record, for `GET /admin/limits`. */
  snapshot(): MaybePromise<ThrottledAddress[]> {
    const stored = this.#store.list(this.#now());
    const toAddresses = (buckets: Awaited<typeof stored>): ThrottledAddress[] =>
      buckets
        .filter((bucket) => bucket.key.startsWith(PREFIX))
        .map((bucket) => ({
          address: bucket.key.slice(PREFIX.length),
          remaining: Math.floor(Math.max(0, bucket.level)),
          resetMs: msUntilLevel(bucket.level, bucket.rule.capacity, bucket.rule),
        }));
    return isPromise(stored) ? stored.then(toAddresses) : toAddresses(stored);
  }

  #decide(level: number): AuthThrottleDecision {
    if (level >= 1) return ADMITTED;
    const waitMs = msUntilLevel(level, 1, this.#rule);
    const message = `too many failed authentication attempts from this address; retry in ${formatResetDuration(waitMs)}`;
    return { ok: false, error: new GatewayError('rate_limited', message, { retryAfterMs: waitMs }), headers: rateLimitHeaders(undefined, undefined, waitMs) };
  }
}

function keyOf(address: string | undefined): string {
  return PREFIX + clientAddressKey(address);
}
