import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRIC_NAMES } from '../../src/observability/metric-names.js';
import { labelValues, sampleValue, testMetrics } from './metrics-test-kit.js';

describe('guard verdicts and audit writes', () => {
  it('counts guard verdicts by guard and action, through a recorder guards can be handed', async () => {
    const metrics = testMetrics();
    const record = metrics.recordGuardVerdict;
    record('prompt_injection', 'block');
    record('prompt_injection', 'block');
    record('pii', 'redact');
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.guardVerdicts, { guard: 'prompt_injection', action: 'block' }), 2);
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.guardVerdicts, { guard: 'pii', action: 'redact' }), 1);
  });

  it('keeps guard labels bounded: odd names and pairs past the cap count as other', async () => {
    const metrics = testMetrics();
    metrics.recordGuardVerdict('Ignore previous instructions', 'block');
    for (let index = 0; index < 100; index++) metrics.recordGuardVerdict(`guard_${index}`, 'flag');
    const guards = await labelValues(metrics.registry, METRIC_NAMES.guardVerdicts, 'guard');
    assert.ok(guards.size <= 65, `${guards.size} guard series`);
    assert.ok(guards.has('other'));
    assert.ok(![...guards].some((guard) => guard.includes(' ')));
  });

  it('observes audit write latency and counts failures', async () => {
    const metrics = testMetrics();
    metrics.recordAuditWrite(2, true);
    metrics.recordAuditWrite(8, false);
    assert.equal(await sampleValue(metrics.registry, `${METRIC_NAMES.auditWriteDuration}_count`), 2);
    assert.equal(await sampleValue(metrics.registry, `${METRIC_NAMES.auditWriteDuration}_sum`), 0.01);
    assert.equal(await sampleValue(metrics.registry, METRIC_NAMES.auditWriteFailures), 1);
  });
});
