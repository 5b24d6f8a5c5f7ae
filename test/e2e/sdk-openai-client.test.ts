/**
 * The official OpenAI SDK, unchanged, chats with each of the five providers through a listening
 * gateway: the fake's echo comes back whole and streamed, with its usage and finish reason, and
 * the upstream sees only the provider's own key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type OpenAI from 'openai';
import { DEFAULT_MODELS, startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { ALL_KINDS, completionTokensOf, defaultModelId, echoOf, openaiClient, promptTokensOf } from './sdk-clients.js';
import { assertNoRequestLeaked, assertUpstreamHeaders, chatCount, lastChatRequest, onlyChatRequestSince, upstreamBody } from './sdk-upstream-checks.js';

describe('OpenAI SDK through the gateway', () => {
  let harness: GatewayHarness;
  let client: OpenAI;
  before(async () => {
    harness = await startGatewayHarness();
    client = openaiClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  for (const kind of ALL_KINDS) {
    it(`gets a whole answer from ${kind} with usage and finish_reason`, async () => {
      const prompt = `hello ${kind} from the openai sdk`;
      const before = chatCount(harness.fakes[kind]);
      const { data: answer, response } = await client.chat.completions
        .create({ model: defaultModelId(kind), messages: [{ role: 'user', content: prompt }] })
        .withResponse();

      assert.equal(answer.choices[0]?.message.content, echoOf(prompt));
      assert.equal(answer.choices[0]?.finish_reason, 'stop');
      const promptTokens = promptTokensOf(prompt);
      const completionTokens = completionTokensOf(echoOf(prompt));
      assert.deepEqual(
        { prompt: answer.usage?.prompt_tokens, completion: answer.usage?.completion_tokens, total: answer.usage?.total_tokens },
        { prompt: promptTokens, completion: completionTokens, total: promptTokens + completionTokens },
      );
      assert.equal(response.headers.get('x-securellm-provider'), kind);
      assert.equal(response.headers.get('x-securellm-model'), defaultModelId(kind));

      const sent = onlyChatRequestSince(harness.fakes[kind], before);
      assertUpstreamHeaders(kind, sent, harness.key);
      assert.equal(upstreamBody(sent).model, DEFAULT_MODELS[kind]);
    });

    it(`streams an answer from ${kind} in several deltas, with the usage chunk`, async () => {
      const prompt = `stream ${kind} to the openai sdk`;
      const before = chatCount(harness.fakes[kind]);
      const stream = await client.chat.completions.create({
        model: defaultModelId(kind),
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const deltas: string[] = [];
      const finishReasons: string[] = [];
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta.content) deltas.push(choice.delta.content);
        if (choice?.finish_reason) finishReasons.push(choice.finish_reason);
        if (chunk.usage) usage = chunk.usage;
        assert.equal(chunk.model, defaultModelId(kind));
      }

      assert.equal(deltas.join(''), echoOf(prompt));
      assert.ok(deltas.length >= 3, `expected several content deltas, got ${deltas.length}`);
      assert.deepEqual(finishReasons, ['stop']);
      const promptTokens = promptTokensOf(prompt);
      const completionTokens = completionTokensOf(echoOf(prompt));
      assert.equal(usage?.prompt_tokens, promptTokens);
      assert.equal(usage?.completion_tokens, completionTokens);
      assert.equal(usage?.total_tokens, promptTokens + completionTokens);

      const sent = onlyChatRequestSince(harness.fakes[kind], before);
      assertUpstreamHeaders(kind, sent, harness.key);
      assert.equal(upstreamBody(sent).stream, true);
    });
  }

  it('resolves a bare provider name to its configured default model', async () => {
    const before = chatCount(harness.fakes.deepseek);
    const { data: answer, response } = await client.chat.completions
      .create({ model: 'deepseek', messages: [{ role: 'user', content: 'which model?' }] })
      .withResponse();
    assert.equal(answer.choices[0]?.message.content, echoOf('which model?'));
    assert.equal(answer.model, 'deepseek/deepseek-chat');
    assert.equal(response.headers.get('x-securellm-model'), 'deepseek/deepseek-chat');
    assert.equal(upstreamBody(onlyChatRequestSince(harness.fakes.deepseek, before)).model, 'deepseek-chat');
  });

  it('streams from a bare provider name too', async () => {
    const stream = await client.chat.completions.create({ model: 'deepseek', messages: [{ role: 'user', content: 'bare stream' }], stream: true });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(chunk.usage ?? undefined, undefined, 'no usage without stream_options.include_usage');
    }
    assert.equal(text, echoOf('bare stream'));
    assert.equal(upstreamBody(lastChatRequest(harness.fakes.deepseek)).model, 'deepseek-chat');
  });

  it("maps Anthropic's max_tokens stop to finish_reason length", async () => {
    const answer = await client.chat.completions.create({
      model: defaultModelId('anthropic'),
      max_tokens: 2,
      messages: [{ role: 'user', content: 'a long question' }],
    });
    assert.equal(answer.choices[0]?.finish_reason, 'length');
    assert.equal(answer.choices[0]?.message.content, 'Echo: a ');
    assert.equal(answer.usage?.completion_tokens, 2);
    assert.equal(upstreamBody(lastChatRequest(harness.fakes.anthropic)).max_tokens, 2);
  });

  it('never sent the gateway key or a client header to any upstream', () => {
    assertNoRequestLeaked(harness.fakes, [harness.key]);
  });
});
