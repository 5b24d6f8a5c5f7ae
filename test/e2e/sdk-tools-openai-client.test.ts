/**
 * An OpenAI SDK client offers tools; Anthropic and Ollama upstreams call them. The client gets
 * OpenAI `tool_calls` (name, JSON arguments, finish_reason `tool_calls`), and its tool result
 * reaches the upstream in that provider's own shape, tied to the right call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { openaiClient } from './sdk-clients.js';
import { assertUpstreamHeaders, chatCount, contentText, onlyChatRequestSince, recordsIn, upstreamBody } from './sdk-upstream-checks.js';

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];
const QUESTION: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Paris?' };
const CALL = { name: 'get_weather', arguments: '{"city":"Paris"}' };

/** The one function tool call of an answer, checked to be the scripted one. */
function onlyFunctionCall(answer: OpenAI.ChatCompletion): OpenAI.ChatCompletionMessageFunctionToolCall {
  const calls = answer.choices[0]?.message.tool_calls ?? [];
  assert.equal(calls.length, 1);
  const call = calls[0];
  assert.ok(call?.type === 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
  assert.equal(typeof call.id, 'string');
  assert.notEqual(call.id, '');
  return call;
}

/** The conversation after the call: the assistant's tool call and the tool's answer to it. */
function withToolResult(call: OpenAI.ChatCompletionMessageFunctionToolCall): OpenAI.ChatCompletionMessageParam[] {
  return [
    QUESTION,
    { role: 'assistant', content: null, tool_calls: [call] },
    { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 °C' },
  ];
}

describe('OpenAI SDK tool calls answered by other providers', () => {
  let harness: GatewayHarness;
  let client: OpenAI;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['anthropic', 'ollama'] });
    client = openaiClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('gets tool_calls from Anthropic and sends the tool result back as a tool_result block', async () => {
    harness.fakes.anthropic.enqueue({ kind: 'reply', toolCalls: [CALL] });
    const before = chatCount(harness.fakes.anthropic);
    const answer = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [QUESTION], tools: TOOLS });
    assert.equal(answer.choices[0]?.finish_reason, 'tool_calls');
    const call = onlyFunctionCall(answer);

    const offered = upstreamBody(onlyChatRequestSince(harness.fakes.anthropic, before));
    assert.deepEqual(offered.tools, [
      { name: 'get_weather', description: 'Current weather in a city', input_schema: TOOLS[0]?.type === 'function' ? TOOLS[0].function.parameters : undefined },
    ]);

    const next = chatCount(harness.fakes.anthropic);
    const final = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: withToolResult(call), tools: TOOLS });
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    const sent = onlyChatRequestSince(harness.fakes.anthropic, next);
    assertUpstreamHeaders('anthropic', sent, harness.key);
    const messages = recordsIn(upstreamBody(sent).messages, 'messages');
    assert.equal(messages.length, 3);
    const [, assistant, toolTurn] = messages;
    assert.equal(assistant?.role, 'assistant');
    const toolUse = recordsIn(assistant?.content, 'assistant content').find((block) => block.type === 'tool_use');
    assert.deepEqual(toolUse, { type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Paris' } });
    assert.equal(toolTurn?.role, 'user');
    const result = recordsIn(toolTurn?.content, 'tool turn content').find((block) => block.type === 'tool_result');
    assert.ok(result !== undefined, 'the Anthropic upstream got a tool_result block');
    assert.equal(result.tool_use_id, call.id);
    assert.equal(contentText(result.content), 'Sunny, 21 °C');
  });

  it('streams tool_calls from Anthropic as OpenAI tool call deltas', async () => {
    harness.fakes.anthropic.enqueue({ kind: 'reply', toolCalls: [CALL] });
    const runner = client.chat.completions.stream({ model: 'anthropic/claude-sonnet-4-5', messages: [QUESTION], tools: TOOLS });
    let argumentDeltas = 0;
    runner.on('chunk', (chunk) => {
      if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) argumentDeltas += 1;
    });
    const final = await runner.finalChatCompletion();
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    onlyFunctionCall(final);
    assert.ok(argumentDeltas >= 2, `expected the arguments in several deltas, got ${argumentDeltas}`);
  });

  it('gets tool_calls from Ollama with finish_reason tool_calls and sends the result back as a tool turn', async () => {
    harness.fakes.ollama.enqueue({ kind: 'reply', toolCalls: [CALL] });
    const before = chatCount(harness.fakes.ollama);
    const answer = await client.chat.completions.create({ model: 'ollama/llama3.2', messages: [QUESTION], tools: TOOLS });
    assert.equal(answer.choices[0]?.finish_reason, 'tool_calls');
    const call = onlyFunctionCall(answer);
    const offered = upstreamBody(onlyChatRequestSince(harness.fakes.ollama, before));
    assert.ok(Array.isArray(offered.tools) && offered.tools.length === 1);

    const next = chatCount(harness.fakes.ollama);
    const final = await client.chat.completions.create({ model: 'ollama/llama3.2', messages: withToolResult(call), tools: TOOLS });
    assert.equal(final.choices[0]?.finish_reason, 'stop');
    const sent = onlyChatRequestSince(harness.fakes.ollama, next);
    assertUpstreamHeaders('ollama', sent, harness.key);
    const messages = recordsIn(upstreamBody(sent).messages, 'messages');
    assert.equal(messages.length, 3);
    const [, assistant, toolTurn] = messages;
    assert.ok(assistant !== undefined && toolTurn !== undefined);
    assert.deepEqual(assistant.tool_calls, [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }]);
    assert.equal(toolTurn.role, 'tool');
    assert.equal(toolTurn.content, 'Sunny, 21 °C');
    assert.equal(toolTurn.tool_name, 'get_weather');
  });

  it('streams tool_calls from Ollama (sent whole upstream) with finish_reason tool_calls', async () => {
    harness.fakes.ollama.enqueue({ kind: 'reply', toolCalls: [CALL] });
    const final = await client.chat.completions.stream({ model: 'ollama/llama3.2', messages: [QUESTION], tools: TOOLS }).finalChatCompletion();
    assert.equal(final.choices[0]?.finish_reason, 'tool_calls');
    onlyFunctionCall(final);
  });
});
