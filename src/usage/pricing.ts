import type { PriceConfig } from '../config/schema.js';
import type { Usage } from '../core/types.js';
import { BUILT_IN_PRICES } from './pricing-table.js';

export interface Cost {
  usd: number;
  /** False when no price is known for the model: the cost is then reported as 0. */
  priced: boolean;
}

/**
 * Prices usage per model. Lookup order: the exact `provider/model`; the longest priced model that
 * the name extends with a dated or versioned suffix (`gpt-4o-2024-08-06` → `gpt-4o`); then
 * `provider/*`. Looked-up prices are memoised per model id.
 */
export class Pricing {
  private readonly prices: ReadonlyMap<string, PriceConfig>;
  private readonly memo = new Map<string, PriceConfig | undefined>();

  constructor(overrides: Readonly<Record<string, PriceConfig>> = {}) {
    this.prices = new Map(Object.entries({ ...BUILT_IN_PRICES, ...overrides }));
  }

  priceOf(provider: string, model: string): PriceConfig | undefined {
    const id = `${provider}/${model}`;
    if (this.memo.has(id)) return this.memo.get(id);
    let price = this.prices.get(id);
    if (price === undefined) {
      let bestLength = 0;
      for (const [key, candidate] of this.prices) {
        if (key.length > bestLength && id.startsWith(`${key}-`)) {
          price = candidate;
          bestLength = key.length;
        }
      }
    }
    price ??= this.prices.get(`${provider}/*`);
    this.memo.set(id, price);
    return price;
  }

  cost(provider: string, model: string, usage: Usage): Cost {
    const price = this.priceOf(provider, model);
    if (price === undefined) return { usd: 0, priced: false };
    const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
    const uncached = usage.promptTokens - cached;
    const cachedPrice = price.cached_prompt ?? price.prompt;
    const usd = (uncached * price.prompt + cached * cachedPrice + usage.completionTokens * price.completion) / 1_000_000;
    return { usd, priced: true };
  }
}

/** Formats a cost for the `x-securellm-cost-usd` header: fixed decimals, no exponent. */
export function formatUsd(usd: number): string {
  return usd.toFixed(8);
}
