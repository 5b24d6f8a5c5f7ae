import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { Agent } from 'undici';
import { startFakeUpstream, type FakeUpstream } from '../fakes/start-fake-upstream.js';
import { cliPath, runCli } from '../cli/run-cli.js';
import { startServe, stopServe } from '../cli/serve-process.js';
import { startMcp, textOf, type McpSession } from './mcp-client.js';
import { freePort } from '../helpers/free-port.js';

const UPSTREAM_KEY = 'upstream-secret-for-mcp';
const TOOLS = ['build_and_test', 'chat', 'crypto_key_generate', 'provider_config_validate', 'provider_test', 'rate_limit_check', 'security_audit'];
const RESOURCES = ['config://current', 'docs://api', 'logs://audit', 'metrics://usage'];

/** A project whose `build` and `test` scripts take milliseconds: the real suite must never run from a test. */
function writeFixtureProject(directory: string, testExitCode: number): void {
  const scripts = {
    build: 'node -e "require(\'fs\').writeFileSync(\'built.txt\', \'built\')"',
    test: `node -e "console.log('fixture tests ran'); process.exit(${testExitCode})"`,
  };
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'fixture-project', version: '1.0.0', private: true, scripts }));
}

describe('securellm mcp', () => {
  let fake: FakeUpstream;
  let directory: string;
  let project: string;
  let environment: Record<string, string>;
  let mcp: McpSession;

  before(async () => {
    fake = await startFakeUpstream('deepseek', { requiredApiKey: UPSTREAM_KEY });
    directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-mcp-'));
    project = path.join(directory, 'project');
    mkdirSync(project);
    writeFixtureProject(project, 0);
    const port = await freePort();
    writeFileSync(
      path.join(directory, 'config.toml'),
      [
        '[server]',
        `port = ${port}`,
        '[storage]',
        'url = "sqlite:./data/gateway.db"',
        '[providers.deepseek]',
        'api_key = "${DEEPSEEK_KEY_FOR_MCP}"',
        `base_url = "${fake.baseUrl}"`,
        'model = "deepseek-chat"',
        '[routing]',
        'max_retries = 0',
        '[security.rate_limit]',
        'requests_per_minute = 60',
        'burst_size = 3',
        '[security.audit]',
        'log_path = "./data/audit/audit.log"',
        '[logging]',
        'level = "info"',
      ].join('\n'),
      { mode: 0o600 },
    );
    environment = { DEEPSEEK_KEY_FOR_MCP: UPSTREAM_KEY, SECURELLM_PROJECT_DIR: project };
    mcp = await startMcp(directory, environment);
  });

  after(async () => {
    await mcp.close();
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('lists its tools, each with an input schema, and its resources', async () => {
    const { tools } = await mcp.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.ok((tool.description ?? '').length > 20, tool.name);
    }
    const providerTest = tools.find((tool) => tool.name === 'provider_test');
    assert.deepEqual(providerTest?.inputSchema.required, ['provider']);
    const { resources } = await mcp.client.listResources();
    assert.deepEqual(resources.map((resource) => resource.uri).sort(), RESOURCES);
  });

  describe('provider_test', () => {
    it('reports a provider that answers, with tokens and text', async () => {
      const result = await mcp.call('provider_test', { provider: 'deepseek', prompt: 'ping from mcp' });
      assert.equal(result.isError, undefined, textOf(result));
      const report = result.structuredContent as { ok: boolean; model: string; text: string; total_tokens: number };
      assert.equal(report.ok, true);
      assert.equal(report.model, 'deepseek-chat');
      assert.equal(report.text, 'Echo: ping from mcp');
      assert.ok(report.total_tokens > 0);
      assert.match(textOf(result), /^deepseek\/deepseek-chat answered in \d+ms/);
      assert.equal(fake.chatRequests().at(-1)?.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    });

    it('is an error result naming the typed error for a provider that is not configured', async () => {
      const result = await mcp.call('provider_test', { provider: 'anthropic' });
      assert.equal(result.isError, true);
      assert.equal((result.structuredContent as { ok: boolean }).ok, false);
      assert.match(textOf(result), /model_not_found/);
    });
  });

  describe('security_audit', () => {
    it('audits the server\'s config and another named file', async () => {
      const own = await mcp.call('security_audit', { ignore: ['node-eol', 'node-eol-soon'] });
      assert.equal(own.isError, undefined, textOf(own));
      const ownReport = own.structuredContent as { object: string; source: string; findings: { id: string }[] };
      assert.equal(ownReport.object, 'security_audit');
      assert.equal(ownReport.source, 'config.toml');
      assert.ok(!ownReport.findings.some((finding) => finding.id === 'inline-secret'), 'the upstream key is a ${VAR} reference');

      writeFileSync(path.join(directory, 'exposed.toml'), '[server]\nhost = "0.0.0.0"\n', { mode: 0o600 });
      const exposed = await mcp.call('security_audit', { config_file: 'exposed.toml' });
      const findings = (exposed.structuredContent as { findings: { id: string; severity: string; fix: string }[] }).findings;
      assert.equal(findings.find((finding) => finding.id === 'tls-off-non-loopback')?.severity, 'high');
      assert.match(textOf(exposed), /tls-off-non-loopback/);
    });

    it('is an error result listing the key paths of a config that does not load', async () => {
      writeFileSync(path.join(directory, 'broken.toml'), '[server]\nprot = 1\n', { mode: 0o600 });
      const result = await mcp.call('security_audit', { config_file: 'broken.toml' });
      assert.equal(result.isError, true);
      assert.deepEqual((result.structuredContent as { issues: unknown[] }).issues, [{ path: 'server.prot', message: 'unknown key' }]);
    });
  });

  describe('rate_limit_check', () => {
    it('simulates a burst against the configured limits and names the limit that refuses', async () => {
      const result = await mcp.call('rate_limit_check', { requests: 5 });
      assert.equal(result.isError, undefined, textOf(result));
      const report = result.structuredContent as {
        admitted: number;
        refused: number;
        limits: { principal: { requestsPerMinute: number; burstSize: number } };
        first_refusal: { index: number; retry_after_ms: number; limit: { scope: string; kind: string } };
      };
      assert.equal(report.admitted, 3);
      assert.equal(report.refused, 2);
      assert.deepEqual(report.limits.principal, { requestsPerMinute: 60, burstSize: 3 });
      assert.equal(report.first_refusal.index, 3);
      assert.equal(report.first_refusal.limit.kind, 'requests');
      assert.ok(report.first_refusal.retry_after_ms > 0 && report.first_refusal.retry_after_ms <= 1000);
      assert.match(textOf(result), /^3 of 5 requests .* would pass at once; request 4 is refused: rate limit exceeded/);
    });

    it('applies a key\'s own rpm, and refuses an unknown key id', async () => {
      const created = await mcp.call('crypto_key_generate', { kind: 'api_key', tenant: 'acme', rpm: 2 });
      const { id } = created.structuredContent as { id: string };
      const result = await mcp.call('rate_limit_check', { key_id: id, requests: 4 });
      const report = result.structuredContent as { admitted: number; tenant: string; limits: { key_rpm: number }; first_refusal: { limit: { scope: string; keyId: string } } };
      assert.equal(report.admitted, 2);
      assert.equal(report.tenant, 'acme');
      assert.equal(report.limits.key_rpm, 2);
      assert.deepEqual([report.first_refusal.limit.scope, report.first_refusal.limit.keyId], ['key_rpm', id]);

      const unknown = await mcp.call('rate_limit_check', { key_id: 'aaaaaaaaaaaa' });
      assert.equal(unknown.isError, true);
      assert.match(textOf(unknown), /no API key with id aaaaaaaaaaaa/);
    });
  });

  describe('build_and_test', () => {
    it('runs npm run build then npm test in the configured project folder', async () => {
      const result = await mcp.call('build_and_test');
      assert.equal(result.isError, undefined, textOf(result));
      const report = result.structuredContent as { ok: boolean; directory: string; steps: { step: string; command: string; exit_code: number; output_tail: string }[] };
      assert.equal(report.ok, true);
      assert.equal(report.directory, project);
      assert.deepEqual(report.steps.map((step) => [step.step, step.command, step.exit_code]), [
        ['build', 'npm run build', 0],
        ['test', 'npm test', 0],
      ]);
      assert.match(report.steps[1]?.output_tail ?? '', /fixture tests ran/);
      assert.ok(existsSync(path.join(project, 'built.txt')));
    });

    it('runs only the steps asked for, always in the fixed order', async () => {
      rmSync(path.join(project, 'built.txt'), { force: true });
      const result = await mcp.call('build_and_test', { steps: ['test'] });
      assert.deepEqual((result.structuredContent as { steps: { step: string }[] }).steps.map((step) => step.step), ['test']);
      assert.ok(!existsSync(path.join(project, 'built.txt')));
    });

    it('refuses anything but the fixed step names, and any extra argument', async () => {
      for (const args of [{ steps: ['rm -rf /'] }, { steps: ['test'], command: 'echo pwned' }, { steps: [] }]) {
        const result = await mcp.call('build_and_test', args);
        assert.equal(result.isError, true, JSON.stringify(args));
        assert.match(textOf(result), /Input validation error/);
      }
    });

    it('is an error result with the failing step\'s output when the tests fail', async () => {
      const failing = path.join(directory, 'failing-project');
      mkdirSync(failing);
      writeFixtureProject(failing, 3);
      const other = await startMcp(directory, { ...environment, SECURELLM_PROJECT_DIR: failing });
      try {
        const result = await other.call('build_and_test');
        assert.equal(result.isError, true);
        const report = result.structuredContent as { ok: boolean; steps: { step: string; exit_code: number }[] };
        assert.equal(report.ok, false);
        assert.deepEqual(report.steps.map((step) => [step.step, step.exit_code]), [['build', 0], ['test', 3]]);
        assert.match(textOf(result), /npm test: failed \(exit 3\)[\s\S]*fixture tests ran/);
      } finally {
        await other.close();
      }
    });
  });

  describe('provider_config_validate', () => {
    it('validates the server\'s own config', async () => {
      const result = await mcp.call('provider_config_validate');
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, { ok: true, source: 'config.toml', providers: ['deepseek'], aliases: [] });
    });

    it('reports every problem of TOML text with its key path', async () => {
      const toml = ['[providers.openai]', 'api_key = "${NOT_SET_ANYWHERE}"', 'modle = "gpt-4o"'].join('\n');
      const result = await mcp.call('provider_config_validate', { toml });
      assert.equal(result.isError, true);
      const issues = (result.structuredContent as { issues: { path: string; message: string }[] }).issues;
      assert.deepEqual(issues.map((issue) => issue.path).sort(), ['providers.openai.api_key', 'providers.openai.modle']);
      assert.match(textOf(result), /providers\.openai\.api_key: environment variable NOT_SET_ANYWHERE is not set/);
      const alias = await mcp.call('provider_config_validate', { toml: '[models.fast]\ntargets = ["nowhere/x"]' });
      assert.deepEqual((alias.structuredContent as { issues: unknown[] }).issues, [{ path: 'models.fast.targets.0', message: 'provider nowhere is not configured' }]);
    });

    it('never reads the server\'s environment back to the client through an error message', async () => {
      const result = await mcp.call('provider_config_validate', { toml: '[models.fast]\ntargets = ["${DEEPSEEK_KEY_FOR_MCP}/x"]' });
      assert.equal(result.isError, true);
      assert.ok(!JSON.stringify(result).includes(UPSTREAM_KEY), JSON.stringify(result));
      assert.match(textOf(result), /provider \$\{DEEPSEEK_KEY_FOR_MCP\} is not configured/);
    });

    it('reports TOML that does not parse, a missing file, and both inputs at once', async () => {
      const broken = await mcp.call('provider_config_validate', { toml: '[server\nport = 1' });
      assert.equal(broken.isError, true);
      assert.match(textOf(broken), /not valid TOML/);
      const missing = await mcp.call('provider_config_validate', { config_file: 'absent.toml' });
      assert.equal(missing.isError, true);
      assert.match(textOf(missing), /absent\.toml: file not found/);
      const both = await mcp.call('provider_config_validate', { config_file: 'config.toml', toml: '' });
      assert.equal(both.isError, true);
    });
  });

  describe('crypto_key_generate', () => {
    it('creates an API key in the key store, shown once and never logged', async () => {
      const result = await mcp.call('crypto_key_generate', { tenant: 'acme', name: 'ide', models: ['deepseek/deepseek-chat'], expires_in: '30d', local_only: true });
      assert.equal(result.isError, undefined, textOf(result));
      const created = result.structuredContent as { kind: string; id: string; key: string; tenant: string; admin: boolean; expires_at: string; local_only: boolean };
      assert.equal(created.kind, 'api_key');
      assert.equal(created.local_only, true);
      assert.ok(created.key.startsWith(`sk-sllm-${created.id}-`));
      assert.equal(created.admin, false);
      assert.ok(Date.parse(created.expires_at) > Date.now() + 29 * 24 * 3600 * 1000);
      const listed = JSON.parse(runCli(['keys', 'list', '--json'], directory, environment).stdout) as { id: string; tenant: string; name?: string }[];
      assert.deepEqual(listed.filter((key) => key.id === created.id).map((key) => [key.tenant, key.name]), [['acme', 'ide']]);
      assert.ok(!mcp.stderr().includes(created.key), 'the key must not reach the log');
    });

    it('gives an API key a 30-day lifetime unless asked otherwise, and refuses more than 365 days', async () => {
      const defaulted = await mcp.call('crypto_key_generate', { tenant: 'acme' });
      assert.equal(defaulted.isError, undefined, textOf(defaulted));
      const expiresAt = Date.parse((defaulted.structuredContent as { expires_at: string }).expires_at);
      const day = 24 * 3600 * 1000;
      assert.ok(Math.abs(expiresAt - (Date.now() + 30 * day)) < 60_000, `expires ${new Date(expiresAt).toISOString()}`);
      const year = await mcp.call('crypto_key_generate', { expires_in: '365d' });
      assert.equal(year.isError, undefined, textOf(year));
      const tooLong = await mcp.call('crypto_key_generate', { expires_in: '366d' });
      assert.equal(tooLong.isError, true);
      assert.match(textOf(tooLong), /expires_in: at most 365d/);
    });

    it('generates a 256-bit HMAC key, and refuses what it cannot do', async () => {
      const result = await mcp.call('crypto_key_generate', { kind: 'hmac_key' });
      const { key, bits } = result.structuredContent as { key: string; bits: number };
      assert.equal(bits, 256);
      assert.match(key, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(!mcp.stderr().includes(key));
      const admin = await mcp.call('crypto_key_generate', { admin: true });
      assert.equal(admin.isError, true, 'admin keys are made with the CLI only');
      const duration = await mcp.call('crypto_key_generate', { expires_in: 'soon' });
      assert.equal(duration.isError, true);
      assert.match(textOf(duration), /expires_in/);
    });
  });

  describe('chat', () => {
    it('answers through the gateway pipeline, which audits and meters the turn', async () => {
      const result = await mcp.call('chat', { model: 'deepseek/deepseek-chat', prompt: 'hello through mcp' });
      assert.equal(result.isError, undefined, textOf(result));
      const answer = result.structuredContent as { text: string; request_id: string; model: string; usage: { prompt_tokens: number }; via: string };
      assert.equal(answer.text, 'Echo: hello through mcp');
      assert.equal(textOf(result), 'Echo: hello through mcp');
      assert.equal(answer.via, 'in-process');
      assert.ok(answer.usage.prompt_tokens > 0);
      const records = (await mcp.read('logs://audit')).trim().split('\n').map((line) => JSON.parse(line) as { request_id: string; status: number | string });
      assert.ok(records.some((record) => record.request_id === answer.request_id), 'the turn has an audit record');
      const usage = JSON.parse(await mcp.read('metrics://usage')) as { totals: { requests: number }; by_provider: { provider: string; requests: number }[] };
      assert.ok(usage.totals.requests >= 1);
      assert.equal(usage.by_provider.find((row) => row.provider === 'deepseek')?.requests, usage.totals.requests);
    });

    it('is an error result with the gateway\'s code and request id when the turn is refused', async () => {
      const result = await mcp.call('chat', { model: 'nowhere/model', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(result.isError, true);
      const refusal = result.structuredContent as { error: { code: string; status: number }; request_id: string };
      assert.equal(refusal.error.status, 404);
      assert.ok(refusal.request_id.length > 0);
      const both = await mcp.call('chat', { model: 'deepseek/deepseek-chat', prompt: 'a', messages: [{ role: 'user', content: 'b' }] });
      assert.equal(both.isError, true);
      assert.match(textOf(both), /either prompt or messages/);
    });

    it('keeps its rate-limit buckets from one call to the next, so the configured burst holds', async () => {
      // burst_size = 3 at 60 a minute: ten calls in a row cannot all pass, though each opens its own gateway.
      const codes: string[] = [];
      for (let call = 0; call < 10; call++) {
        const result = await mcp.call('chat', { model: 'deepseek/deepseek-chat', prompt: `burst ${call}` });
        codes.push(result.isError === true ? (result.structuredContent as { error: { code: string } }).error.code : 'ok');
      }
      assert.ok(codes.includes('rate_limited'), codes.join(','));
      assert.ok(codes.indexOf('rate_limited') <= 5, `the burst of 3 (plus refills) ran out late: ${codes.join(',')}`);
    });
  });

  describe('resources', () => {
    it('config://current is the effective config with secrets redacted', async () => {
      const shown = JSON.parse(await mcp.read('config://current')) as { source: string; config: { providers: { deepseek: { api_key: string } }; server: { host: string } } };
      assert.equal(shown.source, 'config.toml');
      assert.equal(shown.config.providers.deepseek.api_key, 'REDACTED');
      assert.equal(shown.config.server.host, '127.0.0.1');
    });

    it('docs://api is the README\'s HTTP and admin API sections', async () => {
      const text = await mcp.read('docs://api');
      assert.match(text, /^## HTTP API/);
      assert.match(text, /^## Admin API/m);
      assert.match(text, /POST \/v1\/chat\/completions/);
    });

    it('an unknown resource is a protocol error', async () => {
      await assert.rejects(mcp.read('secrets://all'), /not found/i);
    });
  });

  it('gives a clear error for missing or mistyped arguments', async () => {
    const missing = await mcp.call('provider_test', {});
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /Input validation error: Invalid arguments for tool provider_test/);
    const mistyped = await mcp.call('rate_limit_check', { requests: 'many' });
    assert.equal(mistyped.isError, true);
    assert.match(textOf(mistyped), /requests/);
    const unknownTool = await mcp.call('run_shell', { command: 'id' });
    assert.equal(unknownTool.isError, true);
    assert.match(textOf(unknownTool), /Tool run_shell not found/);
  });

  it('kept stdout for the protocol, and never logged the upstream key', () => {
    assert.deepEqual(mcp.transportErrors, []);
    assert.ok(!mcp.stderr().includes(UPSTREAM_KEY));
  });

  it('writes nothing but JSON-RPC messages on stdout, while the gateway logs on stderr', async () => {
    const child = spawn(process.execPath, [cliPath, 'mcp'], { cwd: directory, env: { PATH: process.env['PATH'] ?? '', ...environment }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const send = (message: object): void => {
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    };
    const responses = async (count: number): Promise<void> => {
      while (stdout.split('\n').filter((line) => line !== '').length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    send({ id: 1, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await responses(1);
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'chat', arguments: { model: 'deepseek/deepseek-chat', prompt: 'raw stdio' } } });
    await responses(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end();
    assert.equal(await exited, 0, 'closing stdin ends the server');
    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 2);
    const messages = lines.map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result: { structuredContent?: { text: string } } });
    assert.deepEqual(messages.map((message) => [message.jsonrpc, message.id]), [['2.0', 1], ['2.0', 2]]);
    assert.equal(messages[1]?.result.structuredContent?.text, 'Echo: raw stdio');
    assert.match(stderr, /"service":"securellm"/, 'the gateway log went to stderr');
  });
});


describe('securellm mcp beside a running gateway', () => {
  let fake: FakeUpstream;
  let directory: string;
  let serve: ChildProcess | undefined;
  let mcp: McpSession;
  let url: string;

  before(async () => {
    fake = await startFakeUpstream('deepseek', { requiredApiKey: UPSTREAM_KEY });
    directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-mcp-live-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const lines = ['[server]', `port = ${port}`, '[storage]', 'url = "sqlite:./gateway.db"', '[providers.deepseek]', 'api_key = "${DEEPSEEK_KEY_FOR_MCP}"', `base_url = "${fake.baseUrl}"`, '[logging]', 'level = "silent"'];
    writeFileSync(path.join(directory, 'config.toml'), lines.join('\n'), { mode: 0o600 });
    const environment = { DEEPSEEK_KEY_FOR_MCP: UPSTREAM_KEY };
    const admin = JSON.parse(runCli(['keys', 'create', '--admin', '--json'], directory, environment).stdout) as { key: string };
    const user = JSON.parse(runCli(['keys', 'create', '--tenant', 'acme', '--json'], directory, environment).stdout) as { key: string };
    serve = await startServe(directory, url, environment);
    mcp = await startMcp(directory, { ...environment, SECURELLM_ADMIN_KEY: admin.key, SECURELLM_API_KEY: user.key });
  });

  after(async () => {
    await mcp.close();
    await stopServe(serve);
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('sends chat turns to the running gateway with SECURELLM_API_KEY', async () => {
    const result = await mcp.call('chat', { model: 'deepseek/deepseek-chat', prompt: 'over http' });
    assert.equal(result.isError, undefined, textOf(result));
    const answer = result.structuredContent as { text: string; via: string };
    assert.equal(answer.text, 'Echo: over http');
    assert.equal(answer.via, url);
  });

  it('adds the gateway\'s own GET /admin/limits to rate_limit_check', async () => {
    const result = await mcp.call('rate_limit_check', {});
    const live = (result.structuredContent as { live: { url: string; limits: { object: string; enabled: boolean } } }).live;
    assert.equal(live.url, `${url}/admin/limits`);
    assert.equal(live.limits.object, 'limits');
    assert.equal(live.limits.enabled, true);
  });
});

describe('securellm mcp beside a running gateway with TLS and a private CA', () => {
  let fake: FakeUpstream;
  let directory: string;
  let serve: ChildProcess | undefined;
  let mcp: McpSession;
  let url: string;

  before(async () => {
    fake = await startFakeUpstream('deepseek', { requiredApiKey: UPSTREAM_KEY });
    directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-mcp-tls-'));
    const port = await freePort();
    url = `https://127.0.0.1:${port}`;
    const certs = runCli(['certs', 'init', '--out', 'certs'], directory);
    assert.equal(certs.status, 0, certs.stderr);
    const lines = [
      '[server]', `port = ${port}`, '[storage]', 'url = "sqlite:./gateway.db"',
      '[providers.deepseek]', 'api_key = "${DEEPSEEK_KEY_FOR_MCP}"', `base_url = "${fake.baseUrl}"`,
      '[security.tls]', 'enabled = true', 'cert_path = "certs/server.crt"', 'key_path = "certs/server.key"', 'client_ca_path = "certs/ca.crt"', 'require_client_cert = true',
      '[logging]', 'level = "silent"',
    ];
    writeFileSync(path.join(directory, 'config.toml'), lines.join('\n'), { mode: 0o600 });
    const environment = { DEEPSEEK_KEY_FOR_MCP: UPSTREAM_KEY };
    const admin = JSON.parse(runCli(['keys', 'create', '--admin', '--json'], directory, environment).stdout) as { key: string };
    // The client certificate certs init writes is for tenant default: the key must be too.
    const user = JSON.parse(runCli(['keys', 'create', '--json'], directory, environment).stdout) as { key: string };
    const read = (name: string): string => readFileSync(path.join(directory, 'certs', name), 'utf8');
    const agent = new Agent({ connect: { ca: read('ca.crt'), cert: read('client.crt'), key: read('client.key') } });
    try {
      serve = await startServe(directory, url, environment, agent);
    } finally {
      await agent.close();
    }
    mcp = await startMcp(directory, { ...environment, SECURELLM_ADMIN_KEY: admin.key, SECURELLM_API_KEY: user.key });
  });

  after(async () => {
    await mcp.close();
    await stopServe(serve);
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('chat trusts the config\'s CA and presents the client certificate beside it, as securellm chat does', async () => {
    const result = await mcp.call('chat', { model: 'deepseek/deepseek-chat', prompt: 'over https' });
    assert.equal(result.isError, undefined, textOf(result));
    const answer = result.structuredContent as { text: string; via: string };
    assert.equal(answer.text, 'Echo: over https');
    assert.equal(answer.via, url);
  });

  it('rate_limit_check reaches GET /admin/limits over the same TLS', async () => {
    const result = await mcp.call('rate_limit_check', {});
    const live = (result.structuredContent as { live: { url: string; error?: string; limits?: { object: string } } }).live;
    assert.equal(live.error, undefined, live.error);
    assert.equal(live.url, `${url}/admin/limits`);
    assert.equal(live.limits?.object, 'limits');
  });
});

