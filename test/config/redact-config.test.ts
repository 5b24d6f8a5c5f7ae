/**
 * `redactConfig`: what an operator may be shown of the config. Every way a secret can sit in a
 * config is hidden; everything else stays as written, so the shown config is still useful.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import { isSecretName, redactConfig, REDACTED, redactUrl, redactValue } from '../../src/config/redact-config.js';

const OPENAI_KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

function effectiveConfig(): ReturnType<typeof parseConfig> {
  return parseConfig(
    {
      storage: { url: 'postgres://gateway:p%40ss@db.internal:5432/securellm?sslmode=require&password=other' },
      providers: {
        openai: { api_key: '${OPENAI_API_KEY}', base_url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', requests_per_minute: 3500 },
        ollama: { base_url: 'http://user:hunter2@localhost:11434' },
      },
      security: { rate_limit: { tokens_per_minute: 100000 }, tls: { key_path: '/etc/securellm/server.key' } },
    },
    { OPENAI_API_KEY: OPENAI_KEY },
    'test',
  );
}

describe('redactConfig', () => {
  it('hides provider API keys, URL passwords and secret query parameters, and nothing else of the config', () => {
    const shown = redactConfig(effectiveConfig());
    const text = JSON.stringify(shown);
    for (const secret of [OPENAI_KEY, 'p%40ss', 'hunter2', 'other']) assert.ok(!text.includes(secret), `${secret} was shown`);
    const config = shown as {
      storage: { url: string };
      providers: Record<string, { api_key?: string; base_url?: string; model?: string; requests_per_minute?: number }>;
      security: { rate_limit: { tokens_per_minute: number }; tls: { key_path: string } };
      server: { port: number };
    };
    assert.equal(config.storage.url, `postgres://gateway:${REDACTED}@db.internal:5432/securellm?sslmode=require&password=${REDACTED}`);
    assert.equal(config.providers['openai']?.api_key, REDACTED);
    assert.equal(config.providers['openai']?.base_url, 'https://api.openai.com/v1');
    assert.equal(config.providers['openai']?.model, 'gpt-4o-mini');
    assert.equal(config.providers['openai']?.requests_per_minute, 3500);
    assert.equal(config.providers['ollama']?.base_url, `http://user:${REDACTED}@localhost:11434`);
    assert.equal(config.providers['ollama']?.api_key, undefined, 'an absent key stays absent');
    // Limits with "token" in their names and paths to key files are not secrets.
    assert.equal(config.security.rate_limit.tokens_per_minute, 100000);
    assert.equal(config.security.tls.key_path, '/etc/securellm/server.key');
    assert.equal(config.server.port, 8443);
  });

  it('returns a fresh, unfrozen copy and leaves the frozen config untouched', () => {
    const config = effectiveConfig();
    const shown = redactConfig(config) as { providers: Record<string, { api_key?: string }> };
    assert.equal(Object.isFrozen(shown), false);
    assert.equal(config.providers['openai']?.api_key, OPENAI_KEY);
  });

  it('hides values under any secret-looking name, at any depth and in arrays, but keeps switches and limits', () => {
    const shown = redactValue({
      headers: { Authorization: 'Basic abc', 'x-api-key': 'k1', accept: 'json' },
      audit: { hmac_key: 'k2', signingSecret: 'k3', token: 'k4', credentials: { user: 'u', pass: 'p' } },
      hooks: [{ url: 'https://h.example/x?token=k5&mode=a', password: 'k6' }],
      auth_enabled: true,
      token_limit: 5,
      max_tokens: 10,
    });
    assert.deepEqual(shown, {
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' },
      audit: { hmac_key: REDACTED, signingSecret: REDACTED, token: REDACTED, credentials: REDACTED },
      hooks: [{ url: `https://h.example/x?token=${REDACTED}&mode=a`, password: REDACTED }],
      auth_enabled: true,
      token_limit: 5,
      max_tokens: 10,
    });
  });

  it('hides strings in known secret formats whatever their key is called', () => {
    assert.deepEqual(redactValue({ note: OPENAI_KEY, other: 'sk-ant-api03-xyz', aws: 'AKIAABCDEFGHIJKLMNOP', plain: 'hello' }), {
      note: REDACTED,
      other: REDACTED,
      aws: REDACTED,
      plain: 'hello',
    });
  });
});

describe('redactUrl', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['postgres://user:secret@host/db', `postgres://user:${REDACTED}@host/db`],
    ['postgresql://user@host/db', `postgresql://${REDACTED}@host/db`],
    ['redis://:secret@cache:6379/0', `redis://:${REDACTED}@cache:6379/0`],
    // An unescaped @ inside the password: the last @ before the path ends the userinfo.
    ['postgres://user:p@ss@host/db', `postgres://user:${REDACTED}@host/db`],
    ['https://api.example.com/v1?api_key=k&x=1#top', `https://api.example.com/v1?api_key=${REDACTED}&x=1#top`],
    ['https://example.com/a@b', 'https://example.com/a@b'],
    ['sqlite:./data/securellm.db', 'sqlite:./data/securellm.db'],
    ['http://localhost:11434', 'http://localhost:11434'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => assert.equal(redactUrl(input), expected));
  }
});

describe('isSecretName', () => {
  for (const name of ['api_key', 'apiKey', 'API-KEY', 'apikey', 'hmac_key', 'secret', 'client_secret', 'password', 'token', 'auth', 'private_key', 'privateKey', 'key', 'keys']) {
    it(`${name} is secret`, () => assert.equal(isSecretName(name), true));
  }
  for (const name of ['key_path', 'cert_path', 'tokens_per_minute', 'max_tokens', 'context_tokens', 'base_url', 'model', 'monkey', 'keyboard', 'passthrough', '']) {
    it(`${name} is not secret`, () => assert.equal(isSecretName(name), false));
  }
});
