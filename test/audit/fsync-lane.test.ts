import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { auditConfig, auditDirectory, sampleEvent } from './audit-fixture.js';

/**
 * fdatasync takes milliseconds (tens under load). With `fsync = "interval"` an answer needs its
 * record written, not synced, so it must not wait behind the writer's periodic sync or a
 * checkpoint; with `fsync = "always"` it must wait for its own sync. fdatasync is held here by hand.
 */

/** Holds every FileHandle.datasync until `release` is called; `held` counts the calls waiting. */
async function holdDatasync(t: TestContext, directory: string): Promise<{ release: () => void; held: () => number }> {
  const probe = await open(path.join(directory, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const original = prototype.datasync;
  let waiting: (() => void)[] = [];
  let released = false;
  t.mock.method(prototype, 'datasync', async function (this: unknown): Promise<void> {
    if (!released) await new Promise<void>((resolve) => waiting.push(resolve));
    return original.call(this);
  });
  return {
    release: () => {
      released = true;
      for (const resolve of waiting) resolve();
      waiting = [];
    },
    held: () => waiting.length,
  };
}

function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

async function untilHeld(datasync: { held: () => number }): Promise<void> {
  for (let tries = 0; datasync.held() === 0; tries++) {
    assert.ok(tries < 200, 'no fdatasync started');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('with fsync = "interval", appends are written while a checkpoint waits for fdatasync', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory);
  const { writer } = await openAuditWriter(config);
  await writer.append(sampleEvent(1));
  const datasync = await holdDatasync(t, directory);

  const checkpoint = writer.checkpoint();
  await untilHeld(datasync);
  assert.equal(await settlesWithin(writer.append(sampleEvent(2)), 2_000), true, 'the append waited for the checkpoint');
  assert.equal(await settlesWithin(checkpoint, 50), false);

  datasync.release();
  await checkpoint;
  // The checkpoint vouches for what was written before its fdatasync started: up to seq 2 (the
  // opening link record is seq 1), not the record appended while it waited.
  const logName = readdirSync(directory).find((name) => name.endsWith('.log')) ?? '';
  const lines = readFileSync(path.join(directory, 'checkpoints', `${logName}.checkpoints`), 'utf8').trim().split('\n');
  assert.equal((JSON.parse(lines.at(-1) ?? '{}') as { seq: number }).seq, 2);

  await writer.close();
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
  assert.equal(report.records, 3);
});

test('with fsync = "always", an append resolves only after its own fdatasync', async (t) => {
  const directory = auditDirectory(t);
  const config = auditConfig(directory, { fsync: 'always' });
  const { writer } = await openAuditWriter(config);
  const datasync = await holdDatasync(t, directory);

  const append = writer.append(sampleEvent(1));
  await untilHeld(datasync);
  assert.equal(await settlesWithin(append, 100), false, 'the append resolved before its record was synced');
  datasync.release();
  await append;

  await writer.close();
  const report = await verifyAuditTrail(config);
  assert.equal(report.ok, true, JSON.stringify(report.break));
});
