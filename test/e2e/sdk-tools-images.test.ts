/**
 * An Anthropic SDK client offers tools to an OpenAI upstream and gets `tool_use` blocks back, whole
 * and streamed; images cross formats both ways (OpenAI data: URL ⇄ Anthropic base64 block).
 */
import type Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, echoOf, openaiClient } from './sdk-clients.js';
import { chatCount, isRecord, onlyChatRequestSince, recordsIn, upstreamBody } from './sdk-upstream-checks.js';

/** A 1×1 transparent PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const WEATHER_SCHEMA = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] };
const TOOLS: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Current weather in a city', input_schema: WEATHER_SCHEMA }];
const QUESTION: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };
const CALL = { name: 'get_weather', arguments: '{"city":"Paris"}' };

function onlyToolUse(message: Anthropic.Message): Anthropic.ToolUseBlock {
  const uses = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
  assert.equal(uses.length, 1);
  const use = uses[0] as Anthropic.ToolUseBlock;
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { city: 'Paris' });
  assert.notEqual(use.id, '');
  return use;
}

describe('Anthropic SDK tool use and images across formats', () => {
  let harness: GatewayHarness;
  let anthropic: Anthropic;
  let openai: OpenAI;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
    anthropic = anthropicClient(harness.url, { apiKey: harness.key });
    openai = openaiClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('gets a tool_use block with parsed input and stop_reason tool_use from an OpenAI upstream', async () => {
    harness.fakes.openai.enqueue({ kind: 'reply', toolCalls: [CALL] });
    const before = chatCount(harness.fakes.openai);
    const message = await anthropic.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 200, messages: [QUESTION], tools: TOOLS });
    assert.equal(message.stop_reason, 'tool_use');
    const use = onlyToolUse(message);

    const offered = upstreamBody(onlyChatRequestSince(harness.fakes.openai, before));
    assert.deepEqual(offered.tools, [
      { type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: WEATHER_SCHEMA } },
    ]);

    // The tool result goes back and reaches OpenAI as a tool message tied to the call.
    const next = chatCount(harness.fakes.openai);
    const final = await anthropic.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 200,
      tools: TOOLS,
      messages: [
        QUESTION,
        { role: 'assistant', content: [use] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 21 °C' }] },
      ],
    });
    assert.equal(final.stop_reason, 'end_turn');
    const messages = recordsIn(upstreamBody(onlyChatRequestSince(harness.fakes.openai, next)).messages, 'messages');
    const assistant = messages.find((entry) => entry.role === 'assistant');
    assert.ok(assistant !== undefined && Array.isArray(assistant.tool_calls));
    const [sentCall] = assistant.tool_calls as unknown[];
    assert.ok(isRecord(sentCall) && isRecord(sentCall.function));
    assert.equal(sentCall.id, use.id);
    assert.deepEqual(JSON.parse(String(sentCall.function.arguments)), { city: 'Paris' });
    const toolTurn = messages.find((entry) => entry.role === 'tool');
    assert.ok(toolTurn !== undefined, 'the OpenAI upstream got a tool message');
    assert.equal(toolTurn.tool_call_id, use.id);
    assert.match(JSON.stringify(toolTurn.content), /Sunny, 21 °C/);
  });

  it('streams tool_use from an OpenAI upstream as input_json_delta events; finalMessage parses the input', async () => {
    harness.fakes.openai.enqueue({ kind: 'reply', toolCalls: [CALL] });
    const stream = anthropic.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 200, messages: [QUESTION], tools: TOOLS });
    let jsonDeltas = 0;
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') jsonDeltas += 1;
    });
    const final = await stream.finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    onlyToolUse(final);
    assert.ok(jsonDeltas >= 2, `expected the input in several deltas, got ${jsonDeltas}`);
  });

  it('carries an OpenAI image_url data: URL to Anthropic as a base64 image block', async () => {
    const before = chatCount(harness.fakes.anthropic);
    const answer = await openai.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
          ],
        },
      ],
    });
    assert.equal(answer.choices[0]?.message.content, echoOf('what is this?'));
    const [user] = recordsIn(upstreamBody(onlyChatRequestSince(harness.fakes.anthropic, before)).messages, 'messages');
    const image = recordsIn(user?.content, 'user content').find((block) => block.type === 'image');
    assert.deepEqual(image, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } });
  });

  it('carries an Anthropic base64 image block to OpenAI as an image_url data: URL', async () => {
    const before = chatCount(harness.fakes.openai);
    const message = await anthropic.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
            { type: 'text', text: 'describe it' },
          ],
        },
      ],
    });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : undefined, echoOf('describe it'));
    const [user] = recordsIn(upstreamBody(onlyChatRequestSince(harness.fakes.openai, before)).messages, 'messages');
    const image = recordsIn(user?.content, 'user content').find((part) => part.type === 'image_url');
    assert.ok(isRecord(image) && isRecord(image.image_url), 'the OpenAI upstream got an image_url part');
    assert.equal(image.image_url.url, `data:image/png;base64,${PNG_BASE64}`);
  });
});
