import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapOpenAIFinishReason } from '../../../src/providers/openai-compatible/map-openai-finish-reason.js';
import { mapOpenAIUsage } from '../../../src/providers/openai-compatible/map-openai-usage.js';
import { openAIErrorFromResponse, openAIInBandError, UPSTREAM_AUTH_MESSAGE } from '../../../src/providers/openai-compatible/openai-error.js';

function errorFor(status: number, body: string, headers: Record<string, string> = {}) {
  return openAIErrorFromResponse({ provider: 'openai', status, headers, body });
}

describe('openAIErrorFromResponse', () => {
  it('takes the message from the OpenAI error object and the kind from the status', () => {
    const error = errorFor(400, '{"error":{"message":"Invalid \'messages[0].role\'","type":"invalid_request_error","param":"messages","code":null}}');
    assert.equal(error.kind, 'bad_request');
    assert.equal(error.retryable, false);
    assert.equal(error.upstreamStatus, 400);
    assert.equal(error.message, "Invalid 'messages[0].role'");
  });

  it('never repeats an upstream auth message, which can echo the key', () => {
    const error = errorFor(401, '{"error":{"message":"Incorrect API key provided: sk-proj-abc***xyz.","type":"invalid_request_error","code":"invalid_api_key"}}');
    assert.equal(error.kind, 'auth');
    assert.equal(error.message, UPSTREAM_AUTH_MESSAGE);
    assert.doesNotMatch(error.message, /sk-/);
  });

  it('reads retry-after-ms before retry-after', () => {
    assert.equal(errorFor(429, '{}', { 'retry-after-ms': '1500', 'retry-after': '9' }).retryAfterMs, 1500);
    assert.equal(errorFor(429, '{}', { 'retry-after': '2' }).retryAfterMs, 2000);
    assert.equal(errorFor(429, '{}').retryAfterMs, undefined);
  });

  it('reads the detail a FastAPI-based local server sends, and falls back to the status', () => {
    assert.equal(errorFor(422, '{"detail":"model not loaded"}').message, 'model not loaded');
    assert.equal(errorFor(502, '<html>Bad gateway</html>').message, 'upstream answered 502');
  });

  it('caps long upstream messages', () => {
    assert.ok(errorFor(400, JSON.stringify({ error: { message: 'x'.repeat(10_000) } })).message.length <= 501);
  });
});

describe('openAIInBandError', () => {
  it('types errors by their type or code', () => {
    assert.equal(openAIInBandError('openai', { type: 'server_error', message: 'boom' }).kind, 'unavailable');
    assert.equal(openAIInBandError('openai', { code: 'rate_limit_exceeded', message: 'slow' }).kind, 'rate_limited');
    assert.equal(openAIInBandError('openai', { code: 503, message: 'busy' }).kind, 'overloaded');
    assert.equal(openAIInBandError('openai', { type: 'authentication_error', message: 'key sk-1' }).message, UPSTREAM_AUTH_MESSAGE);
  });
});

describe('mapOpenAIFinishReason and mapOpenAIUsage', () => {
  it('maps every documented finish reason', () => {
    assert.equal(mapOpenAIFinishReason('stop'), 'stop');
    assert.equal(mapOpenAIFinishReason('length'), 'length');
    assert.equal(mapOpenAIFinishReason('tool_calls'), 'tool_calls');
    assert.equal(mapOpenAIFinishReason('function_call'), 'tool_calls');
    assert.equal(mapOpenAIFinishReason('content_filter'), 'content_filter');
    assert.equal(mapOpenAIFinishReason('insufficient_system_resource'), 'length');
    assert.equal(mapOpenAIFinishReason('something_new'), 'stop');
  });

  it('reads cached tokens from OpenAI or DeepSeek fields, and ignores usage without counts', () => {
    assert.deepEqual(mapOpenAIUsage({ prompt_tokens: 5, completion_tokens: 2 }), { promptTokens: 5, completionTokens: 2 });
    assert.deepEqual(mapOpenAIUsage({ prompt_tokens: 5, completion_tokens: 2, prompt_cache_hit_tokens: 3 }), {
      promptTokens: 5,
      completionTokens: 2,
      cachedTokens: 3,
    });
    assert.equal(mapOpenAIUsage(null), undefined);
    assert.equal(mapOpenAIUsage({ total_tokens: 7 }), undefined);
  });
});
