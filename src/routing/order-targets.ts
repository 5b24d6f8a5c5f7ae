import type { Config } from '../config/schema.js';
import type { ChatRequest } from '../core/types.js';
import { estimateRequestTokens } from '../security/rate-limit/estimate-request-tokens.js';
import type { Pricing } from '../usage/pricing.js';
import type { LatencyTracker } from './latency-tracker.js';
import type { Target } from './target.js';

export interface OrderTargetsParts {
  config: Pick<Readonly<Config>, 'models' | 'providers'>;
  pricing: Pricing;
  latency: LatencyTracker;
  /** `max_tokens` assumed for a request that sets none (the rate limiter's default). */
  defaultMaxTokens: number;
}

/**
 * The order in which to try a model alias's targets, by its `strategy` (the router still falls
 * back along this order on failure):
 *
 * - `ordered`: as written in `[models.NAME] targets`;
 * - `cheapest`: by the price of this request at each target (estimated prompt tokens plus
 *   `max_tokens` at the pricing table's rates); unpriced targets after priced ones;
 * - `fastest`: unobserved targets first (in written order, so each gets measured), then by the
 *   moving average of their time to first chunk (see LatencyTracker).
 *
 * Under both, a target whose context window is known (`[[providers.NAME.models]] context_tokens`)
 * and too small for the request goes last. `targets` are those the principal may use; ids that
 * are not an alias come back unchanged. Sorting is stable, so ties keep the written order.
 */
export function orderTargets(parts: OrderTargetsParts, request: ChatRequest, targets: Target[]): Target[] {
  const alias = Object.hasOwn(parts.config.models, request.model) ? parts.config.models[request.model] : undefined;
  if (alias === undefined || alias.strategy === 'ordered' || targets.length < 2) return targets;
  const tokens = estimateRequestTokens(request, parts.defaultMaxTokens);
  const needed = tokens.promptTokens + tokens.completionTokens;
  const score =
    alias.strategy === 'cheapest'
      ? (target: Target): number => {
          const price = parts.pricing.priceOf(target.provider, target.model);
          return price === undefined ? Number.POSITIVE_INFINITY : parts.pricing.cost(target.provider, target.model, tokens).usd;
        }
      : (target: Target): number => parts.latency.estimate(target.id) ?? Number.NEGATIVE_INFINITY;
  const ranked = targets.map((target) => ({ target, fits: fits(parts.config, target, needed), score: score(target) }));
  ranked.sort((a, b) => Number(b.fits) - Number(a.fits) || compareScores(a.score, b.score));
  return ranked.map((entry) => entry.target);
}

function compareScores(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** False only when the target's context window is configured and smaller than the request needs. */
function fits(config: OrderTargetsParts['config'], target: Target, neededTokens: number): boolean {
  const provider = Object.hasOwn(config.providers, target.provider) ? config.providers[target.provider] : undefined;
  const model = provider?.models?.find((candidate) => candidate.name === target.model);
  return model === undefined || model.context_tokens >= neededTokens;
}
