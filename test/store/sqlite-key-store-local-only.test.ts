import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase } from '../../src/store/sqlite-database.js';
import { KEY_STORE_MIGRATIONS, SqliteKeyStore } from '../../src/store/sqlite-key-store.js';

function temporaryFile(t: { after: (fn: () => void) => void }): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-keystore-local-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  mkdirSync(path.join(directory, 'db'));
  return path.join(directory, 'db', 'keys.db');
}

test('a version-1 key database gains local_only on open; its keys stay unrestricted', async (t) => {
  const file = temporaryFile(t);
  const raw = openSqliteDatabase(file, 1000);
  raw.exec(KEY_STORE_MIGRATIONS[0] ?? '');
  raw.exec('PRAGMA user_version = 1');
  raw.prepare('INSERT INTO api_keys (id, tenant, hash, admin, created_at) VALUES (?, ?, ?, ?, ?)').run('abcdef012345', 'acme', 'a'.repeat(64), 0, 1_700_000_000_000);
  raw.close();

  const store = new SqliteKeyStore(file);
  t.after(() => store.close());
  assert.deepEqual(await store.list(), [{ id: 'abcdef012345', tenant: 'acme', hash: 'a'.repeat(64), admin: false, createdAt: 1_700_000_000_000 }]);
  const check = openSqliteDatabase(file, 1000);
  try {
    assert.equal(Number(check.pragma('user_version')), KEY_STORE_MIGRATIONS.length);
    assert.ok(KEY_STORE_MIGRATIONS.length >= 2);
  } finally {
    check.close();
  }
});

test('a local-only key keeps its mark through the store; others have none', async (t) => {
  const store = new SqliteKeyStore(temporaryFile(t));
  t.after(() => store.close());
  await store.create({ id: '0123456789ab', tenant: 'clinic', hash: 'b'.repeat(64), admin: false, localOnly: true, createdAt: 1 });
  await store.create({ id: 'ba9876543210', tenant: 'clinic', hash: 'c'.repeat(64), admin: false, createdAt: 2 });
  assert.equal((await store.findById('0123456789ab'))?.localOnly, true);
  assert.equal('localOnly' in ((await store.findById('ba9876543210')) ?? {}), false);
});
