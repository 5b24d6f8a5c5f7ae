import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditError } from '../../src/audit/audit-error.js';
import { resolveAuditPaths } from '../../src/audit/audit-paths.js';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { writerLockPath } from '../../src/audit/writer-lock.js';
import { auditConfig, auditDirectory, sampleEvent } from './audit-fixture.js';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'append-loop-child.js');

test('a second writer on the same trail is refused while the first is open, and admitted once it closed', { timeout: 60_000 }, async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory);
  const first = await openAuditWriter(config);
  await first.writer.append(sampleEvent(1));
  assert.equal(existsSync(writerLockPath(resolveAuditPaths(config))), true);

  await assert.rejects(openAuditWriter(config), (error: unknown) => error instanceof AuditError && error.code === 'locked' && error.message.includes('in use by another process'));
  // The refused opener wrote nothing: the first writer's chain goes on unbroken.
  await first.writer.append(sampleEvent(2));
  await first.writer.close();
  assert.equal(existsSync(writerLockPath(resolveAuditPaths(config))), false);

  const second = await openAuditWriter(config);
  await second.writer.append(sampleEvent(3));
  await second.writer.close();
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
});

test('the lock of a writer killed with SIGKILL goes stale and the next start takes it over', { timeout: 60_000 }, async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { checkpoint_every_records: 500 });
  const child = spawn(process.execPath, [childScript, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve) => child.stdout.on('data', (text: string) => text.includes('ack ') && resolve()));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  assert.equal(existsSync(writerLockPath(resolveAuditPaths(config))), true, 'a killed process cannot remove its lock');

  const started = Date.now();
  const { writer } = await openAuditWriter(config);
  const waited = Date.now() - started;
  await writer.append(sampleEvent(1, { requestId: 'after-takeover' }));
  await writer.close();
  assert.ok(waited < 15_000, `took over after ${waited} ms`);
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
});
