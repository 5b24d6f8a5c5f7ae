import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

function workspace(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-keys-local-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFileSync(path.join(directory, 'gateway.toml'), '[storage]\nurl = "sqlite:./state/keys.db"\n');
  return directory;
}

test('keys create --local-only marks the key; keys list shows it, and only on that key', async (t) => {
  const directory = workspace(t);
  const config = ['--config', 'gateway.toml'];
  const local = runCli(['keys', 'create', ...config, '--tenant', 'clinic', '--name', 'ward', '--local-only'], directory);
  assert.equal(local.status, 0, local.stderr);
  assert.match(local.stdout, /for tenant clinic \(local only\)/);
  const plain = runCli(['keys', 'create', ...config, '--json', '--tenant', 'clinic'], directory);
  assert.equal(plain.status, 0, plain.stderr);
  const listed = JSON.parse(runCli(['keys', 'list', ...config, '--json'], directory).stdout) as Array<{ name?: string; localOnly?: boolean }>;
  assert.deepEqual(
    listed.map((key) => [key.name ?? null, key.localOnly ?? false]),
    [
      ['ward', true],
      [null, false],
    ],
  );
});
