import { Gauge, type Registry } from 'prom-client';
import type { CircuitSnapshot, CircuitState } from '../routing/circuit-breaker.js';
import type { KnownTargets } from './known-targets.js';
import { UNKNOWN_LABEL } from './label-values.js';
import { METRIC_NAMES } from './metric-names.js';

/** Gauge values: higher is worse, so `max()` over targets says whether anything is open. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, half_open: 1, open: 2 };

export interface CircuitSource {
  snapshot(): CircuitSnapshot[];
}

/**
 * `securellm_circuit_state{provider,model}`: 0 closed, 1 half-open, 2 open. Read from the breaker
 * at scrape time, so the request path pays nothing. Configured targets are always present
 * (closed until they fail); a circuit of an id outside the known targets is folded into its
 * provider's `unknown` series, reporting the worst state among them.
 */
export function registerCircuitStateGauge(
  registry: Registry,
  breaker: CircuitSource,
  known: KnownTargets,
  providerNames: ReadonlySet<string>,
): Gauge<'provider' | 'model'> {
  return new Gauge({
    name: METRIC_NAMES.circuitState,
    help: 'Circuit breaker state per target: 0 closed, 1 half-open (one trial call allowed), 2 open (skipped).',
    labelNames: ['provider', 'model'],
    registers: [registry],
    collect() {
      this.reset();
      const states = new Map<string, { provider: string; model: string; value: number }>();
      for (const target of known.all()) {
        if (target.configured) states.set(target.id, { provider: target.provider, model: target.model, value: 0 });
      }
      for (const circuit of breaker.snapshot()) {
        const target = known.get(circuit.id);
        const provider = target?.provider ?? providerOf(circuit.id, providerNames);
        const model = target?.model ?? UNKNOWN_LABEL;
        const key = `${provider}/${model}`;
        const value = CIRCUIT_STATE_VALUES[circuit.state];
        const entry = states.get(key);
        if (entry === undefined) states.set(key, { provider, model, value });
        else entry.value = Math.max(entry.value, value);
      }
      for (const entry of states.values()) this.labels(entry.provider, entry.model).set(entry.value);
    },
  });
}

/** Router circuits are keyed by target ids of enabled providers; anything else stays `unknown`. */
function providerOf(id: string, providerNames: ReadonlySet<string>): string {
  const slash = id.indexOf('/');
  const provider = slash > 0 ? id.slice(0, slash) : '';
  return providerNames.has(provider) ? provider : UNKNOWN_LABEL;
}
