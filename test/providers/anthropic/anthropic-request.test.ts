import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../../src/config/schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { Message } from '../../../src/core/types.js';
import { buildAnthropicRequest, mapAnthropicToolChoice } from '../../../src/providers/anthropic/anthropic-request.js';
import { chatRequest } from './loopback-upstream.js';

const text = (value: string) => ({ type: 'text' as const, text: value });

function providerConfig(section: Record<string, unknown> = {}) {
  const config = configSchema.parse({ providers: { anthropic: { api_key: 'sk-ant-test', ...section } } });
  const anthropic = config.providers.anthropic;
  assert.ok(anthropic);
  return anthropic;
}

function build(messages: Message[], overrides: Parameters<typeof chatRequest>[0] = {}, section: Record<string, unknown> = {}) {
  return buildAnthropicRequest(chatRequest({ messages, ...overrides }), 'claude-test', providerConfig(section), 'anthropic');
}

function isBadRequest(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === 'bad_request';
}

describe('buildAnthropicRequest', () => {
  it('lifts system messages, merges same-role turns and maps tool calls and results both ways', () => {
    const body = build([
      { role: 'system', content: [text('Be brief.')] },
      { role: 'user', content: [text('Weather in Paris?')] },
      { role: 'user', content: [text('And Rome?')] },
      { role: 'system', content: [text('Use Celsius.')] },
      {
        role: 'assistant',
        content: [text('Checking.')],
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_1', content: [text('18°C')] },
      { role: 'tool', toolCallId: 'toolu_2', isError: true, content: [text('station offline')] },
      { role: 'user', content: [text('Thanks')] },
    ]);
    assert.equal(body.system, 'Be brief.\n\nUse Celsius.');
    assert.deepEqual(body.messages, [
      { role: 'user', content: [text('Weather in Paris?'), text('And Rome?')] },
      {
        role: 'assistant',
        content: [
          text('Checking.'),
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'station offline', is_error: true },
          text('Thanks'),
        ],
      },
    ]);
  });

  it('refuses tool call arguments that are not a JSON object', () => {
    const call = (argumentsText: string): Message[] => [
      { role: 'user', content: [text('go')] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_1', name: 'f', arguments: argumentsText }] },
    ];
    assert.throws(() => build(call('{"city": ')), isBadRequest);
    assert.throws(() => build(call('[1]')), isBadRequest);
    assert.deepEqual(build(call('')).messages[1]?.content, [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }]);
  });

  it('sends images as base64 sources (data: URLs decoded) or URL sources', () => {
    const body = build([
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          { type: 'image', source: { kind: 'url', url: 'data:image/gif,GIF89a%01' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
          text('What is this?'),
        ],
      },
    ]);
    assert.deepEqual(body.messages[0]?.content, [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: Buffer.from('GIF89a\x01', 'latin1').toString('base64') } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      text('What is this?'),
    ]);
    const image = (url: string): Message[] => [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url } }] }];
    assert.throws(() => build(image('ftp://example.com/cat.png')), isBadRequest);
    assert.throws(() => build(image('data:image/png;base64')), isBadRequest);
  });

  it('always supplies max_tokens: the client value, else the config default, else 4096', () => {
    const messages: Message[] = [{ role: 'user', content: [text('hi')] }];
    assert.equal(build(messages, { maxTokens: 100 }, { default_max_tokens: 2000 }).max_tokens, 100);
    assert.equal(build(messages, {}, { default_max_tokens: 2000 }).max_tokens, 2000);
    assert.equal(build(messages).max_tokens, 4096);
  });

  it('maps sampling, stop, tools, tool choice and user', () => {
    const body = build([{ role: 'user', content: [text('hi')] }], {
      stream: false,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      user: 'user-42',
      tools: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: {} } }],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
    });
    assert.equal(body.stream, false);
    assert.equal(body.temperature, 0.2);
    assert.equal(body.top_p, 0.9);
    assert.equal(body.top_k, 40);
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.deepEqual(body.metadata, { user_id: 'user-42' });
    assert.deepEqual(body.tools, [{ name: 'get_weather', description: 'Weather now', input_schema: { type: 'object', properties: {} } }]);
    assert.deepEqual(body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
  });

  it('maps each tool choice', () => {
    assert.deepEqual(mapAnthropicToolChoice({ type: 'auto' }, undefined, true), { type: 'auto' });
    assert.deepEqual(mapAnthropicToolChoice({ type: 'required' }, undefined, true), { type: 'any' });
    assert.deepEqual(mapAnthropicToolChoice({ type: 'tool', name: 'f' }, undefined, true), { type: 'tool', name: 'f' });
    assert.deepEqual(mapAnthropicToolChoice({ type: 'none' }, false, true), { type: 'none' });
    assert.deepEqual(mapAnthropicToolChoice(undefined, false, true), { type: 'auto', disable_parallel_tool_use: true });
    assert.equal(mapAnthropicToolChoice(undefined, false, false), undefined);
    assert.equal(mapAnthropicToolChoice(undefined, undefined, true), undefined);
  });
});
