import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CircuitBreaker } from '../../src/routing/circuit-breaker.js';
import { GatewayMetrics } from '../../src/observability/gateway-metrics.js';
import { METRIC_NAMES } from '../../src/observability/metric-names.js';
import { repositoryRoot } from '../helpers/fixtures.js';
import { testConfig, testProviders } from './metrics-test-kit.js';

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string }[];
}

const HISTOGRAM_SAMPLE = /_(bucket|sum|count)$/;

function readDashboard(): { __inputs: { name: string }[]; panels: Panel[] } {
  return JSON.parse(readFileSync(path.join(repositoryRoot, 'deploy', 'grafana-dashboard.json'), 'utf8')) as { __inputs: { name: string }[]; panels: Panel[] };
}

function queries(panels: readonly Panel[]): string[] {
  return panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? ''));
}

describe('deploy/grafana-dashboard.json', () => {
  it('parses, and takes its data source from the DS_PROMETHEUS input', () => {
    const dashboard = readDashboard();
    assert.ok(dashboard.__inputs.some((input) => input.name === 'DS_PROMETHEUS'));
    for (const panel of dashboard.panels.filter((candidate) => candidate.type !== 'row')) {
      assert.equal(panel.datasource?.uid, '${DS_PROMETHEUS}', panel.title);
      assert.ok((panel.targets ?? []).length > 0, `${panel.title} has no query`);
    }
  });

  it('queries only metrics the gateway registers', async () => {
    const metrics = new GatewayMetrics({ config: testConfig(), providers: testProviders(), breaker: new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1 }) });
    const registered = new Set((await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name));
    const queried = new Set(queries(readDashboard().panels).flatMap((expr) => expr.match(/\b(securellm|process|nodejs)_[a-z0-9_]+\b/g) ?? []));
    assert.ok(queried.size > 10);
    for (const name of queried) {
      const metric = registered.has(name) ? name : name.replace(HISTOGRAM_SAMPLE, '');
      assert.ok(registered.has(metric), `the dashboard queries ${name}, which is not registered`);
    }
  });

  it('has a panel for every gateway metric', () => {
    const all = queries(readDashboard().panels).join('\n');
    for (const name of Object.values(METRIC_NAMES)) assert.ok(all.includes(name), `no panel queries ${name}`);
  });
});
