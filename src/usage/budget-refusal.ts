import { GatewayError, type ErrorCode } from '../core/errors.js';
import { formatResetDuration } from '../security/rate-limit/format-reset-duration.js';
import { resetsAt, type BudgetAccount, type BudgetScope } from './budget-account.js';
import { formatUsdAmount, fromNanoUsd } from './usd-amount.js';
import { periodAdjective, type BudgetPeriod } from './utc-period.js';

/**
 * The code of a refusal because a budget is spent for its period. Proposed for ERROR_CODES:
 * `budget_exceeded: { status: 429, retryable: false }` (429 like OpenAI's own `insufficient_quota`,
 * with Retry-After at the reset; not retryable, so nothing retries it before then). Until the
 * code exists this is `rate_limited`, which gives clients the same status and Retry-After.
 */
export const BUDGET_EXCEEDED_CODE: ErrorCode = 'budget_exceeded';

/** While requests in flight hold the rest of a budget: they settle within seconds, usually below their hold. */
export const BUDGET_HELD_RETRY_MS = 1000;

export interface BudgetLabel {
  scope: BudgetScope;
  owner: string;
  period: BudgetPeriod;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  /** ISO time the period ends. */
  resetsAt: string;
}

/** A request a budget refuses; the caller throws `error`. */
export interface BudgetRefusal {
  readonly ok: false;
  readonly error: GatewayError;
  /** The budget that refused, for metrics and the audit record. */
  readonly budget: BudgetLabel;
}

/**
 * Refusal naming the budget that binds: a spent budget (wait for its reset) before one held by
 * requests in flight (retry in a second), and among spent ones the latest reset, since the
 * request cannot go before every one of them has reset.
 */
export function budgetRefusal(failing: readonly BudgetAccount[], estimateNanos: number, now: number): BudgetRefusal {
  let binding = failing[0] as BudgetAccount;
  for (const account of failing) {
    const spent = isSpent(account, estimateNanos);
    const bindingSpent = isSpent(binding, estimateNanos);
    if ((spent && !bindingSpent) || (spent === bindingSpent && resetsAt(account) > resetsAt(binding))) binding = account;
  }
  const name = `${describeOwner(binding)}'s ${periodAdjective(binding.period)} budget of ${formatUsdAmount(fromNanoUsd(binding.limitNanos))}`;
  const used = formatUsdAmount(fromNanoUsd(binding.spentNanos));
  const cost = formatUsdAmount(fromNanoUsd(estimateNanos));
  const reset = resetsAt(binding);
  const untilReset = reset - now;
  let error: GatewayError;
  if (estimateNanos > binding.limitNanos) {
    error = new GatewayError('request_too_expensive', `request too expensive: it may cost up to ${cost} (prompt and max_tokens), more than ${name} allows; lower max_tokens`);
  } else if (isSpent(binding, estimateNanos)) {
    const message = `budget exceeded: ${name} is spent (${used} used; this request may cost up to ${cost}); it resets at ${new Date(reset).toISOString()}, in ${formatResetDuration(untilReset)}`;
    error = new GatewayError(BUDGET_EXCEEDED_CODE, message, { retryAfterMs: untilReset });
  } else {
    const held = formatUsdAmount(fromNanoUsd(binding.reservedNanos));
    const message = `budget busy: ${held} of ${name} is held by requests in flight (${used} used); retry in ${formatResetDuration(BUDGET_HELD_RETRY_MS)}`;
    error = new GatewayError('rate_limited', message, { retryAfterMs: BUDGET_HELD_RETRY_MS });
  }
  return { ok: false, error, budget: labelOf(binding) };
}

export function labelOf(account: BudgetAccount): BudgetLabel {
  return {
    scope: account.scope,
    owner: account.owner,
    period: account.period,
    limitUsd: fromNanoUsd(account.limitNanos),
    spentUsd: fromNanoUsd(account.spentNanos),
    reservedUsd: fromNanoUsd(account.reservedNanos),
    resetsAt: new Date(resetsAt(account)).toISOString(),
  };
}

/** Spent: even with nothing in flight the request would not fit before the reset. */
function isSpent(account: BudgetAccount, estimateNanos: number): boolean {
  return account.spentNanos + estimateNanos > account.limitNanos || (estimateNanos === 0 && account.spentNanos >= account.limitNanos);
}

function describeOwner(account: BudgetAccount): string {
  return account.scope === 'key' ? `API key ${account.owner}` : `tenant ${account.owner}`;
}
