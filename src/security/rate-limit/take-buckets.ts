import type { TokenEstimate } from './estimate-request-tokens.js';
import { isPromise, type MaybePromise } from './maybe-promise.js';
import type { PlannedBucket } from './planned-bucket.js';
import { refusalFor, tooLargeRefusal, type RateLimitRefusal } from './rate-limit-decision.js';
import type { RateLimitPolicy } from './rate-limit-policy.js';
import type { BucketTake, RateLimitStore, TakeOutcome } from './rate-limit-store.js';

/** What a limiter and its reservations share. */
export interface LimiterParts {
  readonly store: RateLimitStore;
  readonly policy: RateLimitPolicy;
  readonly now: () => number;
  readonly onStoreError: (error: unknown) => void;
}

export interface TakenBuckets {
  readonly ok: true;
  /** Each bucket's level after the take, in order. */
  readonly levels: readonly number[];
}

/**
 * Takes one request's buckets all or none. With the in-memory store this returns synchronously,
 * having read and written every bucket without yielding, which is what makes it exact.
 */
export function takeBuckets(
  parts: LimiterParts,
  buckets: readonly PlannedBucket[],
  estimate: TokenEstimate | undefined,
): MaybePromise<TakenBuckets | RateLimitRefusal> {
  if (estimate !== undefined) {
    for (const bucket of buckets) {
      if (bucket.kind === 'tokens' && estimate.promptTokens > bucket.rule.capacity) return tooLargeRefusal(bucket, estimate.promptTokens);
    }
  }
  if (buckets.length === 0) return { ok: true, levels: [] };
  const outcome = parts.store.takeAll(buckets, parts.now());
  if (isPromise(outcome)) return outcome.then((settled) => decide(buckets, settled));
  return decide(buckets, outcome);
}

/** Applies charges and refunds; a shared store's failure is reported, never thrown at the caller. */
export function adjustBuckets(parts: LimiterParts, changes: readonly BucketTake[]): void {
  if (changes.length === 0) return;
  try {
    const result = parts.store.adjust(changes, parts.now());
    if (isPromise(result)) result.catch(parts.onStoreError);
  } catch (error) {
    parts.onStoreError(error);
  }
}

function decide(buckets: readonly PlannedBucket[], outcome: TakeOutcome): TakenBuckets | RateLimitRefusal {
  return outcome.ok ? { ok: true, levels: outcome.levels } : refusalFor(buckets, outcome.levels);
}
