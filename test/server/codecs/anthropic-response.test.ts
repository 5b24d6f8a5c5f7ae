import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, ERROR_CODES, type ErrorCode } from '../../../src/core/errors.js';
import type { ChatResponse, FinishReason } from '../../../src/core/types.js';
import { anthropicCodec } from '../../../src/server/client-codec.js';
import { unifiedRequest } from './codec-test-kit.js';

const request = unifiedRequest({ model: 'anthropic/claude-sonnet-4-5', metadata: { requestId: 'req_test', clientFormat: 'anthropic' } });

function response(overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: 'msg_01abc',
    model: 'anthropic/claude-sonnet-4-5',
    text: 'Hello!',
    toolCalls: [],
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 3 },
    ...overrides,
  };
}

describe('Anthropic response serialization', () => {
  it('writes a message object', () => {
    assert.deepEqual(anthropicCodec.serializeResponse(response(), request), {
      id: 'msg_01abc',
      type: 'message',
      role: 'assistant',
      model: 'anthropic/claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 3 },
    });
  });

  it('turns tool calls into tool_use blocks with parsed input, {} for broken JSON', () => {
    const serialized = anthropicCodec.serializeResponse(
      response({
        text: 'Let me check.',
        toolCalls: [
          { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_2', name: 'get_weather', arguments: '{"city":' },
          { id: 'call_3', name: 'now', arguments: '' },
        ],
        finishReason: 'tool_calls',
      }),
      request,
    ) as { content: unknown; stop_reason: unknown };
    assert.deepEqual(serialized.content, [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
      { type: 'tool_use', id: 'call_3', name: 'now', input: {} },
    ]);
    assert.equal(serialized.stop_reason, 'tool_use');
  });

  it('maps every finish reason to its stop_reason', () => {
    const expected: Record<FinishReason, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' };
    for (const [reason, stopReason] of Object.entries(expected)) {
      const serialized = anthropicCodec.serializeResponse(response({ finishReason: reason as FinishReason }), request) as { stop_reason: string };
      assert.equal(serialized.stop_reason, stopReason);
    }
  });

  it('reports cached prompt tokens apart from input tokens, as Anthropic counts them', () => {
    const serialized = anthropicCodec.serializeResponse(response({ usage: { promptTokens: 100, completionTokens: 5, cachedTokens: 60 } }), request) as { usage: unknown };
    assert.deepEqual(serialized.usage, { input_tokens: 40, output_tokens: 5, cache_read_input_tokens: 60 });
  });

  it('gives a msg_ id when the upstream id is not one', () => {
    const serialized = anthropicCodec.serializeResponse(response({ id: 'chatcmpl-1' }), request) as { id: string };
    assert.equal(serialized.id, 'msg_req_test');
  });
});

describe('Anthropic error body', () => {
  const typeOf = (code: ErrorCode): string => (anthropicCodec.serializeError(new GatewayError(code, 'why')) as { error: { type: string } }).error.type;

  it('has the documented shape', () => {
    assert.deepEqual(anthropicCodec.serializeError(new GatewayError('unauthorized', 'bad key')), {
      type: 'error',
      error: { type: 'authentication_error', message: 'bad key' },
    });
  });

  it("uses Anthropic's error types", () => {
    assert.equal(typeOf('invalid_request'), 'invalid_request_error');
    assert.equal(typeOf('forbidden'), 'permission_error');
    assert.equal(typeOf('model_not_found'), 'not_found_error');
    assert.equal(typeOf('payload_too_large'), 'request_too_large');
    assert.equal(typeOf('rate_limited'), 'rate_limit_error');
    assert.equal(typeOf('upstream_overloaded'), 'overloaded_error');
    assert.equal(typeOf('internal_error'), 'api_error');
  });

  it('has a type for every error code', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) assert.equal(typeof typeOf(code), 'string', code);
  });
});
