import type { Target } from '../routing/target.js';
import type { GatewayMetricSet } from './gateway-metric-set.js';
import type { KnownTargets } from './known-targets.js';
import { NONE_LABEL, UNKNOWN_LABEL } from './label-values.js';
import { TargetSeries } from './target-series.js';

/**
 * Finds the series of a target id. Known targets get their own, made at start; an id outside them
 * shares its provider's `unknown` series (the provider is always an enabled one: routing resolved
 * it), or the `unknown/unknown` series when even the provider is not known.
 */
export class SeriesTable {
  readonly #byId = new Map<string, TargetSeries>();
  readonly #unknownByProvider = new Map<string, TargetSeries>();
  readonly #unknown: TargetSeries;
  /** Requests that never reached a target. */
  readonly none: TargetSeries;

  constructor(metrics: GatewayMetricSet, known: KnownTargets, providerNames: Iterable<string>) {
    for (const target of known.all()) this.#byId.set(target.id, new TargetSeries(metrics, target.provider, target.model));
    for (const provider of providerNames) this.#unknownByProvider.set(provider, new TargetSeries(metrics, provider, UNKNOWN_LABEL));
    this.#unknown = new TargetSeries(metrics, UNKNOWN_LABEL, UNKNOWN_LABEL);
    this.none = new TargetSeries(metrics, NONE_LABEL, NONE_LABEL);
  }

  forTarget(target: Target | undefined): TargetSeries {
    if (target === undefined) return this.none;
    return this.#byId.get(target.id) ?? this.#unknownByProvider.get(target.provider) ?? this.#unknown;
  }

  /** For attempt records, which carry only the `provider/model` id. */
  forId(id: string): TargetSeries {
    const known = this.#byId.get(id);
    if (known !== undefined) return known;
    const slash = id.indexOf('/');
    return (slash > 0 ? this.#unknownByProvider.get(id.slice(0, slash)) : undefined) ?? this.#unknown;
  }
}
