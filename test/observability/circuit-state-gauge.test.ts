import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker } from '../../src/routing/circuit-breaker.js';
import { METRIC_NAMES } from '../../src/observability/metric-names.js';
import { sampleValue, testMetrics } from './metrics-test-kit.js';

describe('circuit state gauge', () => {
  it('reads the breaker at scrape time: closed, open, then half-open after the cooldown', async () => {
    let now = 1_000;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 500, now: () => now });
    const metrics = testMetrics({ breaker });
    const gpt4oMini = { provider: 'openai', model: 'gpt-4o-mini' };
    // Configured targets are there before anything failed.
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, gpt4oMini), 0);
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, { provider: 'anthropic', model: 'claude-sonnet-4-5' }), 0);

    breaker.recordFailure('openai/gpt-4o-mini');
    breaker.recordFailure('openai/gpt-4o-mini');
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, gpt4oMini), 2);
    now += 600;
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, gpt4oMini), 1);
    breaker.recordSuccess('openai/gpt-4o-mini');
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, gpt4oMini), 0);
  });

  it('folds circuits of unknown models into their provider, worst state first', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    const metrics = testMetrics({ breaker });
    breaker.recordFailure('openai/invented-a');
    breaker.recordFailure('openai/invented-b');
    breaker.recordSuccess('openai/invented-b');
    breaker.recordFailure('nowhere/model');
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, { provider: 'openai', model: 'unknown' }), 2);
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, { provider: 'unknown', model: 'unknown' }), 2);
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.circuitState, { model: 'invented-a' }), undefined);
  });
});
