import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { resolveAuditPaths } from '../../src/audit/audit-paths.js';
import { queryAuditRecords, type AuditQuery } from '../../src/audit/query-audit-records.js';
import { readLinesBackward } from '../../src/audit/read-lines-backward.js';
import { auditConfig, auditDirectory, manualClock, sampleEvent } from './audit-fixture.js';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const line of lines) collected.push(line);
  return collected;
}

test('reads lines newest first across chunk borders, keeps UTF-8 whole, and leaves out an unterminated last line', async (t) => {
  const file = path.join(auditDirectory(t), 'lines.log');
  const lines = ['first', 'zweite Zeile mit Ümlaut', '', '三行目', 'x'.repeat(50)];
  writeFileSync(file, `${lines.join('\n')}\n{"torn":`);
  for (const chunkBytes of [1, 2, 3, 7, 64, 65_536]) {
    assert.deepEqual(await collect(readLinesBackward(file, chunkBytes)), [...lines].reverse(), `chunks of ${chunkBytes}`);
  }
  writeFileSync(file, 'only a torn line');
  assert.deepEqual(await collect(readLinesBackward(file, 4)), []);
  writeFileSync(file, '');
  assert.deepEqual(await collect(readLinesBackward(file)), []);
});

/** Three days of records: two on the 1st, three on the 2nd, two on the 3rd (rotated daily). */
async function threeDays(t: Parameters<typeof auditDirectory>[0]): Promise<ReturnType<typeof resolveAuditPaths>> {
  const directory = auditDirectory(t);
  const config = auditConfig(directory);
  const clock = manualClock('2025-03-01T10:00:00Z');
  const { writer } = await openAuditWriter(config, { now: clock.now });
  await writer.append(sampleEvent(1, { tenant: 'acme' }));
  await writer.append(sampleEvent(2, { tenant: 'beta', status: 429, decision: 'refused', reasonCode: 'rate_limited' }));
  clock.set('2025-03-02T10:00:00Z');
  await writer.append(sampleEvent(3, { tenant: 'acme' }));
  await writer.append(sampleEvent(4, { tenant: 'beta', status: 502, decision: 'failed' }));
  await writer.append(sampleEvent(5, { tenant: 'acme', status: 401, decision: 'refused' }));
  clock.set('2025-03-03T10:00:00Z');
  await writer.append(sampleEvent(6, { tenant: 'beta' }));
  await writer.append(sampleEvent(7, { tenant: 'acme' }));
  await writer.close();
  assert.equal(readdirSync(directory).filter((name) => name.endsWith('.log')).length, 3);
  return resolveAuditPaths(config);
}

const requestIds = (records: Record<string, unknown>[]): unknown[] => records.filter((record) => record['type'] === 'request').map((record) => record['request_id']);

test('answers the newest records, newest last, reaching back into rotated files and paging with a cursor', async (t) => {
  const paths = await threeDays(t);
  const query = (extra: Partial<AuditQuery>): ReturnType<typeof queryAuditRecords> => queryAuditRecords(paths, { limit: 100, ...extra });

  const everything = await query({});
  assert.deepEqual(requestIds(everything.records), ['req-1', 'req-2', 'req-3', 'req-4', 'req-5', 'req-6', 'req-7']);
  assert.ok(everything.records.some((record) => record['type'] === 'link'), 'link records are part of the trail');
  assert.equal(everything.nextBefore, undefined);
  const seqs = everything.records.map((record) => record['seq'] as number);
  assert.deepEqual(seqs, [...seqs].sort((left, right) => left - right));

  const acme = await query({ tenant: 'acme', limit: 2 });
  assert.deepEqual(requestIds(acme.records), ['req-5', 'req-7']);
  assert.ok(acme.nextBefore !== undefined);
  const older = await query({ tenant: 'acme', limit: 2, before: acme.nextBefore });
  assert.deepEqual(requestIds(older.records), ['req-1', 'req-3']);
  assert.equal(older.nextBefore, undefined, 'no page older than the oldest');

  assert.deepEqual(requestIds((await query({ status: { exact: 429 } })).records), ['req-2']);
  assert.deepEqual(requestIds((await query({ status: { hundreds: 4 } })).records), ['req-2', 'req-5']);
  assert.deepEqual(requestIds((await query({ decision: 'failed' })).records), ['req-4']);
  assert.deepEqual(requestIds((await query({ requestId: 'req-3' })).records), ['req-3']);
  assert.equal((await query({ requestId: 'req-3' })).records.length, 1, 'request filters leave out link records');
  assert.deepEqual(requestIds((await query({ since: Date.parse('2025-03-02T00:00:00Z') })).records), ['req-3', 'req-4', 'req-5', 'req-6', 'req-7']);
  assert.deepEqual((await query({ since: Date.parse('2025-03-04T00:00:00Z') })).records, []);
});

test('skips a torn last line rather than failing the query', async (t) => {
  const paths = await threeDays(t);
  const newest = readdirSync(paths.directory).filter((name) => name.endsWith('.log')).sort().at(-1) ?? '';
  appendFileSync(path.join(paths.directory, newest), '{"type":"request","seq":99,"request_id":"torn');
  const page = await queryAuditRecords(paths, { limit: 1 });
  assert.deepEqual(requestIds(page.records), ['req-7']);
});
