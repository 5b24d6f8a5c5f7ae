import type { Principal } from '../../core/principal.js';
import type { Usage } from '../../core/types.js';
import type { TokenEstimate } from './estimate-request-tokens.js';
import { isPromise, type MaybePromise } from './maybe-promise.js';
import type { PlannedBucket } from './planned-bucket.js';
import { admittedHeaders, type RateLimitRefusal } from './rate-limit-decision.js';
import type { RateLimitHeaders } from './rate-limit-headers.js';
import type { BucketTake } from './rate-limit-store.js';
import { adjustBuckets, takeBuckets, type LimiterParts, type TakenBuckets } from './take-buckets.js';

export type SettledUsage = Pick<Usage, 'promptTokens' | 'completionTokens'>;

/**
 * An admitted request's hold on its buckets. Exactly one of `settle` and `release` takes effect;
 * later calls are ignored, so both can sit in `finally` blocks.
 */
export interface RateLimitReservation {
  readonly ok: true;
  /** `x-ratelimit-*` headers for the response (empty when limits are off). */
  readonly headers: RateLimitHeaders;
  /** The provider whose buckets are held. */
  readonly provider: string | undefined;
  /** What was reserved; undefined when no token limit applies. */
  readonly estimate: TokenEstimate | undefined;
  /**
   * The request went upstream and used `usage` (for a stream cut short: what was delivered).
   * Token buckets get back what was over-reserved, or are charged what was under-reserved.
   */
  settle(usage: SettledUsage): void;
  /** The request never reached a provider: everything taken is given back. */
  release(): void;
  /**
   * Routing falls back to `provider`: takes its buckets (all or none). On success the previous
   * provider's token reservation is refunded (its failed attempt used none) while its request
   * count stays spent (the upstream saw the attempt). On refusal nothing changes and the target
   * should be skipped.
   */
  retarget(provider: string): MaybePromise<RateLimitRefusal | undefined>;
}

/** Limits are off: admits everything and holds nothing. */
export const UNLIMITED_RESERVATION: RateLimitReservation = Object.freeze({
  ok: true as const,
  headers: Object.freeze({}),
  provider: undefined,
  estimate: undefined,
  settle(): void {},
  release(): void {},
  retarget(): undefined {
    return undefined;
  },
});

export class BucketReservation implements RateLimitReservation {
  readonly ok = true as const;
  readonly estimate: TokenEstimate | undefined;
  readonly #parts: LimiterParts;
  readonly #principal: Principal;
  #provider: string;
  #buckets: PlannedBucket[];
  #levels: number[];
  #headers: RateLimitHeaders | undefined;
  #open = true;

  constructor(parts: LimiterParts, principal: Principal, provider: string, estimate: TokenEstimate | undefined, buckets: PlannedBucket[], levels: readonly number[]) {
    this.#parts = parts;
    this.#principal = principal;
    this.#provider = provider;
    this.estimate = estimate;
    this.#buckets = buckets;
    this.#levels = [...levels];
  }

  get provider(): string {
    return this.#provider;
  }

  get headers(): RateLimitHeaders {
    this.#headers ??= admittedHeaders(this.#buckets, this.#levels);
    return this.#headers;
  }

  settle(usage: SettledUsage): void {
    if (!this.#open) return;
    this.#open = false;
    const used = Math.max(0, usage.promptTokens) + Math.max(0, usage.completionTokens);
    const changes: BucketTake[] = [];
    for (const bucket of this.#buckets) {
      if (bucket.kind === 'tokens' && used !== bucket.amount) changes.push({ key: bucket.key, rule: bucket.rule, amount: used - bucket.amount });
    }
    adjustBuckets(this.#parts, changes);
  }

  release(): void {
    if (!this.#open) return;
    this.#open = false;
    adjustBuckets(this.#parts, this.#buckets.map(refundOf));
  }

  retarget(provider: string): MaybePromise<RateLimitRefusal | undefined> {
    if (!this.#open || provider === this.#provider) return undefined;
    const incoming = this.#parts.policy.providerBuckets(this.#principal, provider, this.estimate);
    const taken = takeBuckets(this.#parts, incoming, this.estimate);
    if (isPromise(taken)) return taken.then((result) => this.#switch(provider, incoming, result));
    return this.#switch(provider, incoming, taken);
  }

  #switch(provider: string, incoming: PlannedBucket[], taken: TakenBuckets | RateLimitRefusal): RateLimitRefusal | undefined {
    if (!taken.ok) return taken;
    if (!this.#open) {
      // Settled or released while a shared store was answering: give the new hold straight back.
      adjustBuckets(this.#parts, incoming.map(refundOf));
      return undefined;
    }
    const buckets: PlannedBucket[] = [];
    const levels: number[] = [];
    const refunds: BucketTake[] = [];
    for (let index = 0; index < this.#buckets.length; index += 1) {
      const bucket = this.#buckets[index] as PlannedBucket;
      if (bucket.provider === undefined) {
        buckets.push(bucket);
        levels.push(this.#levels[index] as number);
      } else if (bucket.kind === 'tokens') {
        refunds.push(refundOf(bucket));
      }
    }
    adjustBuckets(this.#parts, refunds);
    this.#provider = provider;
    this.#buckets = buckets.concat(incoming);
    this.#levels = levels.concat(taken.levels);
    this.#headers = undefined;
    return undefined;
  }
}

function refundOf(bucket: PlannedBucket): BucketTake {
  return { key: bucket.key, rule: bucket.rule, amount: -bucket.amount };
}
