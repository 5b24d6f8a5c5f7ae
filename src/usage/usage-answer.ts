import { GatewayError } from '../core/errors.js';
import type { UsageQuery, UsageRow } from '../store/usage-store.js';
import type { BudgetLabel } from './budget-refusal.js';
import { openUsageStore } from './open-usage-store.js';
import { parseSince } from './parse-since.js';
import { isUsageDimension, summarizeUsage, USAGE_DIMENSIONS, type SummarizeOptions, type UsageReport } from './usage-report.js';

/** Where `GET /admin/usage` reads rows: the gateway's recorder (which flushes first), or the store. */
export interface UsageSource {
  query(query?: UsageQuery): Promise<UsageRow[]>;
}

/** The running budgets, when the gateway has a ledger. */
export interface BudgetSource {
  describeTenants(): BudgetLabel[];
}

export interface UsageAnswer extends UsageReport {
  /** Tenant budgets as they stand (only when a ledger is given). */
  budgets?: BudgetLabel[];
}

/**
 * `GET /admin/usage?by=tenant|key|provider|model|day&since=2026-11-01|7d&until=2026-11-30`: the
 * report `securellm usage --json` prints. Bad parameters are 400 naming the parameter.
 */
export async function describeUsage(requestUrl: string | undefined, source: UsageSource, budgets?: BudgetSource, now: number = Date.now()): Promise<UsageAnswer> {
  const parameters = new URL(requestUrl ?? '/', 'http://admin.invalid').searchParams;
  const options: SummarizeOptions = {};
  const by = parameters.get('by');
  if (by !== null) {
    if (!isUsageDimension(by)) throw new GatewayError('invalid_request', `by must be one of ${USAGE_DIMENSIONS.join(', ')}`, { param: 'by' });
    options.by = by;
  }
  options.since = dayParameter(parameters.get('since'), 'since', now);
  options.until = dayParameter(parameters.get('until'), 'until', now);
  if (options.since === undefined) delete options.since;
  if (options.until === undefined) delete options.until;
  const query: UsageQuery = {};
  if (options.since !== undefined) query.since = options.since;
  if (options.until !== undefined) query.until = options.until;
  const answer: UsageAnswer = summarizeUsage(await source.query(query), options);
  if (budgets !== undefined) answer.budgets = budgets.describeTenants();
  return answer;
}

/** Opens the store `[storage] url` names for one query and closes it, as the CLI does. */
export function usageStorePerUse(url: string): UsageSource {
  return {
    async query(query) {
      const store = openUsageStore(url);
      try {
        return await store.query(query);
      } finally {
        await store.close();
      }
    },
  };
}

function dayParameter(value: string | null, name: string, now: number): string | undefined {
  if (value === null) return undefined;
  try {
    return parseSince(value, now);
  } catch (error) {
    throw new GatewayError('invalid_request', (error as Error).message.replace('--since', name), { param: name });
  }
}
