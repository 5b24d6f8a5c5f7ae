import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFakeUpstream, type FakeUpstream } from '../fakes/start-fake-upstream.js';
import { cliPath } from './run-cli.js';

const run = promisify(execFile);

/** Runs the CLI without blocking this process's event loop, where the fake upstream lives. */
async function runTest(args: string[], cwd: string, environment: Record<string, string>): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [cliPath, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...environment } });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '' };
  }
}

describe('securellm test <provider>', () => {
  let fake: FakeUpstream;
  let directory: string;
  before(async () => {
    fake = await startFakeUpstream('deepseek', { requiredApiKey: 'upstream-secret' });
    directory = mkdtempSync(path.join(tmpdir(), 'securellm-test-cmd-'));
    writeFileSync(
      path.join(directory, 'config.toml'),
      [
        '[providers.deepseek]',
        'api_key = "${DEEPSEEK_KEY_FOR_TEST}"',
        `base_url = "${fake.baseUrl}"`,
        'model = "deepseek-chat"',
        '[routing]',
        'max_retries = 0',
        '[logging]',
        'level = "silent"',
      ].join('\n'),
    );
  });
  after(() => fake.close());

  it('prints the report and exits 0 when the provider answers', async () => {
    const result = await runTest(['test', 'deepseek'], directory, { DEEPSEEK_KEY_FOR_TEST: 'upstream-secret' });
    assert.equal(result.code, 0, result.stdout);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'Testing DeepSeek provider...');
    assert.match(lines[1] ?? '', /^Request sent in \d+ms$/);
    assert.match(lines[2] ?? '', /^Response: \d+ tokens .*deepseek\/deepseek-chat$/);
    assert.equal(lines[3], 'Status: ✅ Success');
    assert.equal(fake.chatRequests().at(-1)?.headers.authorization, 'Bearer upstream-secret');
  });

  it('reports JSON with token counts', async () => {
    const result = await runTest(['test', 'deepseek', '--json', '--prompt', 'hello world'], directory, { DEEPSEEK_KEY_FOR_TEST: 'upstream-secret' });
    assert.equal(result.code, 0);
    const report = JSON.parse(result.stdout) as { ok: boolean; prompt_tokens: number; completion_tokens: number; text: string };
    assert.equal(report.ok, true);
    assert.equal(report.text, 'Echo: hello world');
    assert.ok(report.prompt_tokens > 0 && report.completion_tokens > 0);
  });

  it('exits 1 with the reason when the upstream refuses, without showing the key', async () => {
    const result = await runTest(['test', 'deepseek'], directory, { DEEPSEEK_KEY_FOR_TEST: 'wrong-key-123' });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Status: ❌ Failed \(upstream_auth: /);
    assert.doesNotMatch(result.stdout, /wrong-key-123/);
  });

  it('exits 1 for a provider that is not configured', async () => {
    const result = await runTest(['test', 'anthropic'], directory, { DEEPSEEK_KEY_FOR_TEST: 'upstream-secret' });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /model_not_found/);
  });
});
