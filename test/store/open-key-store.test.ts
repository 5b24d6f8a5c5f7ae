import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKeyStore } from '../../src/store/open-key-store.js';

test('sqlite:PATH opens a store at PATH relative to the working directory', async (t) => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-open-'));
  const previous = process.cwd();
  process.chdir(directory);
  t.after(() => {
    process.chdir(previous);
    rmSync(directory, { recursive: true, force: true });
  });
  const store = openKeyStore('sqlite:./data/keys.db');
  await store.close();
  assert.ok(existsSync(path.join(directory, 'data', 'keys.db')));
});

test('postgres:// says PostgreSQL comes later and does not echo the password', () => {
  assert.throws(
    () => openKeyStore('postgres://user:hunter2@db.example/keys'),
    (error: Error) => /PostgreSQL storage comes in a later release/.test(error.message) && !error.message.includes('hunter2'),
  );
  assert.throws(() => openKeyStore('postgresql://db.example/keys'), /later release/);
});

test('an unknown scheme or an empty sqlite path is an error', () => {
  assert.throws(() => openKeyStore('mysql://db/keys'), /unsupported storage url scheme mysql/);
  assert.throws(() => openKeyStore('sqlite:'), /needs a file path/);
});
