import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { auditConfig, auditDirectory, manualClock, sampleEvent } from './audit-fixture.js';

function records(directory: string, name: string): Record<string, unknown>[] {
  return readFileSync(path.join(directory, name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('daily files: each new UTC day opens a file whose link carries the previous day\'s last mac; retention keeps checkpoints and verify spans the gap', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { retention_days: 3 });
  const clock = manualClock('2025-03-01T10:00:00Z');

  const first = await openAuditWriter(config, { now: clock.now });
  for (let index = 0; index < 3; index += 1) await first.writer.append(sampleEvent(index));
  clock.set('2025-03-02T00:00:01Z');
  await Promise.all([first.writer.append(sampleEvent(3)), first.writer.append(sampleEvent(4))]);
  clock.set('2025-03-04T23:59:59Z');
  await first.writer.append(sampleEvent(5));
  await first.writer.close();

  assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith('.log')), ['audit-2025-03-01.log', 'audit-2025-03-02.log', 'audit-2025-03-04.log']);
  const dayOne = records(directory, 'audit-2025-03-01.log');
  const [link] = records(directory, 'audit-2025-03-02.log');
  assert.equal(link?.['type'], 'link');
  assert.equal(link?.['previous_file'], 'audit-2025-03-01.log');
  assert.equal(link?.['previous_mac'], dayOne.at(-1)?.['mac']);
  assert.equal(link?.['previous_seq'], dayOne.at(-1)?.['seq']);
  const dayOneCheckpoints = readFileSync(path.join(directory, 'checkpoints', 'audit-2025-03-01.log.checkpoints'), 'utf8').trim().split('\n');
  assert.equal((JSON.parse(dayOneCheckpoints.at(-1) ?? '{}') as { closed: boolean }).closed, true, 'rotation closes the old file with a signed checkpoint');

  const across = await verifyAuditTrail(config, { now: clock.now });
  assert.equal(across.ok, true, JSON.stringify(across.break));
  assert.deepEqual(across.files.map((file) => file.name), ['audit-2025-03-01.log', 'audit-2025-03-02.log', 'audit-2025-03-04.log']);
  assert.equal(across.lastSeq, 9, '6 requests and 3 links, one contiguous sequence');

  // Two days later a restart rotates; the first two days are now older than retention_days.
  clock.set('2025-03-06T08:00:00Z');
  const second = await openAuditWriter(config, { now: clock.now });
  await second.writer.append(sampleEvent(6));
  await second.writer.close();
  assert.equal(existsSync(path.join(directory, 'audit-2025-03-01.log')), false);
  assert.equal(existsSync(path.join(directory, 'audit-2025-03-02.log')), false);
  assert.equal(existsSync(path.join(directory, 'audit-2025-03-04.log')), true);
  assert.equal(existsSync(path.join(directory, 'checkpoints', 'audit-2025-03-01.log.checkpoints')), true, 'checkpoints outlive retention');

  const afterRetention = await verifyAuditTrail(config, { now: clock.now });
  assert.equal(afterRetention.ok, true, JSON.stringify(afterRetention.break));
  assert.deepEqual(afterRetention.removedByRetention, ['audit-2025-03-01.log', 'audit-2025-03-02.log']);
  assert.deepEqual(afterRetention.files.map((file) => file.name), ['audit-2025-03-04.log', 'audit-2025-03-06.log']);
  assert.equal(afterRetention.lastSeq, 11);

  // Without the removed file's checkpoints nothing vouches for the gap any more.
  rmSync(path.join(directory, 'checkpoints', 'audit-2025-03-02.log.checkpoints'));
  const unvouched = await verifyAuditTrail(config, { now: clock.now });
  assert.equal(unvouched.break?.kind, 'deleted', JSON.stringify(unvouched.break));
  assert.equal(unvouched.break?.file, 'audit-2025-03-04.log');
});

test('a file missing before its retention time is reported as deleted, not as retention', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { retention_days: 30 });
  const clock = manualClock('2025-03-01T10:00:00Z');
  const { writer } = await openAuditWriter(config, { now: clock.now });
  await writer.append(sampleEvent(1));
  clock.set('2025-03-02T10:00:00Z');
  await writer.append(sampleEvent(2));
  clock.set('2025-03-03T10:00:00Z');
  await writer.append(sampleEvent(3));
  await writer.close();
  rmSync(path.join(directory, 'audit-2025-03-02.log'));
  const report = await verifyAuditTrail(config, { now: clock.now });
  assert.equal(report.break?.kind, 'deleted');
  assert.match(report.break?.message ?? '', /not older than retention_days/);
});

test('rotation = "never" keeps one file at log_path', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { rotation: 'never' });
  const clock = manualClock('2025-03-01T10:00:00Z');
  const { writer } = await openAuditWriter(config, { now: clock.now });
  await writer.append(sampleEvent(1));
  clock.set('2025-03-09T10:00:00Z');
  await writer.append(sampleEvent(2));
  await writer.close();
  assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith('.log')), ['audit.log']);
  const report = await verifyAuditTrail(config, { now: clock.now });
  assert.equal(report.ok, true, JSON.stringify(report.break));
  assert.equal(report.records, 3);
});

test('a crash while rotating (new file created, its link torn) is repaired: the new file gets its link and a recovery record', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory);
  const clock = manualClock('2025-03-01T10:00:00Z');
  const first = await openAuditWriter(config, { now: clock.now });
  await first.writer.append(sampleEvent(1));
  await first.writer.close();
  writeFileSync(path.join(directory, 'audit-2025-03-02.log'), '{"previous_file":"audit-2025-03-01.log","prev');

  clock.set('2025-03-02T00:00:05Z');
  const second = await openAuditWriter(config, { now: clock.now });
  assert.deepEqual(second.recovered.map((torn) => torn.file), ['audit-2025-03-02.log']);
  await second.writer.append(sampleEvent(2));
  await second.writer.close();
  assert.deepEqual(records(directory, 'audit-2025-03-02.log').map((record) => record['type']), ['link', 'recovery', 'request']);
  const report = await verifyAuditTrail(config, { now: clock.now });
  assert.equal(report.ok, true, JSON.stringify(report.break));
  assert.equal(report.recoveries.length, 1);
});
