import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest } from '../core/types.js';

/** The request header that opts in or out, and the response header that says what happened. */
export const CACHE_HEADER = 'x-securellm-cache';

/**
 * What the client asked of the cache: `default` (no header: deterministic requests only),
 * `use` (cache this request whatever its sampling settings) or `no-store` (neither read nor write).
 */
export type CacheDirective = 'default' | 'use' | 'no-store';

/** @throws GatewayError `invalid_request` for any other header value. */
export function cacheDirectiveOf(headers: IncomingHttpHeaders): CacheDirective {
  const value = headers[CACHE_HEADER];
  if (value === undefined) return 'default';
  const directive = (Array.isArray(value) ? value.join(',') : value).trim().toLowerCase();
  if (directive === 'use' || directive === 'no-store') return directive;
  throw new GatewayError('invalid_request', `header ${CACHE_HEADER} takes 'use' or 'no-store'`, { param: CACHE_HEADER });
}

/**
 * Only an answer the model would give again is served again: a request at temperature 0 (either
 * API format), or one whose client asked for the cache. Anything else samples, and a client that
 * asks twice expects two draws.
 */
export function isCacheable(request: ChatRequest, directive: CacheDirective): boolean {
  if (directive === 'no-store') return false;
  return directive === 'use' || request.temperature === 0;
}
