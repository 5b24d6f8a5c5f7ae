import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Config } from '../config/schema.js';
import type { Provider } from '../core/provider.js';
import type { RequestContext } from '../core/request-context.js';
import { registerCircuitStateGauge, type CircuitSource } from './circuit-state-gauge.js';
import { createGatewayMetricSet, type GatewayMetricSet } from './gateway-metric-set.js';
import { GuardVerdicts, type GuardVerdictRecorder } from './guard-verdicts.js';
import { KnownTargets } from './known-targets.js';
import { METRIC_NAMES } from './metric-names.js';
import { RequestObserver } from './request-observer.js';
import { SeriesTable } from './series-table.js';

export interface GatewayMetricsOptions {
  config: Readonly<Config>;
  /** The enabled providers: their names bound the `provider` label. */
  providers: ReadonlyMap<string, Provider>;
  /** The router's breaker, read at scrape time for `securellm_circuit_state`. */
  breaker?: CircuitSource;
  /** The response cache, read at scrape time for `securellm_cache_bytes` (0 without one). */
  cache?: { readonly bytes?: number | undefined };
  /** prom-client's process and Node.js metrics (CPU, memory, event-loop lag, GC); default on. */
  processMetrics?: boolean;
}

/**
 * The gateway's Prometheus metrics, on a registry of its own (never prom-client's global one), so
 * tests and several gateways in one process do not share or clash over series.
 *
 * Labels are bounded by construction: provider and model come from the configured targets
 * (anything else is `unknown`), status is the HTTP code, codes come from the error table. Tenants,
 * key ids, request ids and any client text are never labels: per-tenant usage and spend are in
 * `/admin/usage` and the audit trail, where their count costs nothing.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly enabled: boolean;
  readonly #metrics: GatewayMetricSet;
  readonly #observer: RequestObserver;
  readonly #guardVerdicts: GuardVerdicts;

  constructor(options: GatewayMetricsOptions) {
    this.enabled = options.config.metrics.enabled;
    const known = new KnownTargets(options.config, options.providers);
    const providerNames = new Set(options.providers.keys());
    this.#metrics = createGatewayMetricSet(this.registry);
    this.#observer = new RequestObserver(this.#metrics, new SeriesTable(this.#metrics, known, providerNames));
    this.#guardVerdicts = new GuardVerdicts(this.#metrics.guardVerdicts);
    if (options.breaker !== undefined) registerCircuitStateGauge(this.registry, options.breaker, known, providerNames);
    const cache = options.cache;
    new Gauge({
      name: METRIC_NAMES.cacheBytes,
      help: 'Bytes of answers held by the response cache of this gateway.',
      registers: [this.registry],
      collect() {
        this.set(cache?.bytes ?? 0);
      },
    });
    if (this.enabled && options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Called once per chat request, when it has been answered (Gateway.record). */
  observe(context: RequestContext): void {
    if (this.enabled) this.#observer.observe(context);
  }

  /** For guards (`prompt_injection`, `pii`, `secrets`, …) and their action (`block`, `redact`, `flag`, …). */
  readonly recordGuardVerdict: GuardVerdictRecorder = (guard, action) => {
    if (this.enabled) this.#guardVerdicts.record(guard, action);
  };

  /** For the audit writer: how long one write took, and whether it succeeded. */
  readonly recordAuditWrite = (durationMs: number, ok: boolean): void => {
    if (!this.enabled) return;
    if (Number.isFinite(durationMs)) this.#metrics.auditWriteDuration.observe(Math.max(0, durationMs) / 1000);
    if (!ok) this.#metrics.auditWriteFailures.inc();
  };

  /** `text/plain; version=0.0.4; charset=utf-8`, the Prometheus text format. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; runs the scrape-time collectors (circuit states, process metrics). */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
