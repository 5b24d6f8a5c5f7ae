import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatRequest } from '../../../src/core/types.js';
import { toOpenAIRequest } from '../../../src/providers/openai-compatible/to-openai-request.js';

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'openai/gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    includeUsage: false,
    metadata: { requestId: 'req_1', clientFormat: 'openai' },
    ...overrides,
  };
}

describe('toOpenAIRequest', () => {
  it('sends the upstream model name and text-only content as a string', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }] },
        ],
      }),
      { model: 'gpt-4o', kind: 'openai' },
    );
    assert.equal(body.model, 'gpt-4o');
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
    ]);
    assert.equal(body.stream, false);
    assert.equal(body.stream_options, undefined);
  });

  it('turns images into image_url parts, base64 as data: URLs', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAEC' } },
            ],
          },
        ],
      }),
      { model: 'gpt-4o', kind: 'openai' },
    );
    assert.deepEqual(body.messages[0], {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAEC' } },
      ],
    });
  });

  it('maps assistant tool calls (content null without text) and tool results', () => {
    const body = toOpenAIRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
          { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '18°C' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }], toolCalls: [{ id: 'call_2', name: 'get_time', arguments: '{}' }] },
        ],
      }),
      { model: 'gpt-4o', kind: 'openai' },
    );
    assert.deepEqual(body.messages.slice(1), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
      { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } }] },
    ]);
  });

  it('maps tools, tool choice and parallel tool calls', () => {
    const body = toOpenAIRequest(
      chatRequest({
        tools: [{ name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
        toolChoice: { type: 'tool', name: 'get_weather' },
        parallelToolCalls: false,
      }),
      { model: 'gpt-4o', kind: 'openai' },
    );
    assert.deepEqual(body.tools, [
      { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    ]);
    assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'get_weather' } });
    assert.equal(body.parallel_tool_calls, false);
    for (const type of ['auto', 'none', 'required'] as const) {
      const other = toOpenAIRequest(chatRequest({ tools: [{ name: 't', parameters: {} }], toolChoice: { type } }), { model: 'm', kind: 'openai' });
      assert.equal(other.tool_choice, type);
    }
  });

  it('leaves tool choice out when there are no tools, which OpenAI would refuse', () => {
    const body = toOpenAIRequest(chatRequest({ toolChoice: { type: 'auto' }, parallelToolCalls: true }), { model: 'gpt-4o', kind: 'openai' });
    assert.equal('tool_choice' in body, false);
    assert.equal('parallel_tool_calls' in body, false);
  });

  it('uses max_completion_tokens for OpenAI and max_tokens for DeepSeek and local', () => {
    const request = chatRequest({ maxTokens: 256 });
    const openai = toOpenAIRequest(request, { model: 'gpt-4o', kind: 'openai' });
    assert.equal(openai.max_completion_tokens, 256);
    assert.equal('max_tokens' in openai, false);
    for (const kind of ['deepseek', 'local'] as const) {
      const body = toOpenAIRequest(request, { model: 'm', kind });
      assert.equal(body.max_tokens, 256);
      assert.equal('max_completion_tokens' in body, false);
    }
  });

  it('always asks a stream for usage, even when the client did not', () => {
    const body = toOpenAIRequest(chatRequest({ stream: true, includeUsage: false }), { model: 'gpt-4o', kind: 'openai' });
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('passes sampling settings when set and leaves out topK', () => {
    const body = toOpenAIRequest(
      chatRequest({
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stop: ['END'],
        presencePenalty: 0.5,
        frequencyPenalty: -0.5,
        seed: 7,
        responseFormat: { type: 'json_object' },
        user: 'user-42',
      }),
      { model: 'gpt-4o', kind: 'openai' },
    );
    const { messages: _messages, ...rest } = body;
    assert.deepEqual(rest, {
      model: 'gpt-4o',
      stream: false,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 7,
      response_format: { type: 'json_object' },
      user: 'user-42',
    });
  });
});
