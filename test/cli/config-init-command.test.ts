/**
 * `securellm config init` as a real process: answered by a script on stdin, or with --yes; what it
 * writes must pass `config validate`, hold keys only as ${VAR} references, and never replace a file
 * without being told to.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { spawnCli } from './spawn-cli.js';

describe('securellm config init', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'securellm-config-init-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('--yes writes a commented file that config validate accepts, and will not replace it without --force', async () => {
    const result = await spawnCli(['config', 'init', '--yes', '--config', 'defaults.toml'], directory);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Wrote defaults\.toml\n/);
    const text = readFileSync(path.join(directory, 'defaults.toml'), 'utf8');
    assert.match(text, /^# SecureLLM Bridge configuration/);
    assert.match(text, /host = "127\.0\.0\.1" +# loopback/);
    // The storage comment offers only what opens: PostgreSQL is refused at start, so no postgres:// hint.
    assert.match(text, /url = "sqlite:\.\/data\/securellm\.db" +# API keys \(hashed\) and usage; SQLite only/);
    assert.doesNotMatch(text, /postgres:\/\/user@host/);
    // Owner-only, so that `security audit` has no config-readable finding on a fresh file.
    assert.equal(statSync(path.join(directory, 'defaults.toml')).mode & 0o777, 0o600);
    const validated = await spawnCli(['config', 'validate', '--config', 'defaults.toml', '--json'], directory);
    assert.equal(validated.status, 0, validated.stderr);
    assert.deepEqual((JSON.parse(validated.stdout) as { providers: string[] }).providers, ['ollama', 'local']);

    writeFileSync(path.join(directory, 'defaults.toml'), '# mine\n');
    const again = await spawnCli(['config', 'init', '--yes', '--config', 'defaults.toml'], directory);
    assert.equal(again.status, 1);
    assert.equal(again.stderr, 'securellm config init: defaults.toml exists; use --force to replace it\n');
    assert.equal(readFileSync(path.join(directory, 'defaults.toml'), 'utf8'), '# mine\n');
    const forced = await spawnCli(['config', 'init', '--yes', '--force', '--config', 'defaults.toml'], directory);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(readFileSync(path.join(directory, 'defaults.toml'), 'utf8'), /^# SecureLLM Bridge configuration/);
  });

  it('a replaced file ends up owner-only too, not with the old file\'s mode', async () => {
    // writeFileSync's mode applies only when it creates the file: a 0644 file it overwrites stays 0644.
    const file = path.join(directory, 'loose.toml');
    writeFileSync(file, '# readable by all\n');
    chmodSync(file, 0o644);
    const forced = await spawnCli(['config', 'init', '--yes', '--force', '--config', 'loose.toml'], directory);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(readFileSync(file, 'utf8'), /^# SecureLLM Bridge configuration/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('--yes also enables each cloud provider whose key variable is set, as ${VAR}', async () => {
    const secret = 'sk-this-must-never-be-written-0123456789';
    const result = await spawnCli(['config', 'init', '--yes', '--config', 'cloud.toml'], directory, { DEEPSEEK_API_KEY: secret });
    assert.equal(result.status, 0, result.stderr);
    const text = readFileSync(path.join(directory, 'cloud.toml'), 'utf8');
    assert.ok(!text.includes(secret), 'the key itself is never written');
    assert.match(text, /\[providers\.deepseek\]\nenabled = true\napi_key = "\$\{DEEPSEEK_API_KEY\}"/);
    const validated = await spawnCli(['config', 'validate', '--config', 'cloud.toml', '--json'], directory, { DEEPSEEK_API_KEY: secret });
    assert.equal(validated.status, 0, validated.stderr);
    assert.deepEqual((JSON.parse(validated.stdout) as { providers: string[] }).providers, ['deepseek', 'ollama', 'local']);
  });

  it('takes piped answers, one per line, and the result validates with the named key variable set', async () => {
    const answers = ['openai,ollama', '', 'gpt-4o', 'MY_OPENAI_KEY', '', '', '', '9443', '', 'n', '120', '', 'y', '', '30', ''].join('\n');
    const result = await spawnCli(['config', 'init', '--config', 'scripted/gateway.toml'], directory, {}, answers);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Set MY_OPENAI_KEY in the gateway's environment\./);
    assert.match(result.stderr, /note: MY_OPENAI_KEY is not set here/);
    const file = path.join(directory, 'scripted', 'gateway.toml');
    const parsed = parseToml(readFileSync(file, 'utf8')) as {
      server: { port: number };
      providers: Record<string, { api_key?: string; model?: string; base_url?: string }>;
      security: { rate_limit: { requests_per_minute: number }; audit: { retention_days: number }; tls: { enabled: boolean } };
    };
    assert.equal(parsed.server.port, 9443);
    assert.deepEqual(Object.keys(parsed.providers), ['openai', 'ollama']);
    assert.equal(parsed.providers['openai']?.api_key, '${MY_OPENAI_KEY}');
    assert.equal(parsed.providers['openai']?.model, 'gpt-4o');
    assert.equal(parsed.providers['openai']?.base_url, 'https://api.openai.com/v1');
    assert.equal(parsed.security.rate_limit.requests_per_minute, 120);
    assert.equal(parsed.security.audit.retention_days, 30);
    assert.equal(parsed.security.tls.enabled, false);

    const missing = await spawnCli(['config', 'validate', '--config', 'scripted/gateway.toml'], directory);
    assert.equal(missing.status, 1, 'an unset key variable is reported by validate');
    assert.match(missing.stderr, /providers\.openai\.api_key/);
    const validated = await spawnCli(['config', 'validate', '--config', 'scripted/gateway.toml'], directory, { MY_OPENAI_KEY: 'sk-test' });
    assert.equal(validated.status, 0, validated.stderr);
  });

  it('can make the certificates for mutual TLS, as certs init does', async () => {
    const answers = ['ollama', '', '', '', '', '', 'y', 'y', './tls', '', 'y', '', '', 'n', ''].join('\n');
    const result = await spawnCli(['config', 'init', '--config', 'tls.toml'], directory, {}, answers);
    assert.equal(result.status, 0, result.stderr);
    for (const name of ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'client.crt', 'client.key']) {
      assert.ok(existsSync(path.join(directory, 'tls', name)), `${name} written`);
    }
    const parsed = parseToml(readFileSync(path.join(directory, 'tls.toml'), 'utf8')) as { security: { tls: Record<string, unknown>; audit: { enabled: boolean } } };
    assert.deepEqual({ ...parsed.security.tls }, { enabled: true, cert_path: './tls/server.crt', key_path: './tls/server.key', client_ca_path: './tls/ca.crt', require_client_cert: true });
    assert.equal(parsed.security.audit.enabled, false);
    const validated = await spawnCli(['config', 'validate', '--config', 'tls.toml'], directory);
    assert.equal(validated.status, 0, validated.stderr);
  });

  it('plain HTTP on a non-loopback address: "n" asks for the address again, "y" writes allow_insecure_non_loopback', async () => {
    // ollama (base URL, model), address, port, SQLite file, TLS "n", then the plain-HTTP question.
    const start = ['ollama', '', '', '0.0.0.0', '', '', 'n'];
    const declined = await spawnCli(['config', 'init', '--config', 'back-to-loopback.toml'], directory, {}, [...start, 'n', '', '', '', 'n', ''].join('\n'));
    assert.equal(declined.status, 0, declined.stderr);
    assert.match(declined.stderr, /Listen on 0\.0\.0\.0 over plain HTTP .*\(y\/n\) \[n\]/);
    const loopback = parseToml(readFileSync(path.join(directory, 'back-to-loopback.toml'), 'utf8')) as { server: Record<string, unknown> };
    assert.equal(loopback.server['host'], '127.0.0.1');
    assert.equal(loopback.server['allow_insecure_non_loopback'], undefined);

    const confirmed = await spawnCli(['config', 'init', '--config', 'insecure.toml'], directory, {}, [...start, 'y', '', '', 'n', ''].join('\n'));
    assert.equal(confirmed.status, 0, confirmed.stderr);
    const insecure = parseToml(readFileSync(path.join(directory, 'insecure.toml'), 'utf8')) as { server: Record<string, unknown> };
    assert.equal(insecure.server['host'], '0.0.0.0');
    assert.equal(insecure.server['allow_insecure_non_loopback'], true);
    const validated = await spawnCli(['config', 'validate', '--config', 'insecure.toml'], directory);
    assert.equal(validated.status, 0, validated.stderr);
  });

  it('asks before replacing a file: "n" leaves it, "y" replaces it', async () => {
    const file = path.join(directory, 'existing.toml');
    writeFileSync(file, '# keep me\n');
    const declined = await spawnCli(['config', 'init', '--config', 'existing.toml'], directory, {}, 'n\n');
    assert.equal(declined.status, 1);
    assert.match(declined.stderr, /existing\.toml exists\. Replace it \(y\/n\) \[n\]/);
    assert.match(declined.stderr, /securellm config init: existing\.toml exists and was left unchanged\n$/);
    assert.equal(readFileSync(file, 'utf8'), '# keep me\n');
    const silent = await spawnCli(['config', 'init', '--config', 'existing.toml'], directory, {}, '');
    assert.equal(silent.status, 1, 'no answer means no');
    assert.equal(readFileSync(file, 'utf8'), '# keep me\n');
    const accepted = await spawnCli(['config', 'init', '--config', 'existing.toml'], directory, {}, 'y\n');
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(readFileSync(file, 'utf8'), /^# SecureLLM Bridge configuration/);
  });

  it('stops at an unusable piped answer, says why, and writes nothing', async () => {
    const bad = await spawnCli(['config', 'init', '--config', 'bad.toml'], directory, {}, 'openai,gemini\n');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /securellm config init: Providers to enable .*: unknown provider gemini; choose from openai, deepseek, anthropic, ollama, local\n$/);
    const pasted = await spawnCli(['config', 'init', '--config', 'bad.toml'], directory, {}, 'openai\n\n\nsk-proj-abc123\n');
    assert.equal(pasted.status, 1);
    assert.match(pasted.stderr, /not the key itself/);
    assert.ok(!pasted.stderr.includes('sk-proj-abc123'), 'a pasted key is not echoed back');
    const privateUrl = await spawnCli(['config', 'init', '--config', 'bad.toml'], directory, {}, 'ollama\nhttp://10.0.0.5:11434\n');
    assert.equal(privateUrl.status, 1);
    assert.match(privateUrl.stderr, /base URL/);
    assert.ok(!existsSync(path.join(directory, 'bad.toml')));
  });

  it('--help says what it asks and how to script it', async () => {
    const result = await spawnCli(['config', 'init', '--help'], directory);
    assert.equal(result.status, 0);
    for (const text of ['--yes', '--force', '--config', '${VAR}', 'piped', 'config validate']) assert.ok(result.stdout.includes(text), `--help mentions ${text}`);
  });
});
