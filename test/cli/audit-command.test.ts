import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { configSchema, type AuditConfig } from '../../src/config/schema.js';
import { cliPath, runCli } from './run-cli.js';

interface Trail {
  directory: string;
  audit: AuditConfig;
  logFile: string;
}

/** A config file naming an audit log with a link and `count` request records already written. */
async function trailWith(t: TestContext, count: number): Promise<Trail> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-audit-cli-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFileSync(path.join(directory, 'gateway.toml'), '[security.audit]\nlog_path = "./trail/audit.log"\ncheckpoint_every_records = 5\n');
  const audit = configSchema.parse({ security: { audit: { log_path: './trail/audit.log', checkpoint_every_records: 5 } } }).security.audit;
  const { writer } = await openAuditWriter(audit, { baseDirectory: directory });
  for (let index = 1; index <= count; index += 1) {
    await writer.append({ requestId: `req-${index}`, userId: 'alice', provider: 'openai', model: 'gpt-4o', durationMs: 10, status: 200, decision: 'allowed', promptTokens: 3, completionTokens: 4, totalCost: 0.0001 });
  }
  await writer.close();
  const name = readdirSync(path.join(directory, 'trail')).find((file) => file.endsWith('.log')) ?? '';
  return { directory, audit, logFile: path.join(directory, 'trail', name) };
}

test('audit verify passes on an untouched trail, in words and as JSON', async (t) => {
  const { directory } = await trailWith(t, 12);
  const words = runCli(['audit', 'verify', '--config', 'gateway.toml'], directory);
  assert.equal(words.status, 0, words.stderr);
  assert.match(words.stdout, /audit trail verified: 1 file\(s\), 13 record\(s\) up to seq 13/);
  const json = runCli(['audit', 'verify', '--config', 'gateway.toml', '--json'], directory);
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { ok: boolean; lastSeq: number; signingKey: string };
  assert.equal(report.ok, true);
  assert.equal(report.lastSeq, 13);
  assert.match(report.signingKey, /^[0-9a-f]{32}$/);
});

test('audit verify exits 4 naming the first break and its kind', async (t) => {
  const { directory, logFile } = await trailWith(t, 12);
  const lines = readFileSync(logFile, 'utf8').split('\n');
  lines[4] = (lines[4] ?? '').replace('"status":200', '"status":201');
  writeFileSync(logFile, lines.join('\n'));
  const result = runCli(['audit', 'verify', '--config', 'gateway.toml'], directory);
  assert.equal(result.status, 4);
  assert.match(result.stderr, /^securellm: audit trail broken \(edited\) at audit-\d{4}-\d{2}-\d{2}\.log line 5: /);
  const json = runCli(['audit', 'verify', '--config', 'gateway.toml', '--json'], directory);
  assert.equal(json.status, 4);
  assert.equal((JSON.parse(json.stdout) as { break: { kind: string; seq: number } }).break.seq, 5);
});

test('audit verify without the keys says which one is missing', async (t) => {
  const { directory } = await trailWith(t, 1);
  rmSync(path.join(directory, 'trail', 'audit.public-key.pem'));
  const result = runCli(['audit', 'verify', '--config', 'gateway.toml'], directory);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /no public key at .*audit\.public-key\.pem/);
});

test('audit tail prints the last N records, as JSON lines or in words', async (t) => {
  const { directory } = await trailWith(t, 12);
  const json = runCli(['audit', 'tail', '--config', 'gateway.toml', '-n', '3', '--json'], directory);
  assert.equal(json.status, 0, json.stderr);
  const records = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; request_id: string });
  assert.deepEqual(records.map((record) => record.seq), [11, 12, 13]);
  assert.equal(records[2]?.request_id, 'req-12');
  const words = runCli(['audit', 'tail', '--config', 'gateway.toml', '-n', '2'], directory);
  assert.equal(words.status, 0, words.stderr);
  const shown = words.stdout.trim().split('\n');
  assert.equal(shown.length, 2);
  assert.match(shown[1] ?? '', /#13 200 allowed openai\/gpt-4o request=req-12 user=alice tokens=3\+4 cost=\$0\.000100 10ms/);
});

test('audit tail --follow prints records as they are written', { timeout: 30_000 }, async (t) => {
  const { directory, audit } = await trailWith(t, 2);
  const child = spawn(process.execPath, [cliPath, 'audit', 'tail', '--config', 'gateway.toml', '-n', '1', '--follow', '--json'], {
    cwd: directory,
    env: { PATH: process.env['PATH'] ?? '' },
  });
  t.after(() => child.kill('SIGKILL'));
  const seen: number[] = [];
  let carry = '';
  let notify: () => void = () => undefined;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    const lines = (carry + text).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) seen.push((JSON.parse(line) as { seq: number }).seq);
    notify();
  });
  const waitFor = (count: number): Promise<void> =>
    new Promise((resolve) => {
      notify = () => {
        if (seen.length >= count) resolve();
      };
      notify();
    });
  await waitFor(1);
  assert.deepEqual(seen, [3]);
  const { writer } = await openAuditWriter(audit, { baseDirectory: directory });
  await writer.append({ requestId: 'live-1', durationMs: 1, status: 200, decision: 'allowed' });
  await writer.append({ requestId: 'live-2', durationMs: 1, status: 200, decision: 'allowed' });
  await writer.close();
  await waitFor(3);
  assert.deepEqual(seen, [3, 4, 5]);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 0, 'Ctrl-C ends --follow cleanly');
});
