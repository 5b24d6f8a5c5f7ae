import type { Principal } from '../../core/principal.js';
import type { ChatRequest } from '../../core/types.js';
import { estimateRequestTokens, type TokenEstimate } from './estimate-request-tokens.js';
import { InMemoryRateLimitStore } from './in-memory-rate-limit-store.js';
import { isPromise, type MaybePromise } from './maybe-promise.js';
import { parseBucketKey, type BucketLabel } from './planned-bucket.js';
import type { RateLimitRefusal } from './rate-limit-decision.js';
import { RateLimitPolicy, type LimitNumbers, type ProviderLimitConfig, type RateLimitConfig } from './rate-limit-policy.js';
import { BucketReservation, UNLIMITED_RESERVATION, type RateLimitReservation } from './rate-limit-reservation.js';
import type { RateLimitStore, StoredBucket } from './rate-limit-store.js';
import { takeBuckets, type LimiterParts } from './take-buckets.js';
import { msUntilLevel } from './token-bucket.js';

export interface RateLimiterOptions {
  /** `security.rate_limit`. */
  config: Readonly<RateLimitConfig>;
  /** `providers`: each section's `requests_per_minute`, `burst_size`, `tokens_per_minute`. */
  providers?: Readonly<Record<string, Readonly<ProviderLimitConfig>>>;
  /** Completion tokens reserved when a request names no `max_tokens`. */
  defaultMaxTokens?: number;
  store?: RateLimitStore;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  estimateTokens?: (request: ChatRequest, defaultMaxTokens: number) => TokenEstimate;
  /** A shared store's failed settlement; the request itself has already been answered. */
  onStoreError?: (error: unknown) => void;
}

export interface ReserveInput {
  /** The authenticated caller: buckets are keyed on its key id, never on client-sent headers. */
  principal: Principal;
  /** The provider of the first target routing picked. */
  provider: string;
  request: ChatRequest;
}

export type ReserveResult = RateLimitReservation | RateLimitRefusal;

export interface BucketSnapshot extends BucketLabel {
  limit: number;
  remaining: number;
  resetMs: number;
}

export interface RateLimitSnapshot {
  enabled: boolean;
  perProvider: boolean;
  defaultMaxTokens: number;
  principal: LimitNumbers;
  providers: Record<string, LimitNumbers>;
  /** Buckets that are not full (a full bucket is the same as an unused one). */
  buckets: BucketSnapshot[];
}

/**
 * Token-bucket limits on requests and tokens per key, per key × provider, per key `--rpm` and
 * per provider. `reserve` takes every applicable bucket or none; with the in-memory store it
 * answers synchronously, so concurrent requests can never both take the last token.
 */
export class RateLimiter {
  readonly #parts: LimiterParts;
  readonly #config: Readonly<RateLimitConfig>;
  readonly #defaultMaxTokens: number;
  readonly #estimateTokens: (request: ChatRequest, defaultMaxTokens: number) => TokenEstimate;

  constructor(options: RateLimiterOptions) {
    const {
      config,
      providers = {},
      defaultMaxTokens = 1024,
      store = new InMemoryRateLimitStore(),
      now = Date.now,
      estimateTokens = estimateRequestTokens,
      onStoreError = () => {},
    } = options;
    this.#config = config;
    this.#defaultMaxTokens = defaultMaxTokens;
    this.#estimateTokens = estimateTokens;
    this.#parts = { store, policy: new RateLimitPolicy(config, providers), now, onStoreError };
  }

  /**
   * Admits the request against every bucket that applies, or refuses it. The caller must end an
   * admitted reservation with `settle` (the request went upstream) or `release` (it did not).
   */
  reserve(input: ReserveInput): MaybePromise<ReserveResult> {
    const parts = this.#parts;
    if (!parts.policy.enabled) return UNLIMITED_RESERVATION;
    const { principal, provider, request } = input;
    const estimate = parts.policy.countsTokens ? this.#estimateTokens(request, this.#defaultMaxTokens) : undefined;
    const buckets = parts.policy.principalBuckets(principal, estimate).concat(parts.policy.providerBuckets(principal, provider, estimate));
    const taken = takeBuckets(parts, buckets, estimate);
    if (isPromise(taken)) {
      return taken.then((result) => (result.ok ? new BucketReservation(parts, principal, provider, estimate, buckets, result.levels) : result));
    }
    return taken.ok ? new BucketReservation(parts, principal, provider, estimate, buckets, taken.levels) : taken;
  }

  /** For `GET /admin/limits`. */
  snapshot(): MaybePromise<RateLimitSnapshot> {
    const now = this.#parts.now();
    const stored = this.#parts.store.list(now);
    if (isPromise(stored)) return stored.then((buckets) => this.#snapshotOf(buckets));
    return this.#snapshotOf(stored);
  }

  #snapshotOf(stored: readonly StoredBucket[]): RateLimitSnapshot {
    const buckets: BucketSnapshot[] = [];
    for (const bucket of stored) {
      const label = parseBucketKey(bucket.key);
      if (label === undefined) continue;
      const remaining = Math.floor(Math.max(0, bucket.level));
      buckets.push({ ...label, limit: bucket.rule.capacity, remaining, resetMs: msUntilLevel(bucket.level, bucket.rule.capacity, bucket.rule) });
    }
    const described = this.#parts.policy.describe();
    return {
      enabled: this.#config.enabled,
      perProvider: this.#config.per_provider,
      defaultMaxTokens: this.#defaultMaxTokens,
      principal: described.principal,
      providers: described.providers,
      buckets,
    };
  }
}
