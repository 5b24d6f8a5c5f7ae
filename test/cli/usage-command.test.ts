import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteUsageStore } from '../../src/store/sqlite-usage-store.js';
import { emptyCounters, type UsageRow } from '../../src/store/usage-store.js';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { utcDayBefore } from '../../src/usage/utc-period.js';
import { runCli } from './run-cli.js';

function row(day: string, tenant: string, keyId: string, provider: string, model: string, requests: number, costUsd: number): UsageRow {
  return { day, tenant, keyId, provider, model, ...emptyCounters(), requests, promptTokens: requests * 100, completionTokens: requests * 10, costUsd, errors: 1 };
}

async function workspace(t: TestContext): Promise<string> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-usage-cli-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFileSync(path.join(directory, 'gateway.toml'), '[storage]\nurl = "sqlite:./state/securellm.db"\n');
  const store = new SqliteUsageStore(path.join(directory, 'state', 'securellm.db'));
  const now = Date.now();
  await store.add([
    row(utcDayBefore(now, 30), 'acme', 'k1', 'openai', 'gpt-4o', 7, 0.7),
    row(utcDayBefore(now, 1), 'acme', 'k1', 'openai', 'gpt-4o', 2, 0.2),
    row(utcDayBefore(now, 0), 'acme', 'k2', 'anthropic', 'claude-sonnet-4-5', 1, 0.5),
    row(utcDayBefore(now, 0), 'globex', 'k3', 'openai', 'gpt-4o-mini', 4, 0.04),
  ]);
  await store.close();
  return directory;
}

test('usage --json --by tenant --since 7d reports the last seven days per tenant, with totals', async (t) => {
  const directory = await workspace(t);
  const result = runCli(['usage', '--config', 'gateway.toml', '--json', '--by', 'tenant', '--since', '7d'], directory);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as UsageReport;
  assert.equal(report.by, 'tenant');
  assert.equal(report.since, utcDayBefore(Date.now(), 6));
  assert.deepEqual(report.rows.map((group) => [group.tenant, group.requests]), [['acme', 3], ['globex', 4]]);
  assert.equal(report.totals.requests, 7);
  assert.equal(report.totals.errors, 3);
  assert.ok(Math.abs(report.totals.costUsd - 0.74) < 1e-9);
});

test('usage without --by prints a table of every day, tenant, key, provider and model, and a totals line', async (t) => {
  const directory = await workspace(t);
  const result = runCli(['usage', '--config', 'gateway.toml'], directory);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'Usage (all days, UTC)');
  assert.match(lines[1] ?? '', /^DAY\s+TENANT\s+KEY\s+PROVIDER\s+MODEL\s+REQUESTS/);
  assert.equal(lines.length, 2 + 4 + 2, 'title, header, four rows, rule, totals');
  assert.match(lines.at(-1) ?? '', /^TOTAL\s+14\s+1400\s+140\s+0\s+1\.440000\s+4\s+0\s+0$/);
});

test('usage --by model --since DATE includes that day onward', async (t) => {
  const directory = await workspace(t);
  const result = runCli(['usage', '--config', 'gateway.toml', '--by', 'model', '--since', utcDayBefore(Date.now(), 1), '--json'], directory);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as UsageReport;
  assert.deepEqual(report.rows.map((group) => [group.model, group.requests]), [['claude-sonnet-4-5', 1], ['gpt-4o', 2], ['gpt-4o-mini', 4]]);
});

test('an empty store says so; a bad --by or --since is a usage error with exit status 2', async (t) => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-usage-cli-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFileSync(path.join(directory, 'gateway.toml'), '[storage]\nurl = "sqlite:./state/securellm.db"\n');
  const empty = runCli(['usage', '--config', 'gateway.toml', '--since', '30d'], directory);
  assert.equal(empty.status, 0, empty.stderr);
  assert.match(empty.stdout, /^no usage recorded \(\d{4}-\d{2}-\d{2} to today, UTC\)\n$/);
  const badBy = runCli(['usage', '--config', 'gateway.toml', '--by', 'planet'], directory);
  assert.equal(badBy.status, 2);
  assert.match(badBy.stderr, /use one of tenant, key, provider, model, day/);
  const badSince = runCli(['usage', '--config', 'gateway.toml', '--since', 'last-week'], directory);
  assert.equal(badSince.status, 2);
  assert.match(badSince.stderr, /invalid --since "last-week"/);
});
