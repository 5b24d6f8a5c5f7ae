import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteUsageStore } from '../../src/store/sqlite-usage-store.js';
import type { UsageQuery, UsageRow, UsageStore } from '../../src/store/usage-store.js';
import { UsageRecorder } from '../../src/usage/usage-recorder.js';

const NOV_1_NOON = Date.UTC(2026, 10, 1, 12);
const NOV_2_0001 = Date.UTC(2026, 10, 2, 0, 1);

/** A store that counts writes and can be told to fail. */
class MemoryStore implements UsageStore {
  rows: UsageRow[] = [];
  writes = 0;
  failing = false;
  async add(rows: readonly UsageRow[]): Promise<void> {
    if (this.failing) throw new Error('disk full');
    this.writes += 1;
    for (const row of rows) this.rows.push({ ...row });
  }
  async query(_query?: UsageQuery): Promise<UsageRow[]> {
    return this.rows;
  }
  async close(): Promise<void> {}
}

function recorderOn(t: TestContext, store: UsageStore, now: () => number = () => NOV_1_NOON, onError?: (error: unknown) => void): UsageRecorder {
  const recorder = new UsageRecorder({ store, now, flushIntervalMs: 60_000, ...(onError ? { onError } : {}) });
  t.after(() => recorder.close());
  return recorder;
}

test('record only counts in memory; a flush writes one row per day, tenant, key, provider and model', async (t) => {
  const store = new MemoryStore();
  const recorder = recorderOn(t, store);
  for (let index = 0; index < 100; index += 1) {
    recorder.record({ tenant: 'acme', keyId: 'k1', provider: 'openai', model: 'gpt-4o', usage: { promptTokens: 10, completionTokens: 2, cachedTokens: 4 }, costUsd: 0.001 });
  }
  recorder.record({ tenant: 'acme', keyId: 'k1', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { promptTokens: 7, completionTokens: 1 }, costUsd: 0.5, partial: true, estimated: true });
  recorder.record({ tenant: 'acme', keyId: 'k1', model: 'smart', error: true });
  assert.equal(store.writes, 0, 'nothing is written on the request path');
  assert.equal(recorder.pendingRows, 3);
  await recorder.flush();
  assert.equal(store.writes, 1);
  assert.equal(recorder.pendingRows, 0);
  const openai = store.rows.find((row) => row.provider === 'openai');
  assert.equal(openai?.requests, 100);
  assert.equal(openai?.promptTokens, 1000);
  assert.equal(openai?.completionTokens, 200);
  assert.equal(openai?.cachedTokens, 400);
  assert.ok(Math.abs((openai?.costUsd ?? 0) - 0.1) < 1e-9);
  const anthropic = store.rows.find((row) => row.provider === 'anthropic');
  assert.deepEqual([anthropic?.partialStreams, anthropic?.estimatedRequests, anthropic?.errors], [1, 1, 0]);
  const refused = store.rows.find((row) => row.provider === '-');
  assert.deepEqual([refused?.model, refused?.errors, refused?.requests, refused?.promptTokens], ['smart', 1, 1, 0]);
  await recorder.flush();
  assert.equal(store.writes, 1, 'an empty flush writes nothing');
});

test('events are filed under the UTC day they happened, across midnight', async (t) => {
  const store = new MemoryStore();
  let now = NOV_1_NOON;
  const recorder = recorderOn(t, store, () => now);
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm' });
  now = NOV_2_0001;
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm' });
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm', at: NOV_1_NOON + 1 });
  await recorder.flush();
  assert.deepEqual(
    store.rows.map((row) => [row.day, row.requests]).sort(),
    [['2026-11-01', 2], ['2026-11-02', 1]],
  );
});

test('a failed write keeps its rows and adds them to the next flush', async (t) => {
  const store = new MemoryStore();
  const errors: unknown[] = [];
  const recorder = recorderOn(t, store, () => NOV_1_NOON, (error) => errors.push(error));
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm', usage: { promptTokens: 1, completionTokens: 1 } });
  store.failing = true;
  await recorder.flush();
  assert.equal(errors.length, 1);
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm', usage: { promptTokens: 1, completionTokens: 1 } });
  store.failing = false;
  await recorder.flush();
  assert.equal(store.rows.length, 1);
  assert.equal(store.rows[0]?.requests, 2);
  assert.equal(store.rows[0]?.promptTokens, 2);
});

test('the interval flushes without being asked, and close writes what is left', async (t) => {
  const store = new MemoryStore();
  const recorder = new UsageRecorder({ store, flushIntervalMs: 20 });
  t.after(() => recorder.close());
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(store.rows.length, 1, 'flushed by the timer');
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm' });
  await recorder.close();
  assert.equal(store.rows.length, 2, 'flushed at close');
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'm' });
  assert.equal(recorder.pendingRows, 0, 'events after close are ignored');
});

test('usage recorded and flushed to SQLite is there after reopening the file, and query includes pending events', async (t) => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-recorder-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  const file = path.join(directory, 'securellm.db');
  const store = new SqliteUsageStore(file);
  const recorder = new UsageRecorder({ store, now: () => NOV_1_NOON, flushIntervalMs: 60_000 });
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'gpt-4o', usage: { promptTokens: 3, completionTokens: 4 }, costUsd: 0.02 });
  const seen = await recorder.query();
  assert.equal(seen[0]?.requests, 1, 'query flushes first');
  recorder.record({ tenant: 'acme', keyId: 'k', provider: 'openai', model: 'gpt-4o', usage: { promptTokens: 3, completionTokens: 4 }, costUsd: 0.02 });
  await recorder.close();
  await store.close();

  const reopened = new SqliteUsageStore(file);
  t.after(() => reopened.close());
  const rows = await reopened.query();
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0]?.day, rows[0]?.requests, rows[0]?.promptTokens, rows[0]?.completionTokens], ['2026-11-01', 2, 6, 8]);
  assert.ok(Math.abs((rows[0]?.costUsd ?? 0) - 0.04) < 1e-12);
});
