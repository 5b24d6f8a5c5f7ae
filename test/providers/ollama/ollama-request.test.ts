import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../../src/core/errors.js';
import type { Message } from '../../../src/core/types.js';
import { buildOllamaRequest } from '../../../src/providers/ollama/ollama-request.js';
import { chatRequest } from '../anthropic/loopback-upstream.js';

const text = (value: string) => ({ type: 'text' as const, text: value });

function build(messages: Message[], overrides: Parameters<typeof chatRequest>[0] = {}) {
  return buildOllamaRequest(chatRequest({ messages, ...overrides }), 'llama3.2', 'ollama');
}

describe('buildOllamaRequest', () => {
  it('puts sampling parameters under options and sets stream explicitly', () => {
    const body = build([{ role: 'user', content: [text('hi')] }], {
      stream: false,
      temperature: 0.3,
      topP: 0.8,
      topK: 20,
      maxTokens: 256,
      stop: ['###'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
    });
    assert.equal(body.model, 'llama3.2');
    assert.equal(body.stream, false);
    assert.deepEqual(body.options, {
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      num_predict: 256,
      stop: ['###'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
    });
    assert.equal(build([{ role: 'user', content: [text('hi')] }]).options, undefined);
  });

  it('maps tool calls with object arguments and names tool results from the earlier call', () => {
    const body = build(
      [
        { role: 'system', content: [text('Be brief.')] },
        { role: 'user', content: [text('Weather?')] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'call_a', content: [text('18°C')] },
      ],
      { tools: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } }] },
    );
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '18°C', tool_name: 'get_weather' },
    ]);
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } } }]);
  });

  it('sends no tools when the client chose none', () => {
    const body = build([{ role: 'user', content: [text('hi')] }], {
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { type: 'none' },
    });
    assert.equal(body.tools, undefined);
  });

  it('sends images as base64, decoding data: URLs, and refuses http(s) URLs clearly', () => {
    const body = build([
      {
        role: 'user',
        content: [
          text('What is this?'),
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        ],
      },
    ]);
    assert.deepEqual(body.messages[0], { role: 'user', content: 'What is this?', images: ['iVBORw0KGgo=', '/9j/4AAQ'] });
    assert.throws(
      () => build([{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } }] }]),
      (error: unknown) => error instanceof ProviderError && error.kind === 'bad_request' && /image URLs/.test(error.message),
    );
  });

  it('refuses tool call arguments that are not JSON', () => {
    assert.throws(
      () => build([{ role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'f', arguments: '{oops' }] }]),
      (error: unknown) => error instanceof ProviderError && error.kind === 'bad_request',
    );
  });

  it('maps JSON mode and JSON schema response formats to format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    assert.equal(build([], { responseFormat: { type: 'json_object' } }).format, 'json');
    assert.deepEqual(build([], { responseFormat: { type: 'json_schema', json_schema: { name: 's', schema } } }).format, schema);
    assert.equal(build([], { responseFormat: { type: 'text' } }).format, undefined);
  });
});
