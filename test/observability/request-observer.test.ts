import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRIC_NAMES } from '../../src/observability/metric-names.js';
import { finishedContext, labelValues, sampleValue, testConfig, testMetrics } from './metrics-test-kit.js';

const openaiMini = { provider: 'openai', model: 'gpt-4o-mini' };

describe('request observer', () => {
  it('counts a request by target, status and client format, with its tokens and cost', async () => {
    const metrics = testMetrics();
    metrics.observe(
      finishedContext({
        target: { provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' },
        attempts: [{ target: 'openai/gpt-4o-mini', attempt: 1, outcome: 'ok', durationMs: 40 }],
        usage: { promptTokens: 12, completionTokens: 30, cachedTokens: 4 },
        cost: { usd: 0.25, priced: true },
        elapsedMs: 120,
      }),
    );
    const registry = metrics.registry;
    assert.equal(await sampleValue(registry, METRIC_NAMES.requests, { ...openaiMini, status: '200', format: 'openai' }), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.tokens, { ...openaiMini, type: 'prompt' }), 12);
    assert.equal(await sampleValue(registry, METRIC_NAMES.tokens, { ...openaiMini, type: 'completion' }), 30);
    assert.equal(await sampleValue(registry, METRIC_NAMES.tokens, { ...openaiMini, type: 'cached_prompt' }), 4);
    assert.equal(await sampleValue(registry, METRIC_NAMES.cost, openaiMini), 0.25);
    assert.equal(await sampleValue(registry, `${METRIC_NAMES.requestDuration}_count`, { ...openaiMini, stream: 'false' }), 1);
    const durationSum = await sampleValue(registry, `${METRIC_NAMES.requestDuration}_sum`, { ...openaiMini, stream: 'false' });
    assert.ok(durationSum !== undefined && durationSum >= 0.12 && durationSum < 1, `duration ${durationSum}`);
    assert.equal(await sampleValue(registry, `${METRIC_NAMES.upstreamDuration}_sum`, { ...openaiMini, outcome: 'ok' }), 0.04);
  });

  it('takes the overhead as time to the first byte minus the upstream, and the time to first token of streams', async () => {
    const metrics = testMetrics();
    const context = finishedContext({
      target: { provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' },
      attempts: [{ target: 'openai/gpt-4o-mini', attempt: 1, outcome: 'ok', durationMs: 100 }],
      stream: true,
      elapsedMs: 1000,
    });
    context.firstByteAt = context.startedAt + 103;
    context.firstTokenAt = context.startedAt + 250;
    metrics.observe(context);
    const overhead = await sampleValue(metrics.registry, `${METRIC_NAMES.gatewayOverhead}_sum`, { stream: 'true' });
    assert.ok(overhead !== undefined && Math.abs(overhead - 0.003) < 1e-9, `overhead ${overhead}`);
    const ttft = await sampleValue(metrics.registry, `${METRIC_NAMES.timeToFirstToken}_sum`, openaiMini);
    assert.ok(ttft !== undefined && Math.abs(ttft - 0.25) < 1e-9, `ttft ${ttft}`);
  });

  it('leaves the overhead alone when retries made the first byte wait on backoff', async () => {
    const metrics = testMetrics();
    metrics.observe(
      finishedContext({
        target: { provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' },
        attempts: [
          { target: 'openai/gpt-4o-mini', attempt: 1, outcome: 'error', code: 'upstream_unavailable', durationMs: 5 },
          { target: 'openai/gpt-4o-mini', attempt: 2, outcome: 'ok', durationMs: 5 },
        ],
      }),
    );
    assert.equal(await sampleValue(metrics.registry, `${METRIC_NAMES.gatewayOverhead}_count`), undefined);
  });

  it('reports a model the client invented as unknown, under its (configured) provider', async () => {
    const metrics = testMetrics();
    for (const model of ['made-up-1', 'made-up-2', 'made-up-3']) {
      metrics.observe(
        finishedContext({
          target: { provider: 'openai', model, id: `openai/${model}` },
          attempts: [{ target: `openai/${model}`, attempt: 1, outcome: 'error', code: 'upstream_not_found', durationMs: 3 }],
          status: 404,
          errorCode: 'upstream_not_found',
        }),
      );
    }
    const registry = metrics.registry;
    assert.deepEqual(await labelValues(registry, METRIC_NAMES.requests, 'model'), new Set(['unknown']));
    assert.equal(await sampleValue(registry, METRIC_NAMES.requests, { provider: 'openai', model: 'unknown', status: '404' }), 3);
    assert.equal(await sampleValue(registry, METRIC_NAMES.upstreamAttempts, { provider: 'openai', model: 'unknown', outcome: 'error' }), 3);
    assert.equal(await sampleValue(registry, METRIC_NAMES.requestErrors, { code: 'upstream_not_found' }), 3);
  });

  it('keeps priced and alias models as their own series', async () => {
    const metrics = testMetrics();
    metrics.observe(finishedContext({ target: { provider: 'openai', model: 'gpt-4o', id: 'openai/gpt-4o' } }));
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.requests, { provider: 'openai', model: 'gpt-4o' }), 1);
  });

  it('counts a request refused before routing under provider and model none, and limit refusals by code', async () => {
    const metrics = testMetrics();
    metrics.observe(finishedContext({ status: 429, errorCode: 'rate_limited', clientFormat: 'anthropic' }));
    metrics.observe(finishedContext({ status: 401, errorCode: 'unauthorized' }));
    const registry = metrics.registry;
    assert.equal(await sampleValue(registry, METRIC_NAMES.requests, { provider: 'none', model: 'none', status: '429', format: 'anthropic' }), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.limitRefusals, { code: 'rate_limited' }), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.limitRefusals, { code: 'unauthorized' }), undefined);
    assert.equal(await sampleValue(registry, METRIC_NAMES.requestErrors, { code: 'unauthorized' }), 1);
  });

  it('counts a budget refusal, and files an unknown error code under other', async () => {
    const metrics = testMetrics();
    metrics.observe(finishedContext({ status: 429, errorCode: 'budget_exceeded' }));
    metrics.observe(finishedContext({ status: 500, errorCode: 'something_new' }));
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.limitRefusals, { code: 'budget_exceeded' }), 1);
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.requestErrors, { code: 'other' }), 1);
  });

  it('counts retries on a target and fallbacks away from it', async () => {
    const metrics = testMetrics();
    metrics.observe(
      finishedContext({
        target: { provider: 'anthropic', model: 'claude-sonnet-4-5', id: 'anthropic/claude-sonnet-4-5' },
        attempts: [
          { target: 'openai/gpt-4o', attempt: 1, outcome: 'error', code: 'upstream_overloaded', durationMs: 10 },
          { target: 'openai/gpt-4o', attempt: 2, outcome: 'error', code: 'upstream_overloaded', durationMs: 10 },
          { target: 'openai/gpt-4o', attempt: 3, outcome: 'skipped_circuit_open', durationMs: 0 },
          { target: 'anthropic/claude-sonnet-4-5', attempt: 1, outcome: 'ok', durationMs: 20 },
        ],
      }),
    );
    const registry = metrics.registry;
    const gpt4o = { provider: 'openai', model: 'gpt-4o' };
    assert.equal(await sampleValue(registry, METRIC_NAMES.retries, gpt4o), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.fallbacks, gpt4o), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.upstreamAttempts, { ...gpt4o, outcome: 'skipped_circuit_open' }), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.upstreamAttempts, { provider: 'anthropic', outcome: 'ok' }), 1);
    assert.equal(await sampleValue(registry, METRIC_NAMES.fallbacks, { provider: 'anthropic' }), undefined);
  });

  it('ignores usage and costs that are not positive finite numbers rather than throwing', () => {
    const metrics = testMetrics();
    assert.doesNotThrow(() =>
      metrics.observe(finishedContext({ usage: { promptTokens: -1, completionTokens: Number.NaN }, cost: { usd: Number.POSITIVE_INFINITY, priced: true } })),
    );
  });

  it('does nothing when metrics are disabled', async () => {
    const metrics = testMetrics({ config: testConfig({ metrics: { enabled: false } }) });
    metrics.observe(finishedContext());
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.requests), undefined);
  });

  it('keeps a registry per gateway, so two gateways in one process do not share series', async () => {
    const first = testMetrics();
    const second = testMetrics();
    first.observe(finishedContext());
    assert.equal(await sampleValue(first.registry, METRIC_NAMES.requests), 1);
    assert.equal(await sampleValue(second.registry, METRIC_NAMES.requests), undefined);
  });
});
