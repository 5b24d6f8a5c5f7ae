import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

function workspace(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-keys-cli-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFileSync(path.join(directory, 'gateway.toml'), '[storage]\nurl = "sqlite:./state/keys.db"\n');
  return directory;
}

interface ListedKey {
  id: string;
  tenant: string;
  name?: string;
  status: string;
  admin: boolean;
  providers?: string[];
  models?: string[];
  rpm?: number;
  budgetUsd?: number;
  createdAt: string;
  expiresAt?: string;
}

test('keys create --json, then list --json, then revoke, against the database named in the config', async (t) => {
  const directory = workspace(t);
  const config = ['--config', 'gateway.toml'];

  const created = runCli(
    ['keys', 'create', ...config, '--json', '--tenant', 'acme', '--name', 'ci', '--providers', 'openai,local', '--models', 'x,y', '--rpm', '30', '--budget-usd', '2.5', '--expires-in', '30d', '--admin'],
    directory,
  );
  assert.equal(created.status, 0, created.stderr);
  const output = JSON.parse(created.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(output).sort(), ['id', 'key']);
  assert.match(output['key'] ?? '', new RegExp(`^sk-sllm-${output['id']}-[A-Za-z0-9_-]{43}$`));
  assert.ok(existsSync(path.join(directory, 'state', 'keys.db')), 'the store is at the config path, relative to the working directory');
  assert.equal(statSync(path.join(directory, 'state', 'keys.db')).mode & 0o777, 0o600);

  const listed = runCli(['keys', 'list', ...config, '--json'], directory);
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(!listed.stdout.includes('hash'), 'hashes are never listed');
  assert.ok(!listed.stdout.includes((output['key'] ?? '').slice(-43)), 'secrets are never listed');
  const keys = JSON.parse(listed.stdout) as ListedKey[];
  assert.equal(keys.length, 1);
  const [key] = keys;
  assert.ok(key);
  assert.equal(key.id, output['id']);
  assert.equal(key.tenant, 'acme');
  assert.equal(key.name, 'ci');
  assert.equal(key.status, 'active');
  assert.equal(key.admin, true);
  assert.deepEqual(key.providers, ['openai', 'local']);
  assert.deepEqual(key.models, ['x', 'y']);
  assert.equal(key.rpm, 30);
  assert.equal(key.budgetUsd, 2.5);
  const lifetime = Date.parse(key.expiresAt ?? '') - Date.parse(key.createdAt);
  assert.equal(lifetime, 30 * 86_400_000);

  const revoked = runCli(['keys', 'revoke', key.id, ...config], directory);
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.match(revoked.stdout, new RegExp(`Revoked API key ${key.id}`));

  const afterRevoke = JSON.parse(runCli(['keys', 'list', ...config, '--json'], directory).stdout) as ListedKey[];
  assert.equal(afterRevoke[0]?.status, 'revoked');
  const table = runCli(['keys', 'list', ...config], directory);
  assert.match(table.stdout, new RegExp(`${key.id}\\s+ci\\s+acme\\s+revoked`));
});

test('keys create without --json shows the key once and says it will not be shown again', async (t) => {
  const directory = workspace(t);
  const result = runCli(['keys', 'create', '--config', 'gateway.toml'], directory);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /sk-sllm-[0-9a-f]{12}-[A-Za-z0-9_-]{43}/);
  assert.match(result.stdout, /not be shown again/);
  assert.match(result.stdout, /tenant default/);
});

test('without a config file the default sqlite:./data/securellm.db is used', async (t) => {
  const directory = workspace(t);
  const result = runCli(['keys', 'create', '--json'], directory);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(existsSync(path.join(directory, 'data', 'securellm.db')));
});

test('revoking an unknown id exits 1 with a one-line reason', async (t) => {
  const directory = workspace(t);
  const result = runCli(['keys', 'revoke', 'abcdefabcdef', '--config', 'gateway.toml'], directory);
  assert.equal(result.status, 1);
  assert.equal(result.stderr, 'securellm: no API key with id abcdefabcdef\n');
});

test('revoke given a whole key instead of an id refuses without echoing the key', async (t) => {
  const directory = workspace(t);
  const key = `sk-sllm-abcdefabcdef-${'S'.repeat(43)}`;
  const result = runCli(['keys', 'revoke', key, '--config', 'gateway.toml'], directory);
  assert.equal(result.status, 1);
  assert.ok(!result.stderr.includes('S'.repeat(43)));
  assert.match(result.stderr, /not a key id/);
});

test('bad option values are refused with a non-zero exit and nothing is created', async (t) => {
  const directory = workspace(t);
  for (const args of [['--expires-in', '3w'], ['--rpm', '0'], ['--budget-usd', 'lots'], ['--providers', ',']]) {
    const result = runCli(['keys', 'create', '--config', 'gateway.toml', '--json', ...args], directory);
    assert.notEqual(result.status, 0, args.join(' '));
    assert.equal(result.stdout, '', args.join(' '));
    assert.match(result.stderr, /invalid/, args.join(' '));
  }
  assert.ok(!existsSync(path.join(directory, 'state', 'keys.db')));
});

test('a config error is printed as path: message lines and exits 1', async (t) => {
  const directory = workspace(t);
  writeFileSync(path.join(directory, 'broken.toml'), '[storage]\nurl = "sqlite:./keys.db"\ncolour = "blue"\n');
  const result = runCli(['keys', 'list', '--config', 'broken.toml'], directory);
  assert.equal(result.status, 1);
  assert.equal(result.stderr, 'storage.colour: unknown key\n');
});

test('a postgres:// storage url fails with a one-line reason', async (t) => {
  const directory = workspace(t);
  writeFileSync(path.join(directory, 'pg.toml'), '[storage]\nurl = "postgres://gateway:secret@db/keys"\n');
  const result = runCli(['keys', 'list', '--config', 'pg.toml'], directory);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^securellm: PostgreSQL storage comes in a later release[^\n]*\n$/);
  assert.ok(!result.stderr.includes('secret'));
});
