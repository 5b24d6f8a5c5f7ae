/** What one row of usage is about: one UTC day, one key of one tenant, one provider's model. */
export interface UsageKey {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  tenant: string;
  keyId: string;
  /** `-` when the request failed before any provider was chosen. */
  provider: string;
  model: string;
}

/** Counters summed over the requests of one key (see UsageKey). */
export interface UsageCounters {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  /** Requests that ended in an error (refusals after authentication included). */
  errors: number;
  /** Streams that ended before their finish event (client gone, upstream cut). */
  partialStreams: number;
  /** Requests whose tokens are the gateway's estimate, the provider having reported none. */
  estimatedRequests: number;
}

export interface UsageRow extends UsageKey, UsageCounters {}

/** Which days to read; both ends inclusive, `YYYY-MM-DD`. */
export interface UsageQuery {
  since?: string;
  until?: string;
}

/**
 * Where usage totals live. `add` increments (never replaces), so several writers (a restarted
 * gateway, a second replica) can only add to each other's counts. Asynchronous although SQLite
 * is not, so that PostgreSQL can implement the same contract.
 */
export interface UsageStore {
  /** Adds each row's counters to the stored row with the same key, in one transaction. */
  add(rows: readonly UsageRow[]): Promise<void>;
  /** Stored rows in the days asked for, ordered by day, tenant, key, provider, model. */
  query(query?: UsageQuery): Promise<UsageRow[]>;
  close(): Promise<void>;
}

export function emptyCounters(): UsageCounters {
  return { requests: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0, errors: 0, partialStreams: 0, estimatedRequests: 0 };
}

/** Adds `from` into `into`, in place. */
export function addCounters(into: UsageCounters, from: Readonly<UsageCounters>): void {
  into.requests += from.requests;
  into.promptTokens += from.promptTokens;
  into.completionTokens += from.completionTokens;
  into.cachedTokens += from.cachedTokens;
  into.costUsd += from.costUsd;
  into.errors += from.errors;
  into.partialStreams += from.partialStreams;
  into.estimatedRequests += from.estimatedRequests;
}
