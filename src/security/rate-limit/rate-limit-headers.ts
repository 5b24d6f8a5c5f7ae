import { formatResetDuration, retryAfterSeconds } from './format-reset-duration.js';

/** What one bucket says about itself in response headers. */
export interface LimitReading {
  /** The most the bucket holds: requests (burst) or tokens that may go at once. */
  limit: number;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
}

export type RateLimitHeaders = Readonly<Record<string, string>>;

/**
 * The `x-ratelimit-*` headers OpenAI sends and OpenAI clients read, for the requests and the
 * tokens reading (either may be absent when no such limit applies), plus `retry-after` on a
 * refusal.
 * @see https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
 */
export function rateLimitHeaders(requests: LimitReading | undefined, tokens: LimitReading | undefined, retryAfterMs?: number): RateLimitHeaders {
  const headers: Record<string, string> = {};
  if (requests !== undefined) writeReading(headers, 'requests', requests);
  if (tokens !== undefined) writeReading(headers, 'tokens', tokens);
  if (retryAfterMs !== undefined) headers['retry-after'] = String(retryAfterSeconds(retryAfterMs));
  return headers;
}

function writeReading(headers: Record<string, string>, kind: 'requests' | 'tokens', reading: LimitReading): void {
  headers[`x-ratelimit-limit-${kind}`] = String(reading.limit);
  headers[`x-ratelimit-remaining-${kind}`] = String(Math.max(0, Math.floor(reading.remaining)));
  headers[`x-ratelimit-reset-${kind}`] = formatResetDuration(reading.resetMs);
}
