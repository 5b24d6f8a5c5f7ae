import { ERROR_CODES, LIMIT_REFUSAL_CODES } from '../core/errors.js';
import type { RequestContext } from '../core/request-context.js';
import type { AttemptRecord } from '../routing/router.js';
import type { GatewayMetricSet } from './gateway-metric-set.js';
import { OTHER_LABEL } from './label-values.js';
import type { SeriesTable } from './series-table.js';
import type { CounterChild, HistogramChild, TargetSeries } from './target-series.js';

/**
 * Turns one finished request (its RequestContext) into metric updates. Runs once per request on
 * the request path, so everything it touches was made in the constructor: a map lookup by target
 * id and error code, then `inc`/`observe`.
 */
export class RequestObserver {
  readonly #series: SeriesTable;
  readonly #errors = new Map<string, CounterChild>();
  readonly #refusals = new Map<string, CounterChild>();
  readonly #otherError: CounterChild;
  /** Indexed by `stream ? 1 : 0`. */
  readonly #overhead: readonly [HistogramChild, HistogramChild];
  readonly #cache: Readonly<Record<'hit' | 'miss', CounterChild>>;

  constructor(metrics: GatewayMetricSet, series: SeriesTable) {
    this.#series = series;
    for (const code of Object.keys(ERROR_CODES)) this.#errors.set(code, metrics.requestErrors.labels(code));
    for (const code of LIMIT_REFUSAL_CODES) this.#refusals.set(code, metrics.limitRefusals.labels(code));
    this.#otherError = metrics.requestErrors.labels(OTHER_LABEL);
    this.#overhead = [metrics.gatewayOverhead.labels('false'), metrics.gatewayOverhead.labels('true')];
    this.#cache = { hit: metrics.cacheLookups.labels('hit'), miss: metrics.cacheLookups.labels('miss') };
  }

  observe(context: RequestContext): void {
    const now = performance.now();
    const series = this.#series.forTarget(context.target);
    const stream = context.request?.stream === true;
    series.requests(context.clientFormat, context.status).inc();
    observeSeconds(series.requestDuration[stream ? 1 : 0], now - context.startedAt);
    if (context.cache !== undefined) this.#cache[context.cache].inc();
    // A cached answer's tokens were reported once, when the upstream produced it.
    const usage = context.cache === 'hit' ? undefined : context.usage;
    if (usage !== undefined) {
      addPositive(series.promptTokens, usage.promptTokens);
      addPositive(series.completionTokens, usage.completionTokens);
      if (usage.cachedTokens !== undefined) addPositive(series.cachedPromptTokens, usage.cachedTokens);
    }
    if (context.cost !== undefined) addPositive(series.cost, context.cost.usd);
    if (context.errorCode !== undefined) {
      (this.#errors.get(context.errorCode) ?? this.#otherError).inc();
      this.#refusals.get(context.errorCode)?.inc();
    }
    if (context.attempts.length > 0) this.#observeAttempts(context.attempts);
    this.#observeTimings(context, series, stream, now);
  }

  #observeAttempts(attempts: readonly AttemptRecord[]): void {
    let previous: string | undefined;
    for (const attempt of attempts) {
      const series = this.#series.forId(attempt.target);
      series.attempts[attempt.outcome]?.inc();
      const called = attempt.outcome === 'ok' || attempt.outcome === 'error';
      if (called) observeSeconds(attempt.outcome === 'ok' ? series.upstreamOk : series.upstreamError, attempt.durationMs);
      // A try skipped by an open circuit or a refused budget made no call: not a retry.
      if (called && attempt.attempt > 1) series.retries.inc();
      if (previous !== undefined && attempt.target !== previous) this.#series.forId(previous).fallbacks.inc();
      previous = attempt.target;
    }
  }

  /**
   * Overhead is the time to the client's first byte that was not spent waiting for the upstream.
   * Taken only from requests their first try answered: with retries, backoff pauses would count
   * as the gateway's own time. A whole answer's first byte goes out as the request ends, so `now`
   * stands in when the exchange did not note `firstByteAt`; a stream's cannot be guessed.
   */
  #observeTimings(context: RequestContext, series: TargetSeries, stream: boolean, now: number): void {
    const first = context.attempts.length === 1 ? context.attempts[0] : undefined;
    if (first !== undefined && first.outcome === 'ok') {
      const firstByteAt = context.firstByteAt ?? (stream ? undefined : now);
      if (firstByteAt !== undefined) observeSeconds(this.#overhead[stream ? 1 : 0], Math.max(0, firstByteAt - context.startedAt - first.durationMs));
    }
    if (stream && context.firstTokenAt !== undefined) observeSeconds(series.timeToFirstToken, context.firstTokenAt - context.startedAt);
  }
}

/** prom-client throws on a negative or non-finite increment; an odd usage report must not break a request. */
function addPositive(counter: CounterChild, value: number): void {
  if (value > 0 && Number.isFinite(value)) counter.inc(value);
}

function observeSeconds(histogram: HistogramChild, milliseconds: number): void {
  if (Number.isFinite(milliseconds)) histogram.observe(Math.max(0, milliseconds) / 1000);
}
