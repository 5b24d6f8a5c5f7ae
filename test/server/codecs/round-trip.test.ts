import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatChunk, ChatResponse } from '../../../src/core/types.js';
import { anthropicCodec, openaiCodec } from '../../../src/server/client-codec.js';
import { frameJson, parseFrames, unifiedRequest, writeAll } from './codec-test-kit.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const CITY_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** One conversation with a system prompt, images, a tool call and its result, in OpenAI's words. */
const openaiBody = {
  model: 'smart',
  max_tokens: 300,
  messages: [
    { role: 'system', content: 'You are a weather bot.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Where is this, and what is the weather?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'image_url', image_url: { url: 'https://example.com/street.jpg' } },
      ],
    },
    {
      role: 'assistant',
      content: 'Paris. Checking the weather.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '21C and sunny' },
    { role: 'user', content: 'Thanks! Tomorrow?' },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: CITY_SCHEMA } }],
  tool_choice: 'auto',
};

/** The same conversation in Anthropic's words. */
const anthropicBody = {
  model: 'smart',
  max_tokens: 300,
  system: 'You are a weather bot.',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Where is this, and what is the weather?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/street.jpg' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Paris. Checking the weather.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: '21C and sunny' },
        { type: 'text', text: 'Thanks! Tomorrow?' },
      ],
    },
  ],
  tools: [{ name: 'get_weather', description: 'Current weather', input_schema: CITY_SCHEMA }],
  tool_choice: { type: 'auto' },
};

describe('the same conversation through either front door', () => {
  const fromOpenAI = openaiCodec.parseRequest(openaiBody, 'req_rt');
  const fromAnthropic = anthropicCodec.parseRequest(anthropicBody, 'req_rt');

  it('gives the same unified messages, tools and tool choice', () => {
    assert.deepEqual(fromOpenAI.messages, fromAnthropic.messages);
    assert.deepEqual(fromOpenAI.tools, fromAnthropic.tools);
    assert.deepEqual(fromOpenAI.toolChoice, fromAnthropic.toolChoice);
    assert.equal(fromOpenAI.maxTokens, fromAnthropic.maxTokens);
  });

  it("has an OpenAI data URL in the shape an Anthropic upstream needs: media type apart from the bytes", () => {
    assert.deepEqual(fromOpenAI.messages[1]?.content[1], { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG } });
  });

  it('has Anthropic tool_use input as the JSON-text arguments an OpenAI upstream needs, answered right after the call', () => {
    const assistant = fromAnthropic.messages[2];
    assert.equal(assistant?.toolCalls?.[0]?.arguments, '{"city":"Paris"}');
    assert.deepEqual(fromAnthropic.messages[3], { role: 'tool', content: [{ type: 'text', text: '21C and sunny' }], toolCallId: 'call_1' });
    assert.equal(fromAnthropic.messages[4]?.role, 'user');
  });
});

describe('the same answer out of either front door', () => {
  const answer: ChatResponse = {
    id: 'upstream-1',
    model: 'openai/gpt-4o',
    text: 'Checking.',
    toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Rome"}' }],
    finishReason: 'tool_calls',
    usage: { promptTokens: 30, completionTokens: 8 },
  };

  it('carries the same tool call whole and streamed, in both formats', () => {
    const openai = openaiCodec.serializeResponse(answer, unifiedRequest()) as {
      choices: Array<{ message: { tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> } }>;
    };
    const anthropic = anthropicCodec.serializeResponse(answer, unifiedRequest()) as { content: Array<Record<string, unknown>> };
    const openaiCall = openai.choices[0]?.message.tool_calls[0];
    const anthropicCall = anthropic.content[1];
    assert.equal(openaiCall?.id, anthropicCall?.['id']);
    assert.equal(openaiCall?.function.name, anthropicCall?.['name']);
    assert.deepEqual(JSON.parse(openaiCall?.function.arguments ?? ''), anthropicCall?.['input']);

    const chunks: ChatChunk[] = [
      { type: 'start', id: answer.id, model: answer.model },
      { type: 'text', text: answer.text },
      { type: 'tool_call_start', index: 0, id: 'call_9', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":"Rome"}' },
      { type: 'finish', reason: 'tool_calls' },
    ];
    const openaiArguments = parseFrames(writeAll(openaiCodec.createStreamWriter(unifiedRequest(), 'm'), chunks))
      .filter((frame) => frame.data !== '[DONE]')
      .map(frameJson)
      .flatMap((chunk) => (chunk['choices'] as Array<{ delta: { tool_calls?: Array<{ function: { arguments: string } }> } }>))
      .flatMap((choice) => choice.delta.tool_calls ?? [])
      .map((call) => call.function.arguments)
      .join('');
    const anthropicArguments = parseFrames(writeAll(anthropicCodec.createStreamWriter(unifiedRequest(), 'm'), chunks))
      .map(frameJson)
      .flatMap((event) => {
        const delta = event['delta'] as { type?: string; partial_json?: string } | undefined;
        return delta?.type === 'input_json_delta' ? [delta.partial_json ?? ''] : [];
      })
      .join('');
    assert.equal(openaiArguments, '{"city":"Rome"}');
    assert.equal(anthropicArguments, openaiArguments);
  });
});
