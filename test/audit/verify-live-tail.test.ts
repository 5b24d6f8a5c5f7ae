/**
 * GET /admin/audit/verify reads the trail while its writer appends: a batch caught half-written is
 * a write in flight while the writer is open and healthy, not a `torn` break (a false tamper alarm).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { auditConfig, auditDirectory, sampleEvent } from './audit-fixture.js';

test('an incomplete last line of the newest file is left out only while the live writer is healthy', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory);
  const { writer } = await openAuditWriter(config);
  let open = true;
  t.after(async () => {
    if (open) await writer.close();
  });
  for (let index = 0; index < 20; index += 1) await writer.append(sampleEvent(index));
  await writer.checkpoint();
  const whole = await verifyAuditTrail(config);
  assert.equal(whole.ok, true, JSON.stringify(whole.break));

  // What a reader sees between the two halves of one batch's write.
  const logName = readdirSync(directory).find((name) => name.endsWith('.log')) ?? '';
  writeFileSync(path.join(directory, logName), '{"cache_hit":false,"client_format":null,"comp', { flag: 'a' });

  const live = await verifyAuditTrail(config, { liveWriterHealthy: () => writer.healthy() });
  assert.equal(live.ok, true, JSON.stringify(live.break));
  assert.equal(live.records, whole.records);
  assert.equal(live.lastSeq, whole.lastSeq);

  const offline = await verifyAuditTrail(config);
  assert.equal(offline.break?.kind, 'torn', 'without a live writer it is a break, as before');

  await writer.close();
  open = false;
  const closed = await verifyAuditTrail(config, { liveWriterHealthy: () => writer.healthy() });
  assert.equal(closed.ok, false, 'a closed writer is not appending: the line is a break');
});
