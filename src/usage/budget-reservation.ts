import type { TokenEstimate } from '../security/rate-limit/estimate-request-tokens.js';
import { fits, rollAccount, type BudgetAccount } from './budget-account.js';
import { budgetRefusal, type BudgetRefusal } from './budget-refusal.js';
import { fromNanoUsd, toNanoUsd } from './usd-amount.js';

/** What a ledger and its reservations share. */
export interface BudgetParts {
  readonly now: () => number;
  /** Nano-dollars `tokens` cost at the model's price (0 for an unpriced model). */
  readonly priceNanos: (provider: string, model: string, tokens: TokenEstimate) => number;
}

/**
 * An admitted request's hold on its budgets. Exactly one of `settle` and `release` takes effect;
 * later calls are ignored, so both can sit in `finally` blocks.
 */
export interface BudgetReservation {
  readonly ok: true;
  /** USD held on each budget that applies (0 when none does). */
  readonly estimateUsd: number;
  /**
   * The request reached a provider and cost `costUsd` (for a stream cut short: the estimated
   * cost of what was used). Each hold is replaced by the real cost, charged to the period the
   * request ended in, which is where its usage is recorded too.
   */
  settle(costUsd: number): void;
  /** Nothing was charged upstream (refused, or every attempt failed before an answer). */
  release(): void;
  /**
   * Routing falls back to another model: its estimate replaces the current hold on every budget,
   * or, when a budget cannot take it, nothing changes and the target should be skipped.
   */
  retarget(provider: string, model: string): BudgetRefusal | undefined;
}

/** No budget applies: admits everything and holds nothing. */
export const UNLIMITED_BUDGET: BudgetReservation = Object.freeze({
  ok: true as const,
  estimateUsd: 0,
  settle(): void {},
  release(): void {},
  retarget(): undefined {
    return undefined;
  },
});

interface BudgetHold {
  readonly account: BudgetAccount;
  /** The period the hold was taken in: after a reset there is nothing left to give back. */
  readonly start: number;
}

export class HeldBudget implements BudgetReservation {
  readonly ok = true as const;
  readonly #parts: BudgetParts;
  readonly #tokens: TokenEstimate;
  readonly #holds: BudgetHold[];
  #nanos: number;
  #open = true;

  /** `accounts` must already hold `nanos` each (see BudgetLedger.reserve). */
  constructor(parts: BudgetParts, tokens: TokenEstimate, accounts: readonly BudgetAccount[], nanos: number) {
    this.#parts = parts;
    this.#tokens = tokens;
    this.#holds = accounts.map((account) => ({ account, start: account.start }));
    this.#nanos = nanos;
  }

  get estimateUsd(): number {
    return fromNanoUsd(this.#nanos);
  }

  settle(costUsd: number): void {
    if (!this.#open) return;
    this.#open = false;
    const now = this.#parts.now();
    const cost = Math.max(0, toNanoUsd(costUsd));
    for (const hold of this.#holds) {
      rollAccount(hold.account, now);
      giveBack(hold, this.#nanos);
      hold.account.spentNanos += cost;
    }
  }

  release(): void {
    if (!this.#open) return;
    this.#open = false;
    const now = this.#parts.now();
    for (const hold of this.#holds) {
      rollAccount(hold.account, now);
      giveBack(hold, this.#nanos);
    }
  }

  retarget(provider: string, model: string): BudgetRefusal | undefined {
    if (!this.#open) return undefined;
    const now = this.#parts.now();
    const nanos = this.#parts.priceNanos(provider, model, this.#tokens);
    const failing: BudgetAccount[] = [];
    for (const hold of this.#holds) {
      rollAccount(hold.account, now);
      const holding = hold.account.start === hold.start ? this.#nanos : 0;
      if (!fits(hold.account, nanos, holding)) failing.push(hold.account);
    }
    if (failing.length > 0) return budgetRefusal(failing, nanos, now);
    for (let index = 0; index < this.#holds.length; index += 1) {
      const hold = this.#holds[index] as BudgetHold;
      giveBack(hold, this.#nanos);
      hold.account.reservedNanos += nanos;
      // A hold taken again in a new period belongs to that period.
      this.#holds[index] = { account: hold.account, start: hold.account.start };
    }
    this.#nanos = nanos;
    return undefined;
  }
}

function giveBack(hold: BudgetHold, nanos: number): void {
  if (hold.account.start === hold.start) hold.account.reservedNanos = Math.max(0, hold.account.reservedNanos - nanos);
}
