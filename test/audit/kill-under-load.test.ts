/**
 * kill -9 of the real gateway process under load, then a restart on the same files. What must hold:
 * every request whose answer a client received whole has its audit record (the record is written
 * before the answer's last byte), and after the restart `securellm audit verify` passes, a torn
 * last line being cut off and recorded as a recovery. With `fsync = "interval"` the guarantee is
 * the same for a killed process: a record's write() has returned before its answer ends, and the
 * page cache outlives the process; only a crash of the machine itself can lose the last interval.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startFakeUpstream, type FakeUpstream } from '../fakes/start-fake-upstream.js';
import { cliPath, runCli } from '../cli/run-cli.js';

const UPSTREAM_KEY = 'sk-kill-test-upstream';
const KEY_VARIABLE = 'KILL_TEST_OPENAI_KEY';
const ENVIRONMENT = { [KEY_VARIABLE]: UPSTREAM_KEY };
const LANES = 12;
const KILL_AFTER_COMPLETED = 240;
/** A long prompt: the fake echoes it in 4-character pieces, so streams stay open a while. */
const PROMPT = 'count the stars one by one, slowly, '.repeat(12);

function configToml(directory: string, baseUrl: string, fsync: 'always' | 'interval'): string {
  return [
    '[server]',
    'host = "127.0.0.1"',
    'port = 0',
    '[storage]',
    `url = ${JSON.stringify(`sqlite:${path.join(directory, 'securellm.db')}`)}`,
    '[providers.openai]',
    `api_key = "\${${KEY_VARIABLE}}"`,
    `base_url = ${JSON.stringify(baseUrl)}`,
    'model = "gpt-4o-mini"',
    '[security.rate_limit]',
    'requests_per_minute = 1000000',
    'burst_size = 100000',
    'tokens_per_minute = 100000000',
    '[security.audit]',
    `log_path = ${JSON.stringify(path.join(directory, 'audit', 'audit.log'))}`,
    `fsync = "${fsync}"`,
    'fsync_interval_ms = 1000',
    '[logging]',
    'level = "error"',
    '',
  ].join('\n');
}

interface Serving {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Starts `securellm serve` and waits for the line that says where it listens. */
async function serve(configPath: string): Promise<Serving> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--config', configPath], {
    env: { PATH: process.env['PATH'] ?? '', ...ENVIRONMENT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const found = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${String(code)} before listening: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

type Kind = 'whole' | 'stream' | 'models';

/** One request; the request id when its answer arrived whole and well-formed, else undefined. */
async function oneRequest(url: string, key: string, kind: Kind): Promise<string | undefined> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const response =
    kind === 'models'
      ? await request(`${url}/v1/models`, { headers })
      : await request(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: kind === 'stream', messages: [{ role: 'user', content: PROMPT }] }),
        });
  const text = await response.body.text();
  if (response.statusCode !== 200) return undefined;
  // Whole: a stream up to its [DONE], a JSON body with its list (a cut body does not parse).
  const complete = kind === 'stream' ? text.trimEnd().endsWith('data: [DONE]') : Array.isArray((JSON.parse(text) as Record<string, unknown>)[kind === 'models' ? 'data' : 'choices']);
  return complete ? String(response.headers['x-request-id']) : undefined;
}

/** Lanes of back-to-back requests (whole, streamed, model lists) until the gateway dies. */
async function driveUntilKilled(serving: Serving, key: string): Promise<{ completed: Set<string>; failed: number }> {
  const completed = new Set<string>();
  let failed = 0;
  let killed = false;
  const kinds: Kind[] = ['stream', 'whole', 'stream', 'models'];
  const lane = async (offset: number): Promise<void> => {
    for (let index = offset; !killed; index += 1) {
      const requestId = await oneRequest(serving.url, key, kinds[index % kinds.length] ?? 'whole').catch(() => undefined);
      if (requestId === undefined) {
        failed += 1;
        continue;
      }
      completed.add(requestId);
      if (completed.size >= KILL_AFTER_COMPLETED && !killed) {
        killed = true;
        // Mid-load: the other lanes have requests in flight, some of them mid-stream.
        serving.child.kill('SIGKILL');
      }
    }
  };
  const exited = once(serving.child, 'exit');
  await Promise.all(Array.from({ length: LANES }, (_, offset) => lane(offset)));
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGKILL');
  return { completed, failed };
}

function logFiles(directory: string): string[] {
  const audit = path.join(directory, 'audit');
  return readdirSync(audit)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .map((name) => path.join(audit, name));
}

function recordedRequestIds(directory: string): Set<string> {
  const ids = new Set<string>();
  for (const file of logFiles(directory)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const record = JSON.parse(line) as { request_id?: string };
      if (record.request_id !== undefined) ids.add(record.request_id);
    }
  }
  return ids;
}

for (const fsync of ['always', 'interval'] as const) {
  describe(`kill -9 under load with fsync = "${fsync}"`, { timeout: 120_000 }, () => {
    let fake: FakeUpstream;
    let directory: string;
    let configPath: string;
    const children: ChildProcess[] = [];
    before(async () => {
      fake = await startFakeUpstream('openai', { requiredApiKey: UPSTREAM_KEY });
      directory = mkdtempSync(path.join(tmpdir(), 'securellm-kill-'));
      configPath = path.join(directory, 'config.toml');
      writeFileSync(configPath, configToml(directory, fake.baseUrl, fsync));
    });
    after(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await fake.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('keeps a record of every answer a client received, and the restarted gateway repairs and verifies the trail', async (t) => {
      const created = runCli(['keys', 'create', '--config', configPath, '--json', '--tenant', 'load', '--name', 'driver'], directory, ENVIRONMENT);
      assert.equal(created.status, 0, created.stderr);
      const { key } = JSON.parse(created.stdout) as { key: string };

      const first = await serve(configPath);
      children.push(first.child);
      const loadStarted = performance.now();
      const { completed, failed } = await driveUntilKilled(first, key);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      assert.ok(completed.size >= KILL_AFTER_COMPLETED);
      // The lanes' requests in flight at the kill are the ones that failed.
      assert.ok(failed <= LANES, `${failed} requests failed, more than were in flight at the kill`);
      t.diagnostic(`${completed.size} answers received whole in ${loadSeconds.toFixed(1)} s before the kill, ${failed} cut by it`);

      const missing = [...completed].filter((requestId) => !recordedRequestIds(directory).has(requestId));
      assert.deepEqual(missing, [], 'every answer received whole has its audit record');

      // A kill lands between write() calls (the kernel finishes a write it started), so the lines
      // on disk are whole; a torn line needs a machine crash mid-write. Make one, as that leaves it.
      const newest = logFiles(directory).at(-1) ?? '';
      if (readFileSync(newest, 'utf8').endsWith('\n')) appendFileSync(newest, '{"cache_hit":false,"client_format":"openai","comp');
      const broken = runCli(['audit', 'verify', '--config', configPath], directory, ENVIRONMENT);
      assert.equal(broken.status, 4, broken.stdout);
      assert.match(broken.stderr, /\(torn\)/);

      const second = await serve(configPath);
      children.push(second.child);
      const after = await oneRequest(second.url, key, 'whole');
      assert.ok(after !== undefined, `the restarted gateway serves: ${second.stderr()}`);
      assert.ok(recordedRequestIds(directory).has(after));

      const verified = runCli(['audit', 'verify', '--config', configPath, '--json'], directory, ENVIRONMENT);
      assert.equal(verified.status, 0, `${verified.stdout}${verified.stderr}`);
      const report = JSON.parse(verified.stdout) as { ok: boolean; recoveries: { tornFile: string; tornBytes: number }[]; records: number };
      assert.equal(report.ok, true);
      assert.equal(report.recoveries.length, 1);
      assert.equal(report.recoveries[0]?.tornFile, path.basename(newest));
      assert.ok(report.records > completed.size);

      second.child.kill('SIGTERM');
      const [code] = (await once(second.child, 'exit')) as [number | null];
      assert.equal(code, 0, second.stderr());
      const final = runCli(['audit', 'verify', '--config', configPath], directory, ENVIRONMENT);
      assert.equal(final.status, 0, `${final.stdout}${final.stderr}`);
    });
  });
}
