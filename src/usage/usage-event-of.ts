import type { Principal } from '../core/principal.js';
import type { ChatRequest, Usage } from '../core/types.js';
import type { Target } from '../routing/target.js';
import type { Cost } from './pricing.js';
import type { UsageEvent } from './usage-recorder.js';

/** The part of the request context a usage event is made from. */
export interface UsageEventContext {
  principal?: Principal;
  request?: ChatRequest;
  target?: Target;
  usage?: Usage;
  cost?: Cost;
  status: number;
  errorCode?: string;
  partial: boolean;
  /** Set by the cache stage; a hit is recorded under provider `cache` (see CACHE_PROVIDER). */
  cache?: 'hit' | 'miss';
}

/**
 * The provider column of an answer served from the response cache: its model column is the
 * `provider/model` that first produced it, its tokens are the answer's (the prompt's counted as
 * cached) and its cost is zero, so `securellm usage --by provider` shows hits on a line of their own.
 */
export const CACHE_PROVIDER = 'cache';

/**
 * The usage event of a finished request, or undefined for one that never got past
 * authentication (it belongs to no tenant; the audit log and metrics count those). A request
 * that failed before a provider was chosen is recorded under provider `-` and the model asked for.
 */
export function usageEventOf(context: UsageEventContext, options: { estimated?: boolean } = {}): UsageEvent | undefined {
  const principal = context.principal;
  if (principal === undefined) return undefined;
  const event: UsageEvent = { tenant: principal.tenant, keyId: principal.keyId };
  if (context.target !== undefined && context.cache === 'hit') {
    event.provider = CACHE_PROVIDER;
    event.model = context.target.id;
  } else if (context.target !== undefined) {
    event.provider = context.target.provider;
    event.model = context.target.model;
  } else if (context.request !== undefined) {
    event.model = context.request.model;
  }
  if (context.usage !== undefined) event.usage = context.usage;
  if (context.cost !== undefined) event.costUsd = context.cost.usd;
  if (context.errorCode !== undefined || context.status >= 400) event.error = true;
  // Only a stream that started can be cut; a refusal is an error, not a partial stream.
  if (context.partial && context.target !== undefined) event.partial = true;
  if (options.estimated === true) event.estimated = true;
  return event;
}
