import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { auditConfig, auditDirectory, sampleEvent } from './audit-fixture.js';

/**
 * Measures appends per second the way the gateway makes them: many requests in flight, each
 * awaiting its own record. Prints the rate; asserts only a floor far below it, so a slow CI
 * machine does not fail, while a per-record write or fsync (hundreds per second) would.
 */
async function measure(fsync: 'interval' | 'always', lanes: number, total: number, directory: string): Promise<number> {
  const config = auditConfig(directory, { fsync });
  const { writer } = await openAuditWriter(config);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) {
        next += 1;
        await writer.append(sampleEvent(next));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
  assert.equal(report.records, total + 1);
  return total / seconds;
}

test('append throughput with fsync = "interval" (256 requests in flight)', async (t) => {
  const rate = await measure('interval', 256, 100_000, auditDirectory(t));
  t.diagnostic(`audit append, fsync=interval, 256 in flight: ${Math.round(rate)} records/s`);
  assert.ok(rate > 5_000, `${Math.round(rate)} records/s`);
});

test('append throughput with fsync = "always" (256 requests in flight: group commit)', async (t) => {
  const rate = await measure('always', 256, 20_000, auditDirectory(t));
  t.diagnostic(`audit append, fsync=always, 256 in flight: ${Math.round(rate)} records/s`);
  assert.ok(rate > 1_000, `${Math.round(rate)} records/s`);
});
