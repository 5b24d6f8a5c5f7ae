import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderConfig } from '../../../src/config/schema.js';
import { buildAnthropicRequest } from '../../../src/providers/anthropic/anthropic-request.js';
import { toOpenAIRequest } from '../../../src/providers/openai-compatible/to-openai-request.js';
import { anthropicCodec, openaiCodec } from '../../../src/server/client-codec.js';

/**
 * The contract between the front doors and the provider adapters: a request that comes in as
 * OpenAI, goes out to an Anthropic upstream, is read back by the Anthropic front door, goes out to
 * an OpenAI upstream and is read back by the OpenAI front door, arrives unchanged. Each adapter's
 * wire body is thereby also checked against the strict client schema of its own format.
 */
const anthropicConfig: Readonly<ProviderConfig> = { enabled: true, allow_private_network: false };

const openaiBody = {
  model: 'smart',
  max_tokens: 300,
  temperature: 0.2,
  stop: ['END'],
  messages: [
    { role: 'system', content: 'You are a weather bot.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Where is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://example.com/street.jpg' } },
      ],
    },
    {
      role: 'assistant',
      content: 'Paris. Checking.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '21C' },
    { role: 'user', content: 'Tomorrow?' },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  tool_choice: 'required',
  parallel_tool_calls: false,
};

describe('round trip through the provider adapters', () => {
  it('keeps messages, images, tool calls, tools and settings from OpenAI to Anthropic and back', () => {
    const fromOpenAI = openaiCodec.parseRequest(openaiBody, 'req_rt');
    const anthropicWire: unknown = JSON.parse(JSON.stringify(buildAnthropicRequest(fromOpenAI, 'claude-sonnet-4-5', anthropicConfig, 'anthropic')));
    const fromAnthropic = anthropicCodec.parseRequest({ ...(anthropicWire as object), model: 'smart' }, 'req_rt');
    const openaiWire: unknown = JSON.parse(JSON.stringify(toOpenAIRequest(fromAnthropic, { model: 'gpt-4o', kind: 'openai' })));
    const back = openaiCodec.parseRequest({ ...(openaiWire as object), model: 'smart' }, 'req_rt');

    for (const request of [fromAnthropic, back]) {
      assert.deepEqual(request.messages, fromOpenAI.messages);
      assert.deepEqual(request.tools, fromOpenAI.tools);
      assert.deepEqual(request.toolChoice, fromOpenAI.toolChoice);
      assert.equal(request.parallelToolCalls, false);
      assert.equal(request.maxTokens, 300);
      assert.equal(request.temperature, 0.2);
      assert.deepEqual(request.stop, ['END']);
    }
  });
});
