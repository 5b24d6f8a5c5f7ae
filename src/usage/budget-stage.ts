import type { GatewayError } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { ChatRequest } from '../core/types.js';
import type { Target } from '../routing/target.js';
import type { TokenEstimate } from '../security/rate-limit/estimate-request-tokens.js';
import type { UsageStore } from '../store/usage-store.js';
import type { BudgetLedger } from './budget-ledger.js';
import type { BudgetReservation } from './budget-reservation.js';
import type { Cost } from './pricing.js';
import { periodStart, utcDay } from './utc-period.js';

/** The part of the request context the budget stage reads and writes. */
export interface BudgetStageContext {
  principal?: Principal;
  /** What the budgets hold for this request, settled when it ends. */
  budget?: BudgetReservation;
  /** The rate limiter's hold: its token estimate is reused, and it is released on a budget refusal. */
  reservation?: { readonly estimate: TokenEstimate | undefined; release(): void };
  target?: Target;
  cost?: Cost;
}

/**
 * Stage 4, after the rate limits: holds the estimated cost of the request at the first target's
 * price on every budget that applies. A refusal releases the rate limiter's hold (the request
 * never left) and is thrown.
 */
export function reserveBudget(ledger: BudgetLedger, context: BudgetStageContext, request: ChatRequest, targets: readonly Target[]): void {
  const principal = context.principal;
  const first = targets[0];
  if (principal === undefined || first === undefined) return;
  const tokens = context.reservation?.estimate;
  const result = ledger.reserve({ principal, provider: first.provider, model: first.model, request, ...(tokens === undefined ? {} : { tokens }) });
  if (!result.ok) {
    context.reservation?.release();
    throw result.error;
  }
  context.budget = result;
}

/** For routing's `beforeTarget`: a fallback re-prices the hold at the new target's model, or is skipped. */
export function retargetBudget(context: BudgetStageContext, target: Target): GatewayError | undefined {
  return context.budget?.retarget(target.provider, target.model)?.error;
}

/**
 * Ends the hold: released when no target answered (nothing was charged upstream), else settled
 * with `context.cost`, which the pipeline computes from the provider's usage or, for a stream cut
 * before its usage, from the estimate.
 */
export function settleBudget(context: BudgetStageContext): void {
  const budget = context.budget;
  if (budget === undefined) return;
  if (context.target === undefined) budget.release();
  else budget.settle(context.cost?.usd ?? 0);
}

/** Loads this month's stored usage into the ledger; call once at start, before serving. */
export async function seedBudgetLedger(ledger: BudgetLedger, store: Pick<UsageStore, 'query'>, now: number = Date.now()): Promise<void> {
  ledger.seed(await store.query({ since: utcDay(periodStart('month', now)) }));
}
