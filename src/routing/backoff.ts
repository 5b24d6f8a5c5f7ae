import type { RoutingConfig } from '../config/schema.js';

export type BackoffOptions = Pick<RoutingConfig, 'backoff_initial_ms' | 'backoff_max_ms'>;

/**
 * Exponential backoff with full jitter: a uniform draw below the capped exponential ceiling, so
 * many clients failing together do not retry in lock-step.
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 *
 * @param attempt 0 for the wait after the first failure, 1 after the second, …
 * @param random a draw in [0, 1); injected so tests can pin it.
 */
export function backoffDelay(attempt: number, options: Readonly<BackoffOptions>, random: () => number = Math.random): number {
  // Math.min copes with 2 ** attempt reaching Infinity for absurd attempt numbers.
  const ceiling = Math.min(options.backoff_max_ms, options.backoff_initial_ms * 2 ** attempt);
  return random() * ceiling;
}
