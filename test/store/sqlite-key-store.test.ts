import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase } from '../../src/store/sqlite-database.js';
import type { KeyRecord } from '../../src/store/key-store.js';
import { KEY_STORE_MIGRATIONS, SqliteKeyStore } from '../../src/store/sqlite-key-store.js';

function temporaryDatabase(t: { after: (fn: () => void) => void }): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-keystore-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return path.join(directory, 'nested', 'dir', 'keys.db');
}

const fullRecord: KeyRecord = {
  id: 'abcdef012345',
  name: 'ci runner',
  tenant: 'acme',
  hash: 'a'.repeat(64),
  providers: ['openai', 'local'],
  models: ['openai/gpt-4o', 'smart'],
  rpm: 120,
  budgetUsd: 12.5,
  admin: true,
  createdAt: 1_700_000_000_000,
  expiresAt: 1_800_000_000_000,
};

const minimalRecord: KeyRecord = { id: '0123456789ab', tenant: 'default', hash: 'b'.repeat(64), admin: false, createdAt: 1_700_000_000_001 };

test('a created key is found by id with every field intact, and an unknown id is undefined', async (t) => {
  const store = new SqliteKeyStore(temporaryDatabase(t));
  t.after(() => store.close());
  await store.create(fullRecord);
  await store.create(minimalRecord);
  assert.deepEqual(await store.findById(fullRecord.id), fullRecord);
  assert.deepEqual(await store.findById(minimalRecord.id), minimalRecord);
  assert.equal(await store.findById('ffffffffffff'), undefined);
});

test('creating a second key with a taken id fails instead of overwriting', async (t) => {
  const store = new SqliteKeyStore(temporaryDatabase(t));
  t.after(() => store.close());
  await store.create(minimalRecord);
  await assert.rejects(store.create({ ...minimalRecord, hash: 'c'.repeat(64) }));
  assert.equal((await store.findById(minimalRecord.id))?.hash, minimalRecord.hash);
});

test('list returns every key oldest first', async (t) => {
  const store = new SqliteKeyStore(temporaryDatabase(t));
  t.after(() => store.close());
  await store.create(minimalRecord);
  await store.create(fullRecord);
  assert.deepEqual((await store.list()).map((record) => record.id), [fullRecord.id, minimalRecord.id]);
});

test('revoke marks a known key once and reports an unknown id', async (t) => {
  const store = new SqliteKeyStore(temporaryDatabase(t));
  t.after(() => store.close());
  await store.create(minimalRecord);
  assert.equal(await store.revoke(minimalRecord.id, 5000), true);
  assert.equal((await store.findById(minimalRecord.id))?.revokedAt, 5000);
  assert.equal(await store.revoke(minimalRecord.id, 9000), true);
  assert.equal((await store.findById(minimalRecord.id))?.revokedAt, 5000, 'the first revocation time is kept');
  assert.equal(await store.revoke('ffffffffffff'), false);
});

test('the database file is created with mode 0600 inside a created directory', { skip: process.platform === 'win32' }, async (t) => {
  const file = temporaryDatabase(t);
  const store = new SqliteKeyStore(file);
  await store.create(minimalRecord);
  await store.close();
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('reopening keeps the keys, and migrating an up-to-date database changes nothing', async (t) => {
  const file = temporaryDatabase(t);
  const first = new SqliteKeyStore(file);
  await first.create(fullRecord);
  await first.close();
  const second = new SqliteKeyStore(file);
  await second.close();
  const third = new SqliteKeyStore(file);
  t.after(() => third.close());
  assert.deepEqual(await third.list(), [fullRecord]);
  const raw = openSqliteDatabase(file, 1000);
  try {
    assert.equal(Number(raw.pragma('user_version')), KEY_STORE_MIGRATIONS.length);
    assert.equal(raw.pragma('journal_mode'), 'wal');
  } finally {
    raw.close();
  }
});

test('a database from a newer schema version is refused rather than misread', async (t) => {
  const file = temporaryDatabase(t);
  await new SqliteKeyStore(file).close();
  const raw = openSqliteDatabase(file, 1000);
  raw.exec(`PRAGMA user_version = ${KEY_STORE_MIGRATIONS.length + 1}`);
  raw.close();
  assert.throws(() => new SqliteKeyStore(file), /newer than this gateway knows/);
});
