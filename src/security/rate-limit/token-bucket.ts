/**
 * Token-bucket arithmetic, shared by every store so they agree on refill math. A bucket holds up
 * to `capacity` tokens and gains `refillPerMs` tokens per millisecond; takes beyond what it holds
 * are refused, while settlement charges may push it below zero (down to `floor`), so an
 * underestimate is paid back by waiting instead of being forgiven.
 */
export interface BucketRule {
  readonly capacity: number;
  readonly refillPerMs: number;
  /** Lowest level a charge may leave; defaults to `-capacity`, so one bad estimate costs at most a refill period. */
  readonly floor?: number;
}

export interface BucketState {
  tokens: number;
  /** The clock reading `tokens` was true at. */
  updatedAt: number;
}

const MS_PER_MINUTE = 60_000;

export function bucketRule(perMinute: number, capacity: number, floor?: number): BucketRule {
  const rule = { capacity, refillPerMs: perMinute / MS_PER_MINUTE };
  return floor === undefined ? rule : { ...rule, floor };
}

/** The bucket's level at `now`; an unseen bucket is full. A clock that went backwards refills nothing. */
export function levelAt(state: BucketState | undefined, rule: BucketRule, now: number): number {
  if (state === undefined) return rule.capacity;
  const elapsed = now - state.updatedAt;
  if (elapsed <= 0) return Math.min(state.tokens, rule.capacity);
  return Math.min(rule.capacity, state.tokens + elapsed * rule.refillPerMs);
}

/** Clamps a level after a charge or refund to what the rule allows. */
export function clampLevel(level: number, rule: BucketRule): number {
  return Math.max(rule.floor ?? -rule.capacity, Math.min(rule.capacity, level));
}

/** Whole milliseconds until the bucket holds `target` tokens (0 when it already does). */
export function msUntilLevel(level: number, target: number, rule: BucketRule): number {
  if (level >= target) return 0;
  if (rule.refillPerMs <= 0) return Number.POSITIVE_INFINITY;
  return Math.ceil((target - level) / rule.refillPerMs);
}
