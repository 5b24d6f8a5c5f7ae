import type { AttemptRecord } from '../routing/router.js';
import type { ClientFormat } from '../core/types.js';
import type { GatewayMetricSet, RequestCounterCells } from './gateway-metric-set.js';
import { statusLabel } from './label-values.js';

/** A counter series (a cell or a prom-client child); only `inc` is used, so a structural type serves every label set. */
export interface CounterChild {
  inc(value?: number): void;
}

export interface HistogramChild {
  observe(value: number): void;
}

/**
 * The series of one target, made once: the request path then only looks a target id up in a map
 * and calls `inc`/`observe`, with no label objects or strings built per request. Counters are
 * cells (see CounterCells), histograms prom-client label children; neither shows a series until
 * first used, so making them early adds no output.
 */
export class TargetSeries {
  readonly promptTokens: CounterChild;
  readonly completionTokens: CounterChild;
  readonly cachedPromptTokens: CounterChild;
  readonly cost: CounterChild;
  readonly retries: CounterChild;
  readonly fallbacks: CounterChild;
  readonly timeToFirstToken: HistogramChild;
  /** Indexed by `stream ? 1 : 0`. */
  readonly requestDuration: readonly [HistogramChild, HistogramChild];
  readonly upstreamOk: HistogramChild;
  readonly upstreamError: HistogramChild;
  readonly attempts: Readonly<Record<AttemptRecord['outcome'], CounterChild>>;
  /** Status children appear as statuses do: a few dozen codes at most (see statusLabel). */
  readonly #requests: Record<ClientFormat, Map<number, CounterChild>> = { openai: new Map(), anthropic: new Map() };
  readonly #cells: RequestCounterCells;

  constructor(
    metrics: GatewayMetricSet,
    readonly provider: string,
    readonly model: string,
  ) {
    const cells = metrics.cells;
    this.#cells = cells;
    this.promptTokens = cells.tokens.cell({ provider, model, type: 'prompt' });
    this.completionTokens = cells.tokens.cell({ provider, model, type: 'completion' });
    this.cachedPromptTokens = cells.tokens.cell({ provider, model, type: 'cached_prompt' });
    this.cost = cells.cost.cell({ provider, model });
    this.retries = cells.retries.cell({ provider, model });
    this.fallbacks = cells.fallbacks.cell({ provider, model });
    this.timeToFirstToken = metrics.timeToFirstToken.labels(provider, model);
    this.requestDuration = [metrics.requestDuration.labels(provider, model, 'false'), metrics.requestDuration.labels(provider, model, 'true')];
    this.upstreamOk = metrics.upstreamDuration.labels(provider, model, 'ok');
    this.upstreamError = metrics.upstreamDuration.labels(provider, model, 'error');
    this.attempts = {
      ok: cells.upstreamAttempts.cell({ provider, model, outcome: 'ok' }),
      error: cells.upstreamAttempts.cell({ provider, model, outcome: 'error' }),
      skipped_circuit_open: cells.upstreamAttempts.cell({ provider, model, outcome: 'skipped_circuit_open' }),
      skipped_refused: cells.upstreamAttempts.cell({ provider, model, outcome: 'skipped_refused' }),
    };
  }

  requests(format: ClientFormat, status: number): CounterChild {
    const byStatus = this.#requests[format];
    // Keyed on the label, not the number, so odd statuses cannot grow the map.
    const key = Number.isInteger(status) && status >= 100 && status <= 599 ? status : 0;
    let child = byStatus.get(key);
    if (child === undefined) {
      child = this.#cells.requests.cell({ provider: this.provider, model: this.model, status: statusLabel(status), format });
      byStatus.set(key, child);
    }
    return child;
  }
}
