import type { Registry } from 'prom-client';
import { configSchema, type Config } from '../../src/config/schema.js';
import type { Provider } from '../../src/core/provider.js';
import { createRequestContext, type RequestContext } from '../../src/core/request-context.js';
import type { ChatRequest } from '../../src/core/types.js';
import { GatewayMetrics } from '../../src/observability/gateway-metrics.js';
import type { CircuitSource } from '../../src/observability/circuit-state-gauge.js';
import { FakeProvider } from '../routing/fake-provider.js';

/** A config with providers `openai` (default model gpt-4o-mini) and `anthropic`, and alias `smart`. */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    providers: { openai: { model: 'gpt-4o-mini' }, anthropic: { model: 'claude-sonnet-4-5' } },
    models: { smart: { targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'] } },
    ...overrides,
  });
}

export function testProviders(): Map<string, Provider> {
  return new Map<string, Provider>([
    ['openai', new FakeProvider('openai', [], { defaultModel: 'gpt-4o-mini' })],
    ['anthropic', new FakeProvider('anthropic', [], { defaultModel: 'claude-sonnet-4-5' })],
  ]);
}

/** Process metrics are left out: they are prom-client's, and each collector adds GC observers. */
export function testMetrics(options: { config?: Config; breaker?: CircuitSource } = {}): GatewayMetrics {
  const config = options.config ?? testConfig();
  return new GatewayMetrics({ config, providers: testProviders(), processMetrics: false, ...(options.breaker ? { breaker: options.breaker } : {}) });
}

/** A finished request as the pipeline would leave it; `startedAt` is moved `elapsedMs` into the past. */
export function finishedContext(fields: Partial<RequestContext> & { elapsedMs?: number; stream?: boolean } = {}): RequestContext {
  const { elapsedMs = 0, stream = false, ...rest } = fields;
  const base = createRequestContext('req-test', 'openai', new AbortController().signal);
  const request = { model: 'openai/gpt-4o-mini', stream } as ChatRequest;
  return { ...base, request, status: 200, ...rest, startedAt: performance.now() - elapsedMs };
}

/**
 * The value of one sample: `name` is the sample's name (`x_total`, `x_bucket`, `x_count`…), and
 * every given label must match. Undefined when no such sample exists.
 */
export async function sampleValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const sample of metric.values) {
      // Histogram samples carry their own name (`_bucket`, `_sum`, `_count`); prom-client's types omit it.
      const sampleName = (sample as { metricName?: string }).metricName ?? metric.name;
      if (sampleName !== name) continue;
      const sampleLabels = sample.labels as Record<string, string | number | undefined>;
      if (Object.entries(labels).every(([key, value]) => String(sampleLabels[key]) === value)) return sample.value;
    }
  }
  return undefined;
}

/** Every label value a metric's samples carry for `label`. */
export async function labelValues(registry: Registry, name: string, label: string): Promise<Set<string>> {
  const values = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    if (metric.name !== name) continue;
    for (const sample of metric.values) {
      const value = (sample.labels as Record<string, string | number | undefined>)[label];
      if (value !== undefined) values.add(String(value));
    }
  }
  return values;
}
