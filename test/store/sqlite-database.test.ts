import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase } from '../../src/store/sqlite-database.js';

function temporaryFile(t: { after: (fn: () => void) => void }): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-sqlite-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return path.join(directory, 'test.db');
}

test('uses node:sqlite where Node.js has it and better-sqlite3 on Node 20', (t) => {
  const database = openSqliteDatabase(temporaryFile(t), 1000);
  t.after(() => database.close());
  const major = Number(process.versions.node.split('.')[0]);
  assert.equal(database.driver, major >= 22 ? 'node:sqlite' : 'better-sqlite3');
  assert.equal(Number(database.pragma('busy_timeout')), 1000);
});

test('runs statements with positional parameters and reports changes', (t) => {
  const database = openSqliteDatabase(temporaryFile(t), 1000);
  t.after(() => database.close());
  database.exec('CREATE TABLE items (name TEXT NOT NULL, size INTEGER) STRICT');
  const insert = database.prepare('INSERT INTO items VALUES (?, ?)');
  assert.equal(Number(insert.run('a', 1).changes), 1);
  insert.run('b', null);
  assert.deepEqual({ ...(database.prepare('SELECT * FROM items WHERE name = ?').get('a') as object) }, { name: 'a', size: 1 });
  assert.equal(database.prepare('SELECT * FROM items').all().length, 2);
  assert.equal(database.prepare('SELECT * FROM items WHERE name = ?').get('zzz'), undefined);
});

test('an immediate transaction commits, and rolls back when its work throws', (t) => {
  const database = openSqliteDatabase(temporaryFile(t), 1000);
  t.after(() => database.close());
  database.exec('CREATE TABLE items (name TEXT)');
  database.immediate(() => database.prepare('INSERT INTO items VALUES (?)').run('kept'));
  assert.throws(() =>
    database.immediate(() => {
      database.prepare('INSERT INTO items VALUES (?)').run('lost');
      throw new Error('stop');
    }),
  /stop/);
  assert.deepEqual(database.prepare('SELECT name FROM items').all().map((row) => (row as { name: string }).name), ['kept']);
});

test('close is idempotent', (t) => {
  const database = openSqliteDatabase(temporaryFile(t), 1000);
  database.close();
  assert.doesNotThrow(() => database.close());
});
