/**
 * A duration the way OpenAI writes `x-ratelimit-reset-*` (Go's `time.Duration` text): `20ms`,
 * `1s`, `1.5s`, `6m0s`, `1h2m3s`. Clients that parse these headers (and people reading them)
 * already understand this form. Input is rounded up to whole milliseconds, so a wait is never
 * understated.
 * @see https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
 */
export function formatResetDuration(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = formatSeconds(total % 60_000);
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** Whole seconds, with up to three decimals and no trailing zeros (`1.5`, `0`, `12.034`). */
function formatSeconds(milliseconds: number): string {
  const whole = Math.floor(milliseconds / 1000);
  const fraction = milliseconds % 1000;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}

/** `Retry-After` in whole seconds, rounded up so a client that obeys it is not refused again. */
export function retryAfterSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1000));
}
