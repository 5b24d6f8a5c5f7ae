import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase } from '../../src/store/sqlite-database.js';
import { KEY_STORE_MIGRATIONS, SqliteKeyStore } from '../../src/store/sqlite-key-store.js';
import { SqliteUsageStore, USAGE_STORE_MIGRATIONS } from '../../src/store/sqlite-usage-store.js';
import { emptyCounters, type UsageRow } from '../../src/store/usage-store.js';

function temporaryDatabase(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-usagestore-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return path.join(directory, 'data', 'securellm.db');
}

function row(day: string, keyId: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return { day, tenant: 'acme', keyId, provider: 'openai', model: 'gpt-4o', ...emptyCounters(), requests: 1, promptTokens: 10, completionTokens: 5, costUsd: 0.25, ...overrides };
}

test('add increments rows with the same day, tenant, key, provider and model instead of replacing them', async (t) => {
  const store = new SqliteUsageStore(temporaryDatabase(t));
  t.after(() => store.close());
  await store.add([row('2026-11-01', 'key-a'), row('2026-11-01', 'key-b')]);
  await store.add([row('2026-11-01', 'key-a', { cachedTokens: 3, errors: 1, partialStreams: 1, estimatedRequests: 1 })]);
  const rows = await store.query();
  assert.deepEqual(rows, [
    row('2026-11-01', 'key-a', { requests: 2, promptTokens: 20, completionTokens: 10, cachedTokens: 3, costUsd: 0.5, errors: 1, partialStreams: 1, estimatedRequests: 1 }),
    row('2026-11-01', 'key-b'),
  ]);
});

test('query reads the days asked for, both ends included, in day order', async (t) => {
  const store = new SqliteUsageStore(temporaryDatabase(t));
  t.after(() => store.close());
  await store.add([row('2026-11-03', 'k'), row('2026-10-31', 'k'), row('2026-11-01', 'k'), row('2026-11-02', 'k')]);
  assert.deepEqual((await store.query({ since: '2026-11-01' })).map((found) => found.day), ['2026-11-01', '2026-11-02', '2026-11-03']);
  assert.deepEqual((await store.query({ since: '2026-11-01', until: '2026-11-02' })).map((found) => found.day), ['2026-11-01', '2026-11-02']);
  assert.deepEqual((await store.query({ until: '2026-10-31' })).map((found) => found.day), ['2026-10-31']);
});

test('rows survive closing and reopening the file', async (t) => {
  const file = temporaryDatabase(t);
  const first = new SqliteUsageStore(file);
  await first.add([row('2026-11-01', 'k')]);
  await first.close();
  const second = new SqliteUsageStore(file);
  t.after(() => second.close());
  assert.deepEqual(await second.query(), [row('2026-11-01', 'k')]);
});

test('the usage schema version lives in schema_versions and leaves the key store its user_version', async (t) => {
  const file = temporaryDatabase(t);
  const keys = new SqliteKeyStore(file);
  await keys.close();
  const usage = new SqliteUsageStore(file);
  await usage.add([row('2026-11-01', 'k')]);
  await usage.close();
  // Opening in the other order, and again, changes nothing and fails nothing.
  const keysAgain = new SqliteKeyStore(file);
  await keysAgain.create({ id: 'abcdef012345', tenant: 'acme', hash: 'a'.repeat(64), admin: false, createdAt: 1 });
  await keysAgain.close();
  const usageAgain = new SqliteUsageStore(file);
  assert.equal((await usageAgain.query()).length, 1);
  await usageAgain.close();

  const database = openSqliteDatabase(file, 1000);
  t.after(() => database.close());
  assert.equal(Number(database.pragma('user_version')), KEY_STORE_MIGRATIONS.length, 'the key store owns user_version');
  const version = database.prepare('SELECT version FROM schema_versions WHERE component = ?').get('usage') as { version: number };
  assert.equal(Number(version.version), USAGE_STORE_MIGRATIONS.length);
});

test('a usage schema newer than this gateway knows is refused', async (t) => {
  const file = temporaryDatabase(t);
  await new SqliteUsageStore(file).close();
  const database = openSqliteDatabase(file, 1000);
  database.exec(`UPDATE schema_versions SET version = ${USAGE_STORE_MIGRATIONS.length + 1} WHERE component = 'usage'`);
  database.close();
  assert.throws(() => new SqliteUsageStore(file), /newer than this gateway knows/);
});
