import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseConfig } from '../../../src/config/load-config.js';

function issuesFor(providers: Record<string, unknown>): Array<{ path: string; message: string }> {
  try {
    parseConfig({ providers }, {}, 'test');
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues;
  }
}

describe('egress policy in config validation', () => {
  it('reports a forbidden base_url as an error naming providers.NAME.base_url', () => {
    const issues = issuesFor({
      local: { base_url: 'http://169.254.169.254/' },
      ollama: { base_url: 'http://[::ffff:a9fe:a9fe]:11434' },
      vllm: { type: 'local', base_url: 'http://0x0a.0.0.7:8000/v1' },
    });
    assert.deepEqual(
      issues.map((issue) => issue.path),
      ['providers.local.base_url', 'providers.ollama.base_url', 'providers.vllm.base_url'],
    );
    assert.match(issues[0]?.message ?? '', /cloud metadata/);
    assert.match(issues[2]?.message ?? '', /10\.0\.0\.7: private network/);
  });

  it('accepts the same base_url when the provider sets allow_private_network', () => {
    assert.deepEqual(issuesFor({ vllm: { type: 'local', base_url: 'http://10.0.0.7:8000/v1', allow_private_network: true } }), []);
  });

  it('accepts loopback named in the config (the end-to-end fakes listen there)', () => {
    assert.deepEqual(issuesFor({ local: { base_url: 'http://127.0.0.1:9000' }, ollama: { base_url: 'http://localhost:11434' } }), []);
  });

  it('reports it from a config file too, which is what `securellm config validate` reads', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'securellm-egress-'));
    try {
      const file = path.join(directory, 'config.toml');
      writeFileSync(file, '[providers.local]\nbase_url = "http://2852039166/v1"\n');
      assert.throws(
        () => loadConfig(file, {}),
        (error: unknown) => error instanceof ConfigError && error.issues.some((issue) => issue.path === 'providers.local.base_url'),
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
