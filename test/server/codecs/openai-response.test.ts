import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { GatewayError, ERROR_CODES, type ErrorCode } from '../../../src/core/errors.js';
import type { ChatResponse } from '../../../src/core/types.js';
import { createOpenAICodec } from '../../../src/server/openai/openai-codec.js';
import { serializeModelList } from '../../../src/server/openai/openai-models-list.js';
import { unifiedRequest } from './codec-test-kit.js';

const codec = createOpenAICodec({ nowSeconds: () => 1_700_000_000 });

function response(overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: 'chatcmpl-abc',
    model: 'openai/gpt-4o',
    text: 'Hello!',
    toolCalls: [],
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 3 },
    ...overrides,
  };
}

describe('OpenAI response serialization', () => {
  it('writes a chat.completion object the SDK types describe', () => {
    // Typed as the SDK's ChatCompletion, so a misspelt or missing field fails to compile.
    const expected: ChatCompletion = {
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'openai/gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
    };
    assert.deepEqual(codec.serializeResponse(response(), unifiedRequest()), expected);
  });

  it('reports null content with tool calls, the finish reason, and cached tokens', () => {
    const serialized = codec.serializeResponse(
      response({
        text: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        finishReason: 'tool_calls',
        usage: { promptTokens: 100, completionTokens: 20, cachedTokens: 64 },
      }),
      unifiedRequest(),
    ) as ChatCompletion;
    const choice = serialized.choices[0];
    assert.equal(choice?.message.content, null);
    assert.deepEqual(choice?.message.tool_calls, [
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.deepEqual(serialized.usage, {
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      prompt_tokens_details: { cached_tokens: 64 },
    });
  });

  it('adds reasoning_content only when there is reasoning', () => {
    const withReasoning = codec.serializeResponse(response({ reasoning: 'think' }), unifiedRequest()) as { choices: Array<{ message: Record<string, unknown> }> };
    assert.equal(withReasoning.choices[0]?.message['reasoning_content'], 'think');
    const without = codec.serializeResponse(response({ reasoning: '' }), unifiedRequest()) as { choices: Array<{ message: Record<string, unknown> }> };
    assert.equal('reasoning_content' in (without.choices[0]?.message ?? {}), false);
  });

  it("replaces a non-OpenAI id with one derived from the request id, and keeps OpenAI's own", () => {
    const fromAnthropic = codec.serializeResponse(response({ id: 'msg_01' }), unifiedRequest()) as ChatCompletion;
    assert.equal(fromAnthropic.id, 'chatcmpl-req_test');
    const own = codec.serializeResponse(response({ id: 'chatcmpl-xyz' }), unifiedRequest()) as ChatCompletion;
    assert.equal(own.id, 'chatcmpl-xyz');
  });
});

describe('OpenAI error body', () => {
  it('carries message, type, param and the stable code', () => {
    const error = new GatewayError('invalid_request', "Invalid value for 'temperature'", { param: 'temperature' });
    assert.deepEqual(codec.serializeError(error), {
      error: { message: "Invalid value for 'temperature'", type: 'invalid_request_error', param: 'temperature', code: 'invalid_request' },
    });
  });

  it('chooses the type from the code', () => {
    const typeOf = (code: ErrorCode): unknown => (codec.serializeError(new GatewayError(code, 'x')) as { error: { type: string; param: unknown } }).error;
    assert.deepEqual(typeOf('unauthorized'), { message: 'x', type: 'authentication_error', param: null, code: 'unauthorized' });
    assert.equal((typeOf('forbidden') as { type: string }).type, 'permission_error');
    assert.equal((typeOf('model_not_found') as { type: string }).type, 'not_found_error');
    assert.equal((typeOf('rate_limited') as { type: string }).type, 'rate_limit_error');
    assert.equal((typeOf('upstream_timeout') as { type: string }).type, 'api_error');
  });

  it('has a type for every error code', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const body = codec.serializeError(new GatewayError(code, 'x')) as { error: { type: unknown } };
      assert.equal(typeof body.error.type, 'string', code);
    }
  });
});

describe('OpenAI model list', () => {
  it('lists provider models owned by their provider and aliases owned by the gateway', () => {
    assert.deepEqual(serializeModelList(['openai/gpt-4o', 'local/auto', 'smart'], 1_700_000_000), {
      object: 'list',
      data: [
        { id: 'openai/gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'openai' },
        { id: 'local/auto', object: 'model', created: 1_700_000_000, owned_by: 'local' },
        { id: 'smart', object: 'model', created: 1_700_000_000, owned_by: 'securellm' },
      ],
    });
  });
});
