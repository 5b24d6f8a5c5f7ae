import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AuditError } from '../../src/audit/audit-error.js';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { auditConfig, auditDirectory, manualClock, sampleEvent } from './audit-fixture.js';

function readRecords(directory: string): Record<string, unknown>[] {
  const name = readdirSync(directory).find((file) => file.endsWith('.log'));
  assert.ok(name);
  const text = readFileSync(path.join(directory, name), 'utf8');
  assert.ok(text.endsWith('\n'));
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a request record carries the seed\'s fields and the gateway\'s decisions, never content by default', async (t) => {
  const directory = auditDirectory(t);
  const { writer } = await openAuditWriter(auditConfig(directory));
  await writer.append(
    sampleEvent(1, {
      timestamp: new Date('2025-05-05T05:05:05.000Z'),
      status: 403,
      decision: 'refused',
      reasonCode: 'guard_blocked',
      guardVerdicts: [{ ruleId: 'prompt_injection.ignore_previous', action: 'block', direction: 'in' }],
      attempts: [
        { target: 'openai/gpt-4o', attempt: 1, outcome: 'error', code: 'overloaded' },
        { target: 'openai/gpt-4o', attempt: 2, outcome: 'error', code: 'overloaded' },
        { target: 'anthropic/claude-sonnet-4-5', attempt: 1, outcome: 'ok' },
      ],
      cacheHit: false,
      partial: true,
      content: { prompt: 'secret plans', completion: 'more secrets' },
    }),
  );
  await writer.close();
  const [link, record] = readRecords(directory);
  assert.equal(link?.['type'], 'link');
  assert.ok(record);
  for (const field of ['timestamp', 'request_id', 'user_id', 'provider', 'model', 'prompt_tokens', 'completion_tokens', 'total_cost', 'duration_ms', 'status']) {
    assert.ok(field in record, `seed field ${field}`);
  }
  assert.equal(record['timestamp'], '2025-05-05T05:05:05.000Z');
  assert.equal(record['seq'], 2);
  assert.equal(record['tenant'], 'acme');
  assert.equal(record['key_id'], 'abcdefghijkl');
  assert.equal(record['client_format'], 'openai');
  assert.equal(record['decision'], 'refused');
  assert.equal(record['reason_code'], 'guard_blocked');
  assert.deepEqual(record['guard_verdicts'], [{ rule_id: 'prompt_injection.ignore_previous', action: 'block', direction: 'in' }]);
  assert.equal(record['retries'], 1);
  assert.deepEqual(record['fallbacks'], [{ target: 'openai/gpt-4o', code: 'overloaded' }]);
  assert.equal(record['partial'], true);
  assert.match(record['mac'] as string, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(record).includes('secret'), 'no prompt or completion text unless include_content');
});

test('include_content = true writes prompt and completion text', async (t) => {
  const directory = auditDirectory(t);
  const { writer } = await openAuditWriter(auditConfig(directory, { include_content: true }));
  await writer.append(sampleEvent(1, { content: { prompt: 'hello', completion: 'world' } }));
  await writer.close();
  const record = readRecords(directory)[1];
  assert.equal(record?.['prompt'], 'hello');
  assert.equal(record?.['completion'], 'world');
});

test('hostile field values cannot forge a line: every record stays one line and the chain verifies', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { include_content: true });
  const forgedLine = '{"seq":3,"type":"request","request_id":"forged","mac":"' + '0'.repeat(64) + '"}';
  const hostile = [
    `x"}\n${forgedLine}\n{"a":"`,
    'carriage\rreturn\r\nand\u0000nul\u001b[31mred',
    'line\u2028separator\u2029paragraph',
    'lone surrogate \ud800 here',
    '\\"},"mac":"' + 'f'.repeat(64),
  ];
  const { writer } = await openAuditWriter(config);
  await Promise.all(
    hostile.map((value, index) =>
      writer.append(sampleEvent(index, { requestId: value, userId: value, model: value, reasonCode: value, guardVerdicts: [{ ruleId: value, action: 'flag' }], content: { prompt: value } })),
    ),
  );
  await writer.close();
  const records = readRecords(directory);
  assert.equal(records.length, hostile.length + 1, 'one line per record, whatever the values hold');
  hostile.forEach((value, index) => {
    const record = records[index + 1];
    assert.equal(record?.['request_id'], value, 'the value comes back exactly, lone surrogate included');
    assert.equal(record?.['prompt'], value);
    assert.equal(record?.['seq'], index + 2);
  });
  assert.ok(!records.some((record) => record['request_id'] === 'forged'), 'the embedded line stayed inside a string');
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
});

test('concurrent appends share one write and resolve in order; fsync = "always" also verifies', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { fsync: 'always' });
  const { writer } = await openAuditWriter(config);
  const pending = Array.from({ length: 200 }, (_, index) => writer.append(sampleEvent(index)));
  assert.equal(new Set(pending).size, 1, 'appends made in the same turn share one batch');
  await Promise.all(pending);
  assert.equal(writer.status().writtenSeq, 201);
  await writer.close();
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true);
  assert.equal(report.lastSeq, 201);
});

test('keys are generated at first start into 0600 files and reused after', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory);
  await (await openAuditWriter(config)).writer.close();
  assert.equal(statSync(path.join(directory, 'audit.hmac-key')).mode & 0o777, 0o600);
  assert.equal(statSync(path.join(directory, 'audit.signing-key.pem')).mode & 0o777, 0o600);
  const firstKey = readFileSync(path.join(directory, 'audit.hmac-key'), 'utf8');
  const again = await openAuditWriter(config);
  await again.writer.append(sampleEvent(1));
  await again.writer.close();
  assert.equal(readFileSync(path.join(directory, 'audit.hmac-key'), 'utf8'), firstKey);
  assert.equal((await verifyAuditTrail(config)).ok, true);
});

test('hmac_key from config is used instead of a key file', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { hmac_key: 'k'.repeat(40) });
  const { writer } = await openAuditWriter(config);
  await writer.append(sampleEvent(1));
  await writer.close();
  assert.ok(!readdirSync(directory).includes('audit.hmac-key'));
  assert.equal((await verifyAuditTrail(config)).ok, true);
  const wrongKey = await verifyAuditTrail(auditConfig(directory, { hmac_key: 'x'.repeat(40) }));
  assert.equal(wrongKey.break?.kind, 'edited');
});

test('when the log cannot be written, appends reject and the writer reports itself unhealthy', async (t) => {
  const directory = auditDirectory(t);
  const clock = manualClock('2025-03-01T10:00:00Z');
  const errors: Error[] = [];
  const { writer } = await openAuditWriter(auditConfig(directory), { now: clock.now, onError: (error) => errors.push(error) });
  await writer.append(sampleEvent(1));
  assert.equal(writer.healthy(), true);
  // Tomorrow's file cannot be created: a folder already has its name.
  mkdirSync(path.join(directory, 'audit-2025-03-02.log'));
  clock.set('2025-03-02T00:00:00Z');
  await assert.rejects(writer.append(sampleEvent(2)), (error: unknown) => error instanceof AuditError && error.code === 'write_failed');
  assert.equal(writer.healthy(), false);
  assert.equal(writer.status().healthy, false);
  await assert.rejects(writer.append(sampleEvent(3)), AuditError);
  assert.equal(errors.length, 1);
  await writer.close().catch(() => undefined);
});

test('close signs a last checkpoint, and appends after close reject', async (t) => {
  const directory = auditDirectory(t);
  const { writer } = await openAuditWriter(auditConfig(directory));
  await writer.append(sampleEvent(1));
  await writer.close();
  await writer.close();
  await assert.rejects(writer.append(sampleEvent(2)), (error: unknown) => error instanceof AuditError && error.code === 'closed');
  const checkpoints = readFileSync(path.join(directory, 'checkpoints', `${readdirSync(directory).find((file) => file.endsWith('.log')) ?? ''}.checkpoints`), 'utf8').trim().split('\n');
  assert.equal((JSON.parse(checkpoints.at(-1) ?? '{}') as { seq: number }).seq, 2);
});
