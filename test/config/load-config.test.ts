import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load-config.js';

function writeConfig(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'securellm-config-')), 'config.toml');
  writeFileSync(file, text);
  return file;
}

function issuesOf(action: () => unknown): Array<{ path: string; message: string }> {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

describe('config loading', () => {
  it('uses built-in loopback defaults when there is no file and none was asked for', () => {
    const { config, source } = loadConfig(undefined, { CONFIG_PATH: '' });
    assert.equal(source, 'built-in defaults');
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.storage.url, 'sqlite:./data/securellm.db');
    assert.equal(config.security.audit.log_path, './data/audit/audit.log');
    assert.deepEqual(Object.keys(config.providers).sort(), ['local', 'ollama']);
  });

  it('adds a cloud provider to the defaults when its key variable is set', () => {
    const { config } = loadConfig(undefined, { OPENAI_API_KEY: 'sk-test-123' });
    assert.equal(config.providers['openai']?.api_key, 'sk-test-123');
  });

  it('fails when an explicitly named file is missing', () => {
    const issues = issuesOf(() => loadConfig('/nonexistent/config.toml', {}));
    assert.match(issues[0]?.message ?? '', /not found/);
  });

  it('reads $CONFIG_PATH when --config is not given', () => {
    const file = writeConfig('[server]\nport = 9999\n');
    assert.equal(loadConfig(undefined, { CONFIG_PATH: file }).config.server.port, 9999);
  });

  it('interpolates ${VAR} and names the variable and key when one is unset', () => {
    const text = '[providers.openai]\napi_key = "${OPENAI_KEY_FOR_TEST}"\n';
    const ok = loadConfig(writeConfig(text), { OPENAI_KEY_FOR_TEST: 'sk-abc' });
    assert.equal(ok.config.providers['openai']?.api_key, 'sk-abc');
    const issues = issuesOf(() => loadConfig(writeConfig(text), {}));
    assert.ok(issues.some((issue) => issue.path === 'providers.openai.api_key' && /OPENAI_KEY_FOR_TEST/.test(issue.message)));
  });

  it('does not require the variables of a disabled provider', () => {
    const text = '[providers.openai]\nenabled = false\napi_key = "${UNSET_VARIABLE_X}"\n';
    assert.doesNotThrow(() => loadConfig(writeConfig(text), {}));
  });

  it('reports unknown keys with their dotted path', () => {
    const issues = issuesOf(() => loadConfig(writeConfig('[server]\nprot = 1\n[security.rate_limit]\nburst = 3\n'), {}));
    const paths = issues.map((issue) => issue.path);
    assert.ok(paths.includes('server.prot'), paths.join(','));
    assert.ok(paths.includes('security.rate_limit.burst'), paths.join(','));
  });

  it('checks alias targets and provider kinds across sections', () => {
    const issues = issuesOf(() =>
      parseConfig({ providers: { mine: { base_url: 'http://127.0.0.1:1' } }, models: { smart: { targets: ['nowhere/x'] } } }, {}, 'test'),
    );
    const paths = issues.map((issue) => issue.path);
    assert.ok(paths.includes('providers.mine.type'));
    assert.ok(paths.includes('models.smart.targets.0'));
  });

  it('rejects invalid TOML with a clear message', () => {
    const issues = issuesOf(() => loadConfig(writeConfig('[server\nport = 1'), {}));
    assert.match(issues[0]?.message ?? '', /not valid TOML/);
  });

  it('freezes the config', () => {
    const { config } = loadConfig(undefined, {});
    assert.throws(() => {
      (config.server as { port: number }).port = 1;
    }, TypeError);
  });

  it('shows a value that came from ${VAR} as ${VAR} in its error, never the value itself', () => {
    const environment = { TEAM_KEY: 'sk-proj-secret-value-123456' };
    const raw = { models: { fast: { targets: ['${TEAM_KEY}/x'] } } };
    assert.throws(
      () => parseConfig(raw, environment, 'test'),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.some((issue) => issue.message === 'provider ${TEAM_KEY} is not configured') &&
        !JSON.stringify(error.issues).includes('sk-proj-secret-value-123456'),
    );
  });
});
