import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageCreateParams } from '@anthropic-ai/sdk/resources/messages';
import { GatewayError } from '../../../src/core/errors.js';
import { anthropicCodec } from '../../../src/server/client-codec.js';

/** Typed as the official SDK's params, so these bodies are ones a real client can send. */
function body(params: MessageCreateParams): MessageCreateParams {
  return params;
}

function refusal(input: unknown): GatewayError {
  try {
    anthropicCodec.parseRequest(input, 'req_1');
  } catch (error) {
    assert.ok(error instanceof GatewayError, 'a GatewayError');
    assert.equal(error.code, 'invalid_request');
    return error;
  }
  assert.fail('the request was accepted');
}

const minimal = { model: 'anthropic/claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] };

describe('Anthropic request parsing', () => {
  it('builds the unified request from a minimal body', () => {
    assert.deepEqual(anthropicCodec.parseRequest(minimal, 'req_1'), {
      model: 'anthropic/claude-sonnet-4-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      maxTokens: 256,
      stream: false,
      includeUsage: false,
      metadata: { requestId: 'req_1', clientFormat: 'anthropic' },
    });
  });

  it('maps sampling parameters, stop sequences, stream and metadata.user_id', () => {
    // Not typed as the SDK's params: its newest types leave out the sampling parameters, which
    // the Messages API still documents and older clients still send.
    const request = anthropicCodec.parseRequest(
      {
        ...minimal,
        temperature: 0.3,
        top_p: 0.8,
        top_k: 40,
        stop_sequences: ['###'],
        stream: true,
        metadata: { user_id: 'u-42' },
      },
      'r',
    );
    assert.equal(request.temperature, 0.3);
    assert.equal(request.topP, 0.8);
    assert.equal(request.topK, 40);
    assert.deepEqual(request.stop, ['###']);
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, false);
    assert.equal(request.user, 'u-42');
  });

  it('turns system text (with cache_control) into a leading system message', () => {
    const request = anthropicCodec.parseRequest(
      body({
        ...minimal,
        messages: [{ role: 'user', content: 'hi' }],
        system: [
          { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Answer in French.' },
        ],
      }),
      'r',
    );
    assert.deepEqual(request.messages[0], {
      role: 'system',
      content: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in French.' },
      ],
    });
    assert.equal(anthropicCodec.parseRequest({ ...minimal, system: 'Be kind.' }, 'r').messages[0]?.role, 'system');
  });

  it('keeps base64 and URL images', () => {
    const request = anthropicCodec.parseRequest(
      body({
        ...minimal,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
              { type: 'text', text: 'compare' },
            ],
          },
        ],
      }),
      'r',
    );
    assert.deepEqual(request.messages[0]?.content, [
      { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
      { type: 'text', text: 'compare' },
    ]);
  });

  it('splits tool results into tool messages before the rest of the user turn, and drops thinking', () => {
    const request = anthropicCodec.parseRequest(
      body({
        ...minimal,
        messages: [
          { role: 'user', content: 'weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'two calls', signature: 'sig' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: '21C' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'unknown city' }], is_error: true },
              { type: 'text', text: 'and tomorrow?' },
            ],
          },
        ],
        tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
      }),
      'r',
    );
    assert.deepEqual(request.messages.slice(1), [
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Checking.' }],
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'text', text: '21C' }], toolCallId: 'toolu_1' },
      { role: 'tool', content: [{ type: 'text', text: 'unknown city' }], toolCallId: 'toolu_2', isError: true },
      { role: 'user', content: [{ type: 'text', text: 'and tomorrow?' }] },
    ]);
    assert.deepEqual(request.tools, [
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ]);
    assert.deepEqual(request.toolChoice, { type: 'required' });
    assert.equal(request.parallelToolCalls, false);
  });

  it('does not add an empty user message after a turn of only tool results', () => {
    const request = anthropicCodec.parseRequest(
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1' }] }] },
      'r',
    );
    assert.deepEqual(request.messages, [{ role: 'tool', content: [], toolCallId: 't1' }]);
  });

  it('maps each tool_choice type', () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    const choice = (toolChoice: unknown): unknown => anthropicCodec.parseRequest({ ...minimal, tools, tool_choice: toolChoice }, 'r').toolChoice;
    assert.deepEqual(choice({ type: 'auto' }), { type: 'auto' });
    assert.deepEqual(choice({ type: 'none' }), { type: 'none' });
    assert.deepEqual(choice({ type: 'tool', name: 'f' }), { type: 'tool', name: 'f' });
  });
});

describe('Anthropic request refusals name their field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an unknown top-level field', { ...minimal, n: 1 }, 'n'],
    ['a missing max_tokens', { model: 'm', messages: minimal.messages }, 'max_tokens'],
    ['a zero max_tokens', { ...minimal, max_tokens: 0 }, 'max_tokens'],
    ['empty messages', { ...minimal, messages: [] }, 'messages'],
    ['a system role in messages', { ...minimal, messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role'],
    ['a document block', { ...minimal, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, 'messages[0].content[0].type'],
    ['an unknown field in a block', { ...minimal, messages: [{ role: 'user', content: [{ type: 'text', text: 'x', bold: true }] }] }, 'messages[0].content[0].bold'],
    ['an unsupported image type', { ...minimal, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'AA' } }] }] }, 'messages[0].content[0].source.media_type'],
    ['a tool_use block in a user turn', { ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, 'messages[0].content[0]'],
    ['a tool_result block in an assistant turn', { ...minimal, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'a' }] }] }, 'messages[0].content[0]'],
    ['temperature above 1', { ...minimal, temperature: 1.5 }, 'temperature'],
    ['a non-object input_schema', { ...minimal, tools: [{ name: 'f', input_schema: { type: 'string' } }] }, 'tools[0].input_schema.type'],
    ['a server tool', { ...minimal, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type'],
    ['a tool_choice naming no tool', { ...minimal, tool_choice: { type: 'tool', name: 'f' } }, 'tool_choice.name'],
    ['extended thinking', { ...minimal, thinking: { type: 'enabled', budget_tokens: 1024 } }, 'thinking.type'],
  ];
  for (const [name, input, param] of cases) {
    it(`refuses ${name}`, () => {
      const error = refusal(input);
      assert.equal(error.param, param);
      assert.match(error.message, new RegExp(param.replace(/[[\].]/g, '\\$&')));
    });
  }
});
