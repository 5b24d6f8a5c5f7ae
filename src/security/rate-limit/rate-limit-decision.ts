import { GatewayError } from '../../core/errors.js';
import { formatResetDuration } from './format-reset-duration.js';
import { rateLimitHeaders, type LimitReading, type RateLimitHeaders } from './rate-limit-headers.js';
import type { BucketKind, BucketLabel, PlannedBucket } from './planned-bucket.js';
import { msUntilLevel } from './token-bucket.js';

/** A request the limits refuse: the caller answers 429 with `error` and `headers`. */
export interface RateLimitRefusal {
  readonly ok: false;
  /** `rate_limited`, naming the limit; `retryAfterMs` is set unless waiting cannot help. */
  readonly error: GatewayError;
  readonly headers: RateLimitHeaders;
  /** The limit that refused, for metrics and the audit record. */
  readonly limit: BucketLabel;
}

/**
 * Headers for an admitted request. Only the key's own buckets are reported: the provider-wide
 * bucket's level would tell every key how busy the others keep that provider.
 */
export function admittedHeaders(buckets: readonly PlannedBucket[], levels: readonly number[]): RateLimitHeaders {
  return rateLimitHeaders(tightest(buckets, levels, 'requests'), tightest(buckets, levels, 'tokens'));
}

/** Refusal for a take that found too little: names the bucket with the longest wait. */
export function refusalFor(buckets: readonly PlannedBucket[], levels: readonly number[]): RateLimitRefusal {
  let binding = 0;
  let waitMs = -1;
  for (let index = 0; index < buckets.length; index += 1) {
    const bucket = buckets[index] as PlannedBucket;
    const wait = msUntilLevel(levels[index] as number, bucket.amount, bucket.rule);
    if (wait > waitMs) {
      waitMs = wait;
      binding = index;
    }
  }
  const bucket = buckets[binding] as PlannedBucket;
  const reading = readingOf(bucket, levels[binding] as number);
  const requests = bucket.kind === 'requests' ? reading : tightest(buckets, levels, 'requests');
  const tokens = bucket.kind === 'tokens' ? reading : tightest(buckets, levels, 'tokens');
  const message = `rate limit exceeded: ${describeBucket(bucket)}; retry in ${formatResetDuration(waitMs)}`;
  return {
    ok: false,
    error: new GatewayError('rate_limited', message, { retryAfterMs: waitMs }),
    headers: rateLimitHeaders(requests, tokens, waitMs),
    limit: labelOf(bucket),
  };
}

/** Refusal for a prompt larger than a whole token bucket: no wait makes it fit. */
export function tooLargeRefusal(bucket: PlannedBucket, promptTokens: number): RateLimitRefusal {
  const message = `request too large: its prompt has about ${promptTokens} tokens, more than ${describeBucket(bucket)} allows at once`;
  return {
    ok: false,
    error: new GatewayError('rate_limited', message),
    headers: rateLimitHeaders(undefined, readingOf(bucket, bucket.rule.capacity)),
    limit: labelOf(bucket),
  };
}

export function describeBucket(bucket: PlannedBucket): string {
  const amount = `${bucket.perMinute} ${bucket.kind} per minute`;
  const burst = bucket.kind === 'requests' ? ` (burst ${bucket.rule.capacity})` : '';
  switch (bucket.scope) {
    case 'principal':
      return `API key ${bucket.keyId ?? ''} may use ${amount}${burst}`;
    case 'principal_provider':
      return `API key ${bucket.keyId ?? ''} may use ${amount}${burst} on provider ${bucket.provider ?? ''}`;
    case 'key_rpm':
      return `API key ${bucket.keyId ?? ''} is limited to ${amount}${burst} by its own rpm setting`;
    case 'provider':
      return `provider ${bucket.provider ?? ''} accepts ${amount}${burst} from this gateway`;
    default: {
      const unknownScope: never = bucket.scope;
      return String(unknownScope);
    }
  }
}

/** The reading with the fewest remaining among the key's own buckets of one kind. */
function tightest(buckets: readonly PlannedBucket[], levels: readonly number[], kind: BucketKind): LimitReading | undefined {
  let chosen: LimitReading | undefined;
  for (let index = 0; index < buckets.length; index += 1) {
    const bucket = buckets[index] as PlannedBucket;
    if (bucket.kind !== kind || bucket.scope === 'provider') continue;
    const reading = readingOf(bucket, levels[index] as number);
    if (chosen === undefined || reading.remaining < chosen.remaining || (reading.remaining === chosen.remaining && reading.resetMs > chosen.resetMs)) {
      chosen = reading;
    }
  }
  return chosen;
}

function readingOf(bucket: PlannedBucket, level: number): LimitReading {
  return { limit: bucket.rule.capacity, remaining: Math.floor(Math.max(0, level)), resetMs: msUntilLevel(level, bucket.rule.capacity, bucket.rule) };
}

function labelOf(bucket: PlannedBucket): BucketLabel {
  const { kind, scope, provider, keyId } = bucket;
  return { kind, scope, ...(provider === undefined ? {} : { provider }), ...(keyId === undefined ? {} : { keyId }) };
}
