import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

const goodConfig = `
[providers.openai]
enabled = true
api_key = "\${TEST_OPENAI_KEY}"
model = "gpt-4o-mini"

[providers.local]
enabled = true
base_url = "http://localhost:9000"

[providers.deepseek]
enabled = false
api_key = "\${UNSET_BUT_DISABLED}"

[models.smart]
targets = ["openai/gpt-4o", "local/auto"]
`;

function workspace(t: TestContext, files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-config-cli-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(directory, name), text);
  return directory;
}

test('a good file is OK, with its enabled providers and aliases summarised', async (t) => {
  const directory = workspace(t, { 'config.toml': goodConfig });
  const result = runCli(['config', 'validate', '--config', 'config.toml'], directory, { TEST_OPENAI_KEY: 'sk-test-123456' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^config OK \(config\.toml\)\n/);
  assert.match(result.stdout, /providers enabled: openai, local; aliases: smart/);
  assert.ok(!result.stdout.includes('sk-test-123456'), 'secrets are not printed');
});

test('--json reports the summary as JSON', async (t) => {
  const directory = workspace(t, { 'config.toml': goodConfig });
  const result = runCli(['config', 'validate', '--json'], directory, { TEST_OPENAI_KEY: 'sk-test-123456' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { ok: true, source: 'config.toml', providers: ['openai', 'local'], aliases: ['smart'] });
});

test('$CONFIG_PATH names the file when --config is not given', async (t) => {
  const directory = workspace(t, { 'elsewhere.toml': '[server]\nport = 9000\n' });
  const result = runCli(['config', 'validate'], directory, { CONFIG_PATH: 'elsewhere.toml' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^config OK \(elsewhere\.toml\)/);
});

test('unknown keys are errors naming their dotted path, all of them at once', async (t) => {
  const directory = workspace(t, { 'config.toml': '[server]\nprot = 8443\n\n[security.rate_limit]\nrequests_per_minit = 5\n' });
  const result = runCli(['config', 'validate', '--config', 'config.toml'], directory);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.deepEqual(lines.sort(), ['security.rate_limit.requests_per_minit: unknown key', 'server.prot: unknown key']);
});

test('an unset ${VAR} is an error naming the variable and the key', async (t) => {
  const directory = workspace(t, { 'config.toml': goodConfig });
  const result = runCli(['config', 'validate', '--config', 'config.toml'], directory);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^providers\.openai\.api_key: environment variable TEST_OPENAI_KEY is not set$/m);
  assert.ok(!result.stderr.includes('UNSET_BUT_DISABLED'), 'a disabled provider needs no variables');
});

test('a missing file given with --config is an error, not the defaults', async (t) => {
  const directory = workspace(t, {});
  const result = runCli(['config', 'validate', '--config', 'missing.toml'], directory);
  assert.equal(result.status, 1);
  assert.equal(result.stderr, 'missing.toml: file not found\n');
});

test('--json on a bad file prints the issues as JSON too and still exits 1', async (t) => {
  const directory = workspace(t, { 'config.toml': '[server]\nport = "high"\n' });
  const result = runCli(['config', 'validate', '--json'], directory);
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as { ok: boolean; issues: { path: string }[] };
  assert.equal(report.ok, false);
  assert.deepEqual(report.issues.map((issue) => issue.path), ['server.port']);
  assert.match(result.stderr, /^server\.port: /);
});

test('plain HTTP on a non-loopback address is an issue on server.host, as serve refuses it; allowing it knowingly is OK', async (t) => {
  const directory = workspace(t, {
    'open.toml': '[server]\nhost = "0.0.0.0"\n',
    'allowed.toml': '[server]\nhost = "0.0.0.0"\nallow_insecure_non_loopback = true\n',
  });
  const refused = runCli(['config', 'validate', '--config', 'open.toml', '--json'], directory);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^server\.host: refusing to listen on 0\.0\.0\.0 without TLS; set server\.allow_insecure_non_loopback = true/m);
  const json = JSON.parse(refused.stdout) as { ok: boolean; issues: { path: string }[] };
  assert.equal(json.ok, false);
  assert.deepEqual(json.issues.map((issue) => issue.path), ['server.host']);
  const allowed = runCli(['config', 'validate', '--config', 'allowed.toml'], directory);
  assert.equal(allowed.status, 0, allowed.stderr);
});
