import { periodEnd, periodStart, type BudgetPeriod } from './utc-period.js';

export type BudgetScope = 'key' | 'tenant';

/** One budget's running totals in the current period, in nano-dollars (see usd-amount.ts). */
export interface BudgetAccount {
  readonly scope: BudgetScope;
  /** The key id or the tenant name. */
  readonly owner: string;
  readonly period: BudgetPeriod;
  /** Refreshed at each reservation: the key's or the config's number at that moment. */
  limitNanos: number;
  /** Epoch milliseconds the current period began. */
  start: number;
  /** Settled costs in the period (may pass the limit when an estimate was low). */
  spentNanos: number;
  /** Estimates held by requests in flight. */
  reservedNanos: number;
}

export function accountId(scope: BudgetScope, owner: string, period: BudgetPeriod): string {
  return `${scope}\u0000${owner}\u0000${period}`;
}

export function newAccount(scope: BudgetScope, owner: string, period: BudgetPeriod, now: number): BudgetAccount {
  return { scope, owner, period, limitNanos: Number.POSITIVE_INFINITY, start: periodStart(period, now), spentNanos: 0, reservedNanos: 0 };
}

/**
 * Starts a new period when `now` has left the account's one. Holds taken in the old period stay
 * with it (see BudgetHold.start): their release has nothing to give back in the new period.
 */
export function rollAccount(account: BudgetAccount, now: number): void {
  if (now >= account.start && now < periodEnd(account.period, account.start)) return;
  account.start = periodStart(account.period, now);
  account.spentNanos = 0;
  account.reservedNanos = 0;
}

/** Epoch milliseconds at which the account's current period ends. */
export function resetsAt(account: BudgetAccount): number {
  return periodEnd(account.period, account.start);
}

/**
 * Whether `estimateNanos` more fits. A request priced at zero (an unpriced model) still needs
 * some budget left, so a spent budget or a budget of zero refuses everything.
 */
export function fits(account: BudgetAccount, estimateNanos: number, releasingNanos = 0): boolean {
  const committed = account.spentNanos + account.reservedNanos - releasingNanos;
  return committed + estimateNanos <= account.limitNanos && (estimateNanos > 0 || committed < account.limitNanos);
}
