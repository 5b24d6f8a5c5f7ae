import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { auditConfig, auditDirectory, sampleEvent } from './audit-fixture.js';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'append-loop-child.js');

/** Starts the appending child, lets it acknowledge `count` records, then kills it with SIGKILL. */
async function appendThenKill(directory: string, count: number): Promise<Set<string>> {
  const child = spawn(process.execPath, [childScript, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acknowledged = new Set<string>();
  let carry = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    const lines = (carry + text).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('ack ')) acknowledged.add(line.slice(4));
    if (acknowledged.size >= count) child.kill('SIGKILL');
  });
  const signal = await exited;
  assert.equal(signal, 'SIGKILL');
  return acknowledged;
}

test('after kill -9 under load a restart repairs the torn line, records the recovery, and no acknowledged record is missing', { timeout: 60_000 }, async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { checkpoint_every_records: 500 });
  const acknowledged = await appendThenKill(directory, 5000);

  const logName = readdirSync(directory).find((name) => name.endsWith('.log')) ?? '';
  const logPath = path.join(directory, logName);
  // A kill between write() calls leaves whole lines; make sure the torn write this test is about is there.
  if (readFileSync(logPath, 'utf8').endsWith('\n')) writeFileSync(logPath, '{"cache_hit":false,"client_format":null,"comp', { flag: 'a' });

  const beforeRestart = await verifyAuditTrail(config);
  assert.equal(beforeRestart.break?.kind, 'torn', JSON.stringify(beforeRestart.break));

  const { writer, recovered } = await openAuditWriter(config);
  assert.equal(recovered.length, 1);
  assert.equal(recovered[0]?.file, logName);
  await writer.append(sampleEvent(1, { requestId: 'after-restart' }));
  await writer.close();

  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
  assert.equal(report.recoveries.length, 1);
  assert.equal(report.recoveries[0]?.tornFile, logName);

  const written = new Set(
    readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { request_id?: string }).request_id),
  );
  const missing = [...acknowledged].filter((requestId) => !written.has(requestId));
  assert.deepEqual(missing, [], 'every acknowledged append survived the kill');
  assert.ok(written.has('after-restart'));
  const recoveryLine = readFileSync(logPath, 'utf8').trim().split('\n').find((line) => line.includes('"type":"recovery"'));
  assert.match(recoveryLine ?? '', /"reason":"torn_last_line"/);
});
