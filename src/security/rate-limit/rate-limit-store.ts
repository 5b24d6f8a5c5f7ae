import type { MaybePromise } from './maybe-promise.js';
import type { BucketRule } from './token-bucket.js';

/** One bucket touched by an operation: which, under which rule, by how many tokens. */
export interface BucketTake {
  readonly key: string;
  readonly rule: BucketRule;
  readonly amount: number;
}

export interface TakeOutcome {
  readonly ok: boolean;
  /**
   * Per take, in order: the level after the take when `ok`, else the level found (nothing was
   * taken from any bucket).
   */
  readonly levels: readonly number[];
}

export interface StoredBucket {
  readonly key: string;
  readonly rule: BucketRule;
  readonly level: number;
}

/**
 * Where bucket levels live. The in-memory store answers synchronously; a shared store (Redis)
 * may answer with promises, and must then make `takeAll` atomic on the server (one script), so
 * that concurrent gateways never admit more than a bucket holds.
 *
 * Keys within one call are distinct. `now` is the caller's clock in milliseconds.
 */
export interface RateLimitStore {
  /** Takes `amount` from every bucket if each holds at least that much, otherwise from none. */
  takeAll(takes: readonly BucketTake[], now: number): MaybePromise<TakeOutcome>;
  /**
   * Unconditional changes: a positive `amount` charges (the level may fall below zero, down to
   * the rule's floor), a negative one refunds (up to capacity).
   */
  adjust(changes: readonly BucketTake[], now: number): MaybePromise<void>;
  levelOf(key: string, rule: BucketRule, now: number): MaybePromise<number>;
  /** Every bucket that is not full, for the admin view. */
  list(now: number): MaybePromise<readonly StoredBucket[]>;
}
