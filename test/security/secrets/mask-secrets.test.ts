import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicStreamError } from '../../../src/providers/anthropic/anthropic-error.js';
import { ollamaStreamError } from '../../../src/providers/ollama/ollama-error.js';
import { openAIErrorFromResponse, openAIInBandError } from '../../../src/providers/openai-compatible/openai-error.js';
import { maskSecrets } from '../../../src/security/secrets/mask-secrets.js';
import { maskSecretsInValue } from '../../../src/security/secrets/mask-secrets-in-value.js';

const OPENAI_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const ANTHROPIC_KEY = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-xyz';
const GATEWAY_KEY = 'sk-sllm-0123456789ab-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
const DEEPSEEK_KEY = 'sk-0123456789abcdef0123456789abcdef';

describe('maskSecrets', () => {
  it('masks each provider key format and keeps the prefix that says which kind it was', () => {
    assert.equal(maskSecrets(`key ${OPENAI_KEY} rejected`), 'key sk-proj-[redacted] rejected');
    assert.equal(maskSecrets(`key ${ANTHROPIC_KEY}.`), 'key sk-ant-api03-[redacted].');
    assert.equal(maskSecrets(`(${GATEWAY_KEY})`), '(sk-sllm-[redacted])');
    assert.equal(maskSecrets(DEEPSEEK_KEY), 'sk-[redacted]');
  });

  it('masks the half-starred echo an upstream puts in its 401 message', () => {
    assert.equal(maskSecrets('Incorrect API key provided: sk-proj-********************************wxyz.'), 'Incorrect API key provided: sk-proj-[redacted].');
  });

  it('masks bearer tokens and keyed values', () => {
    assert.equal(maskSecrets('Authorization: Bearer abc.def-ghi_jkl'), 'Authorization: Bearer [redacted]');
    assert.equal(maskSecrets('{"x-api-key": "upstream-key-anthropic"}'), '{"x-api-key": "[redacted]"}');
    assert.equal(maskSecrets('GET /v1?api_key=abcdefghijkl&x=1'), 'GET /v1?api_key=[redacted]&x=1');
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['use sk-learn for that', 'the risk-free rate', 'model gpt-4o-mini is not found', 'api key missing']) {
      assert.equal(maskSecrets(text), text);
    }
  });

  it('masks inside log objects and errors without touching the original', () => {
    const error = new Error(`bad ${OPENAI_KEY}`, { cause: new Error(`Bearer ${DEEPSEEK_KEY}`) });
    const input = { note: `key ${GATEWAY_KEY}`, nested: [{ deep: ANTHROPIC_KEY }], err: error, count: 3 };
    const output = maskSecretsInValue(input) as typeof input;
    assert.doesNotMatch(JSON.stringify(output) + output.err.message + output.err.stack + String((output.err.cause as Error).message), /AbCdEf|0123456789abcdef/);
    assert.ok(output.err instanceof Error);
    assert.equal(output.count, 3);
    assert.match(input.note, /AbCdEf/, 'the original is untouched');
    assert.match(error.message, /AbCdEf/);
  });
});

describe('provider error mappers', () => {
  it('mask a key inside an upstream error message (OpenAI, DeepSeek, local)', () => {
    const error = openAIErrorFromResponse({
      provider: 'openai',
      status: 400,
      headers: {},
      body: JSON.stringify({ error: { message: `Invalid project for key ${OPENAI_KEY}`, type: 'invalid_request_error' } }),
    });
    assert.equal(error.message, 'Invalid project for key sk-proj-[redacted]');
    assert.equal(openAIInBandError('deepseek', { message: `quota of ${DEEPSEEK_KEY}`, type: 'server_error' }).message, 'quota of sk-[redacted]');
  });

  it('mask a key inside an upstream error message (Anthropic, Ollama)', () => {
    assert.equal(anthropicStreamError({ error: { type: 'api_error', message: `echo ${ANTHROPIC_KEY}` } }, 'anthropic').message, 'echo sk-ant-api03-[redacted]');
    assert.equal(ollamaStreamError('proxy said Bearer eyJhbGciOi.payload.signature', 'ollama').message, 'proxy said Bearer [redacted]');
  });

  it('mask before truncating, so a key at the cut is not half-printed', () => {
    const message = `${'x'.repeat(490)} ${OPENAI_KEY}`;
    const error = openAIErrorFromResponse({ provider: 'openai', status: 500, headers: {}, body: JSON.stringify({ error: { message } }) });
    assert.doesNotMatch(error.message, /AbCd/);
  });
});
