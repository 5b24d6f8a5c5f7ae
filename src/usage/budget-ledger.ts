import type { BudgetsConfig } from '../config/schema.js';
import type { Principal } from '../core/principal.js';
import type { ChatRequest } from '../core/types.js';
import { estimateRequestTokens, type TokenEstimate } from '../security/rate-limit/estimate-request-tokens.js';
import type { UsageRow } from '../store/usage-store.js';
import { accountId, fits, newAccount, rollAccount, type BudgetAccount, type BudgetScope } from './budget-account.js';
import { budgetRefusal, labelOf, type BudgetLabel, type BudgetRefusal } from './budget-refusal.js';
import { HeldBudget, UNLIMITED_BUDGET, type BudgetParts, type BudgetReservation } from './budget-reservation.js';
import type { Pricing } from './pricing.js';
import { toNanoUsd } from './usd-amount.js';
import { periodStart, utcDay, type BudgetPeriod } from './utc-period.js';

export interface BudgetLedgerOptions {
  /** `[budgets]`. */
  config: Readonly<BudgetsConfig>;
  pricing: Pick<Pricing, 'cost'>;
  /** Completion tokens reserved when a request names no `max_tokens`. */
  defaultMaxTokens?: number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  estimateTokens?: (request: ChatRequest, defaultMaxTokens: number) => TokenEstimate;
}

export interface BudgetReserveInput {
  principal: Principal;
  /** The target the request goes to first: its price makes the estimate. */
  provider: string;
  model: string;
  request: ChatRequest;
  /** The rate limiter's estimate when it made one, so the prompt is not counted twice. */
  tokens?: TokenEstimate;
}

export type BudgetReserveResult = BudgetReservation | BudgetRefusal;

/**
 * USD budgets per key (`--budget-usd`, per `key_period`: a UTC calendar month by default) and per
 * tenant (`[budgets.tenants.NAME] daily_usd, monthly_usd`, UTC day and month). Running totals live
 * in memory, seeded from stored usage at start (`seed`) and kept current by settlements, so
 * `reserve` is synchronous: check-and-hold cannot interleave with another request's, and no
 * number of concurrent requests can together hold more than a budget.
 */
export class BudgetLedger {
  readonly #config: Readonly<BudgetsConfig>;
  readonly #defaultMaxTokens: number;
  readonly #estimateTokens: (request: ChatRequest, defaultMaxTokens: number) => TokenEstimate;
  readonly #parts: BudgetParts;
  readonly #accounts = new Map<string, BudgetAccount>();

  constructor(options: BudgetLedgerOptions) {
    const { config, pricing, defaultMaxTokens = 1024, now = Date.now, estimateTokens = estimateRequestTokens } = options;
    this.#config = config;
    this.#defaultMaxTokens = defaultMaxTokens;
    this.#estimateTokens = estimateTokens;
    this.#parts = {
      now,
      priceNanos: (provider, model, tokens) => Math.max(0, toNanoUsd(pricing.cost(provider, model, tokens).usd)),
    };
  }

  /**
   * Adds stored usage to the running totals: rows of the current UTC day count toward daily
   * budgets, rows of the current month toward monthly ones, older rows toward nothing. Call once
   * at start, before serving, with the rows since the first day of the month (see seedBudgetLedger).
   */
  seed(rows: readonly UsageRow[]): void {
    const now = this.#parts.now();
    const today = utcDay(now);
    const month = utcDay(periodStart('month', now));
    for (const row of rows) {
      if (row.day < month || row.costUsd <= 0) continue;
      const nanos = toNanoUsd(row.costUsd);
      const keyPeriod = this.#config.key_period;
      this.#account('tenant', row.tenant, 'month', now).spentNanos += nanos;
      if (keyPeriod === 'month') this.#account('key', row.keyId, 'month', now).spentNanos += nanos;
      if (row.day !== today) continue;
      this.#account('tenant', row.tenant, 'day', now).spentNanos += nanos;
      if (keyPeriod === 'day') this.#account('key', row.keyId, 'day', now).spentNanos += nanos;
    }
  }

  /**
   * Holds the request's estimated cost (priced prompt tokens + max_tokens at the target's price)
   * on every budget that applies, or on none and refuses. The caller must end an admitted
   * reservation with `settle` (it reached a provider) or `release` (it did not).
   */
  reserve(input: BudgetReserveInput): BudgetReserveResult {
    const accounts = this.#applicable(input.principal);
    if (accounts.length === 0) return UNLIMITED_BUDGET;
    const tokens = input.tokens ?? this.#estimateTokens(input.request, this.#defaultMaxTokens);
    const nanos = this.#parts.priceNanos(input.provider, input.model, tokens);
    const now = this.#parts.now();
    let failing: BudgetAccount[] | undefined;
    for (const account of accounts) {
      if (!fits(account, nanos)) (failing ??= []).push(account);
    }
    if (failing !== undefined) return budgetRefusal(failing, nanos, now);
    for (const account of accounts) account.reservedNanos += nanos;
    return new HeldBudget(this.#parts, tokens, accounts, nanos);
  }

  /** The budgets that apply to `principal` as they stand, for `GET /admin/usage`. */
  describe(principal: Principal): BudgetLabel[] {
    return this.#applicable(principal).map(labelOf);
  }

  /** Every tenant budget configured, as it stands now. */
  describeTenants(): BudgetLabel[] {
    const now = this.#parts.now();
    const labels: BudgetLabel[] = [];
    for (const [tenant, budget] of Object.entries(this.#config.tenants)) {
      if (budget.daily_usd !== undefined) labels.push(labelOf(this.#withLimit('tenant', tenant, 'day', budget.daily_usd, now)));
      if (budget.monthly_usd !== undefined) labels.push(labelOf(this.#withLimit('tenant', tenant, 'month', budget.monthly_usd, now)));
    }
    return labels;
  }

  /** The accounts for `principal`, rolled to now and with limits as configured now. */
  #applicable(principal: Principal): BudgetAccount[] {
    if (!this.#config.enabled) return [];
    const now = this.#parts.now();
    const accounts: BudgetAccount[] = [];
    if (principal.budgetUsd !== undefined) accounts.push(this.#withLimit('key', principal.keyId, this.#config.key_period, principal.budgetUsd, now));
    const tenant = this.#config.tenants[principal.tenant];
    if (tenant?.daily_usd !== undefined) accounts.push(this.#withLimit('tenant', principal.tenant, 'day', tenant.daily_usd, now));
    if (tenant?.monthly_usd !== undefined) accounts.push(this.#withLimit('tenant', principal.tenant, 'month', tenant.monthly_usd, now));
    return accounts;
  }

  #withLimit(scope: BudgetScope, owner: string, period: BudgetPeriod, limitUsd: number, now: number): BudgetAccount {
    const account = this.#account(scope, owner, period, now);
    account.limitNanos = toNanoUsd(limitUsd);
    return account;
  }

  #account(scope: BudgetScope, owner: string, period: BudgetPeriod, now: number): BudgetAccount {
    const id = accountId(scope, owner, period);
    let account = this.#accounts.get(id);
    if (account === undefined) {
      account = newAccount(scope, owner, period, now);
      this.#accounts.set(id, account);
    } else {
      rollAccount(account, now);
    }
    return account;
  }
}
