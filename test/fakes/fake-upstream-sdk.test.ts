/**
 * The official OpenAI and Anthropic SDKs accept what the fakes send, streaming and not, including
 * tool calls and the provider errors they type by status: proof that the fakes match the real wire.
 */
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeUpstream } from './start-fake-upstream.js';

const messages = [{ role: 'user' as const, content: 'hello world' }];

describe('official OpenAI SDK against the openai fake', () => {
  it('creates completions, streamed and whole, with tool calls, and types errors by status', async () => {
    const fake = await startFakeUpstream('openai', { requiredApiKey: 'sk-provider' });
    try {
      const client = new OpenAI({ baseURL: fake.baseUrl, apiKey: 'sk-provider', maxRetries: 0 });
      const whole = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      assert.equal(whole.choices[0]?.message.content, 'Echo: hello world');
      assert.equal(whole.usage?.total_tokens, 8);

      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let completionTokens = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
      }
      assert.equal(text, 'Echo: hello world');
      assert.equal(completionTokens, 5);

      fake.enqueue({ kind: 'reply', toolCalls: [{ name: 'lookup', arguments: '{"query":"weather in Paris"}' }] });
      const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }];
      const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages, tools });
      const final = await runner.finalChatCompletion();
      const call = final.choices[0]?.message.tool_calls?.[0];
      assert.equal(call?.type === 'function' ? call.function.arguments : undefined, '{"query":"weather in Paris"}');
      assert.equal(final.choices[0]?.finish_reason, 'tool_calls');

      fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
      await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages }), OpenAI.RateLimitError);
      fake.enqueue({ kind: 'in_band_error', afterEvents: 2 });
      await assert.rejects(async () => {
        for await (const _chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })) {
          // Draining the stream is what surfaces the in-band error.
        }
      }, OpenAI.APIError);
      const refused = new OpenAI({ baseURL: fake.baseUrl, apiKey: 'sk-client', maxRetries: 0 });
      await assert.rejects(refused.models.list(), OpenAI.AuthenticationError);
    } finally {
      await fake.close();
    }
  });
});

describe('official Anthropic SDK against the anthropic fake', () => {
  it('creates and streams messages, with thinking and tool use, and types errors by status', async () => {
    const fake = await startFakeUpstream('anthropic', { requiredApiKey: 'sk-ant-provider' });
    try {
      const client = new Anthropic({ baseURL: fake.baseUrl, apiKey: 'sk-ant-provider', maxRetries: 0 });
      const created = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages });
      assert.deepEqual(created.content, [{ type: 'text', text: 'Echo: hello world' }]);
      assert.equal(created.usage.output_tokens, 5);
      // This SDK sends its key as a Bearer token; the real API takes that or x-api-key.
      const sent = fake.chatRequests()[0]?.headers;
      assert.ok(sent?.['x-api-key'] === 'sk-ant-provider' || sent?.authorization === 'Bearer sk-ant-provider');
      assert.equal(typeof sent?.['anthropic-version'], 'string');

      const streamedText: string[] = [];
      const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages });
      stream.on('text', (delta) => streamedText.push(delta));
      const streamed = await stream.finalMessage();
      assert.equal(streamedText.join(''), 'Echo: hello world');
      assert.ok(streamedText.length > 1);
      assert.equal(streamed.stop_reason, 'end_turn');
      assert.equal(streamed.usage.output_tokens, 5);

      fake.enqueue({ kind: 'reply', reasoning: 'Paris is in France.', toolCalls: [{ name: 'lookup', arguments: '{"city":"Paris"}' }] });
      const tools = [{ name: 'lookup', input_schema: { type: 'object' as const } }];
      const toolMessage = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages, tools }).finalMessage();
      assert.deepEqual(
        toolMessage.content.map((block) => block.type),
        ['thinking', 'tool_use'],
      );
      const toolUse = toolMessage.content[1];
      assert.deepEqual(toolUse?.type === 'tool_use' ? toolUse.input : undefined, { city: 'Paris' });
      assert.equal(toolMessage.stop_reason, 'tool_use');

      fake.enqueue({ kind: 'status', status: 529 });
      await assert.rejects(client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages }), Anthropic.InternalServerError);
      fake.enqueue({ kind: 'in_band_error', afterEvents: 3 });
      await assert.rejects(
        client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages }).finalMessage(),
        (error: unknown) => error instanceof Anthropic.APIError && /overloaded_error/.test(error.message),
      );
      const refused = new Anthropic({ baseURL: fake.baseUrl, apiKey: 'sk-ant-client', maxRetries: 0 });
      await assert.rejects(refused.messages.create({ model: 'c', max_tokens: 8, messages }), Anthropic.AuthenticationError);
    } finally {
      await fake.close();
    }
  });
});
