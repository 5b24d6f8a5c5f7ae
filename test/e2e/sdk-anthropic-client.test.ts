/**
 * The official Anthropic SDK, unchanged, chats with each of the five providers through a listening
 * gateway: Messages whole and streamed (finalMessage), usage and stop_reason mapped, the key taken
 * from `Authorization: Bearer` (what the SDK sends) or `x-api-key`.
 */
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { DEFAULT_MODELS, startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { ALL_KINDS, anthropicClient, completionTokensOf, defaultModelId, echoOf, promptTokensOf, SECRET_HEADER, SECRET_VALUE } from './sdk-clients.js';
import { assertNoRequestLeaked, assertUpstreamHeaders, chatCount, lastChatRequest, onlyChatRequestSince, upstreamBody } from './sdk-upstream-checks.js';

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe('Anthropic SDK through the gateway', () => {
  let harness: GatewayHarness;
  let client: Anthropic;
  before(async () => {
    harness = await startGatewayHarness();
    client = anthropicClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  for (const kind of ALL_KINDS) {
    it(`gets a whole message from ${kind} with usage and stop_reason`, async () => {
      const prompt = `hello ${kind} from the anthropic sdk`;
      const before = chatCount(harness.fakes[kind]);
      const { data: message, response, request_id: requestId } = await client.messages
        .create({ model: defaultModelId(kind), max_tokens: 256, messages: [{ role: 'user', content: prompt }] })
        .withResponse();

      // The Anthropic SDK reads Anthropic's own `request-id` header; it must be the gateway's id.
      assert.equal(requestId, response.headers.get('x-request-id'));
      assert.match(requestId ?? '', /^req_/);

      assert.equal(message.type, 'message');
      assert.equal(message.role, 'assistant');
      assert.equal(textOf(message), echoOf(prompt));
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.usage.input_tokens, promptTokensOf(prompt));
      assert.equal(message.usage.output_tokens, completionTokensOf(echoOf(prompt)));
      assert.equal(response.headers.get('x-securellm-provider'), kind);
      assert.equal(response.headers.get('x-securellm-model'), defaultModelId(kind));

      const sent = onlyChatRequestSince(harness.fakes[kind], before);
      assertUpstreamHeaders(kind, sent, harness.key);
      assert.equal(upstreamBody(sent).model, DEFAULT_MODELS[kind]);
    });

    it(`streams a message from ${kind} in several text deltas; finalMessage has usage`, async () => {
      const prompt = `stream ${kind} to the anthropic sdk`;
      const before = chatCount(harness.fakes[kind]);
      const stream = client.messages.stream({ model: defaultModelId(kind), max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
      const deltas: string[] = [];
      const eventTypes = new Set<string>();
      for await (const event of stream) {
        eventTypes.add(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
      }
      const final = await stream.finalMessage();

      assert.equal(deltas.join(''), echoOf(prompt));
      assert.ok(deltas.length >= 3, `expected several text deltas, got ${deltas.length}`);
      for (const type of ['message_start', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop']) {
        assert.ok(eventTypes.has(type), `the stream had no ${type} event`);
      }
      assert.equal(textOf(final), echoOf(prompt));
      assert.equal(final.stop_reason, 'end_turn');
      assert.equal(final.usage.input_tokens, promptTokensOf(prompt));
      assert.equal(final.usage.output_tokens, completionTokensOf(echoOf(prompt)));

      const sent = onlyChatRequestSince(harness.fakes[kind], before);
      assertUpstreamHeaders(kind, sent, harness.key);
      assert.equal(upstreamBody(sent).stream, true);
    });
  }

  it('resolves a bare provider name to its configured default model', async () => {
    const { data: message, response } = await client.messages
      .create({ model: 'deepseek', max_tokens: 64, messages: [{ role: 'user', content: 'bare name' }] })
      .withResponse();
    assert.equal(textOf(message), echoOf('bare name'));
    assert.equal(response.headers.get('x-securellm-model'), 'deepseek/deepseek-chat');
    assert.equal(upstreamBody(lastChatRequest(harness.fakes.deepseek)).model, 'deepseek-chat');
  });

  it("maps OpenAI's length finish to stop_reason max_tokens", async () => {
    const message = await client.messages.create({ model: defaultModelId('openai'), max_tokens: 2, messages: [{ role: 'user', content: 'a long question' }] });
    assert.equal(message.stop_reason, 'max_tokens');
    assert.equal(textOf(message), 'Echo: a ');
    assert.equal(message.usage.output_tokens, 2);
  });

  it('accepts the key in x-api-key from the SDK, with no Authorization header', async () => {
    const viaHeader = new Anthropic({
      baseURL: harness.url,
      apiKey: null,
      authToken: null,
      maxRetries: 0,
      defaultHeaders: { 'x-api-key': harness.key, [SECRET_HEADER]: SECRET_VALUE },
    });
    const before = chatCount(harness.fakes.anthropic);
    const message = await viaHeader.messages.create({ model: 'anthropic', max_tokens: 64, messages: [{ role: 'user', content: 'by x-api-key' }] });
    assert.equal(textOf(message), echoOf('by x-api-key'));
    assertUpstreamHeaders('anthropic', onlyChatRequestSince(harness.fakes.anthropic, before), harness.key);
  });

  it('accepts the key in x-api-key from a raw HTTP request', async () => {
    const response = await request(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': harness.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ollama', max_tokens: 64, messages: [{ role: 'user', content: 'raw x-api-key' }] }),
    });
    const body = (await response.body.json()) as Anthropic.Message;
    assert.equal(response.statusCode, 200);
    assert.equal(textOf(body), echoOf('raw x-api-key'));
    assert.equal(typeof response.headers['x-request-id'], 'string');
  });

  it('never sent the gateway key or a client header to any upstream', () => {
    assertNoRequestLeaked(harness.fakes, [harness.key]);
  });
});
