import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { GatewayError } from '../../../src/core/errors.js';
import type { ChatChunk, ChatRequest } from '../../../src/core/types.js';
import { anthropicCodec, openaiCodec, type ClientCodec } from '../../../src/server/client-codec.js';

/**
 * The official SDKs as the judges: each test lets an SDK build a real request, runs it through
 * the codec's parser, answers with the codec's stream writer, and lets the SDK's own SSE parser
 * and stream accumulator read the bytes back. The SDKs reject events out of order, broken
 * framing and unknown shapes, so passing here means real clients can read these streams.
 */
interface Exchange {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The unified request the codec built from what the SDK sent. */
  parsed: () => ChatRequest;
}

function exchange(codec: ClientCodec, chunks: ChatChunk[], failure?: GatewayError): Exchange {
  let parsed: ChatRequest | undefined;
  return {
    parsed: () => parsed ?? assert.fail('the SDK sent no request'),
    fetch: async (_input, init) => {
      assert.equal(typeof init?.body, 'string', 'the SDK sends a JSON string body');
      parsed = codec.parseRequest(JSON.parse(init?.body as string), 'req_sdk');
      const writer = codec.createStreamWriter(parsed, parsed.model);
      let bytes = chunks.map((chunk) => writer.write(chunk)).join('');
      bytes += failure === undefined ? writer.end() : writer.fail(failure);
      return new Response(bytes, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    },
  };
}

const toolChunks: ChatChunk[] = [
  { type: 'start', id: 'upstream-1', model: 'upstream-model' },
  { type: 'text', text: 'Let me check: ünïcödé 🌍\nline two' },
  { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' },
  { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
  { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
  { type: 'finish', reason: 'tool_calls' },
  { type: 'usage', usage: { promptTokens: 20, completionTokens: 9 } },
];

describe('the official OpenAI SDK reads the OpenAI stream', () => {
  it('accumulates text, a tool call, the finish reason and usage', async () => {
    const fake = exchange(openaiCodec, toolChunks);
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://gateway.test/v1', fetch: fake.fetch, maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    assert.equal(fake.parsed().includeUsage, true);
    assert.equal(completion.id, 'chatcmpl-req_sdk');
    const choice = completion.choices[0] ?? assert.fail('no choice');
    assert.equal(choice.message.content, 'Let me check: ünïcödé 🌍\nline two');
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.deepEqual(
      choice.message.tool_calls?.map((call) => (call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : [])),
      [['call_1', 'get_weather', '{"city":"Paris"}']],
    );
    assert.deepEqual(completion.usage, { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  });

  it('throws the in-stream error as an APIError carrying its message', async () => {
    const fake = exchange(openaiCodec, toolChunks.slice(0, 2), new GatewayError('upstream_timeout', 'the upstream went quiet'));
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://gateway.test/v1', fetch: fake.fetch, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const received: string[] = [];
    await assert.rejects(
      async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      },
      (error: unknown) => error instanceof OpenAI.APIError && error.message.includes('the upstream went quiet'),
    );
    assert.ok(received.join('').startsWith('Let me check'), 'chunks before the failure arrived');
  });
});

describe('the official Anthropic SDK reads the Anthropic stream', () => {
  it('accumulates text and tool_use blocks, the stop reason and usage', async () => {
    const fake = exchange(anthropicCodec, toolChunks);
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: 'http://gateway.test', fetch: fake.fetch, maxRetries: 0 });
    const message = await client.messages
      .stream({
        model: 'anthropic/claude-sonnet-4-5',
        max_tokens: 512,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      })
      .finalMessage();
    assert.equal(fake.parsed().messages[0]?.role, 'system');
    assert.equal(message.id, 'msg_req_sdk');
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(
      message.content.map((block) => (block.type === 'text' ? block.text : block.type === 'tool_use' ? [block.id, block.name, block.input] : block.type)),
      ['Let me check: ünïcödé 🌍\nline two', ['call_1', 'get_weather', { city: 'Paris' }]],
    );
    assert.equal(message.usage.input_tokens, 20);
    assert.equal(message.usage.output_tokens, 9);
  });

  it('throws the error event as an APIError of the right type', async () => {
    const fake = exchange(anthropicCodec, toolChunks.slice(0, 2), new GatewayError('upstream_overloaded', 'all targets busy'));
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: 'http://gateway.test', fetch: fake.fetch, maxRetries: 0 });
    const stream = client.messages.stream({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    await assert.rejects(
      stream.finalMessage(),
      (error: unknown) => error instanceof Anthropic.APIError && error.type === 'overloaded_error' && error.message.includes('all targets busy'),
    );
  });
});

/** A refusal answered the way the server will: the codec's error body with the error's status. */
function refusingFetch(codec: ClientCodec): Exchange['fetch'] {
  return async (_input, init) => {
    try {
      codec.parseRequest(JSON.parse(init?.body as string), 'req_sdk');
    } catch (error) {
      assert.ok(error instanceof GatewayError);
      return new Response(JSON.stringify(codec.serializeError(error)), { status: error.status, headers: { 'content-type': 'application/json' } });
    }
    return assert.fail('the request was accepted');
  };
}

describe('the official SDKs read the error bodies', () => {
  it('OpenAI: a BadRequestError with the param and the stable code', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://gateway.test/v1', fetch: refusingFetch(openaiCodec), maxRetries: 0 });
    await assert.rejects(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], n: 2 }),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError && error.param === 'n' && error.code === 'invalid_request' && error.type === 'invalid_request_error',
    );
  });

  it('Anthropic: a BadRequestError of type invalid_request_error naming the field', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: 'http://gateway.test', fetch: refusingFetch(anthropicCodec), maxRetries: 0 });
    await assert.rejects(
      client.messages.create({ model: 'm', max_tokens: 0, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError && error.type === 'invalid_request_error' && error.message.includes('max_tokens'),
    );
  });
});
