/**
 * The real `securellm` process: `keys create --json` and `serve` against one config file whose
 * provider key comes from the environment, an OpenAI SDK stream through it, then SIGTERM → exit 0.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'undici';
import { startFakeUpstream, type FakeUpstream } from '../fakes/start-fake-upstream.js';
import { echoOf, openaiClient, SECRET_HEADER } from './sdk-clients.js';
import { lastChatRequest } from './sdk-upstream-checks.js';
import { freePort } from '../helpers/free-port.js';

const cliPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const UPSTREAM_KEY = 'sk-cli-upstream-key';
const KEY_VARIABLE = 'SDK_E2E_OPENAI_KEY';

function configToml(directory: string, baseUrl: string): string {
  return [
    '[server]',
    'host = "127.0.0.1"',
    '[storage]',
    `url = ${JSON.stringify(`sqlite:${path.join(directory, 'securellm.db')}`)}`,
    '[providers.openai]',
    `api_key = "\${${KEY_VARIABLE}}"`,
    `base_url = ${JSON.stringify(baseUrl)}`,
    'model = "gpt-4o-mini"',
    '[security.audit]',
    `log_path = ${JSON.stringify(path.join(directory, 'audit', 'audit.log'))}`,
    '[logging]',
    'level = "warn"',
    '',
  ].join('\n');
}

/** Polls /healthz until it answers 200; fails at once if the process exits first. */
async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) assert.fail(`serve exited with ${child.exitCode}: ${stderr()}`);
    const status = await request(`${url}/healthz`).then(
      async (response) => {
        await response.body.dump();
        return response.statusCode;
      },
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`serve did not become healthy: ${stderr()}`);
}

describe('securellm serve as a process', () => {
  let fake: FakeUpstream;
  let directory: string;
  let child: ChildProcess | undefined;
  before(async () => {
    fake = await startFakeUpstream('openai', { requiredApiKey: UPSTREAM_KEY });
    directory = mkdtempSync(path.join(tmpdir(), 'securellm-sdk-cli-'));
  });
  after(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates a key, serves an OpenAI SDK stream, and exits 0 on SIGTERM', async () => {
    const configPath = path.join(directory, 'config.toml');
    writeFileSync(configPath, configToml(directory, fake.baseUrl));
    const environment = { PATH: process.env['PATH'] ?? '', [KEY_VARIABLE]: UPSTREAM_KEY };

    const created = await promisify(execFile)(process.execPath, [cliPath, 'keys', 'create', '--config', configPath, '--name', 'cli-e2e', '--json'], {
      cwd: directory,
      env: environment,
    });
    const { key } = JSON.parse(created.stdout) as { id: string; key: string };
    assert.match(key, /^sk-sllm-/);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const serving = spawn(process.execPath, [cliPath, 'serve', '--config', configPath, '--port', String(port)], {
      cwd: directory,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = serving;
    let stderr = '';
    serving.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    serving.stdout?.resume();
    const exited = once(serving, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await waitForHealth(url, serving, () => stderr);

    const client = openaiClient(url, { apiKey: key });
    const stream = await client.chat.completions.create({ model: 'openai', messages: [{ role: 'user', content: 'through the cli' }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) deltas.push(content);
    }
    assert.equal(deltas.join(''), echoOf('through the cli'));
    assert.ok(deltas.length >= 3, `expected several deltas, got ${deltas.length}`);
    const sent = lastChatRequest(fake);
    assert.equal(sent.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    for (const value of Object.values(sent.headers)) assert.ok(!String(value).includes(key), 'the gateway key reached the upstream');
    assert.equal(sent.headers['accept-encoding'], 'identity');
    assert.equal(sent.headers[SECRET_HEADER], undefined);

    serving.kill('SIGTERM');
    const [code, signal] = await exited;
    assert.equal(signal, null, `serve died of ${String(signal)}: ${stderr}`);
    assert.equal(code, 0, `serve exited ${String(code)}: ${stderr}`);
  });
});
