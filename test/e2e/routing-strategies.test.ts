import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { openaiClient } from './sdk-clients.js';

/** Which target answered, as the gateway reports it. */
async function servedBy(client: OpenAI, model: string, prompt = 'which target?'): Promise<string | null> {
  const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }).withResponse();
  return response.headers.get('x-securellm-model');
}

describe('cost- and latency-aware model aliases', () => {
  let harness: GatewayHarness;
  let client: OpenAI;

  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'deepseek', 'anthropic'],
      // One try per target, so a failing target falls back at once.
      routing: { max_retries: 0 },
      models: {
        cheap: { targets: ['openai/gpt-4o', 'openai/gpt-4o-mini'], strategy: 'cheapest' },
        'cheap-priced': { targets: ['deepseek/deepseek-chat', 'anthropic/claude-haiku-4-5'], strategy: 'cheapest' },
        'cheap-fallback': { targets: ['anthropic/claude-sonnet-4-5', 'deepseek/deepseek-reasoner'], strategy: 'cheapest' },
        fast: { targets: ['openai/gpt-4.1-nano', 'deepseek/fast-model'], strategy: 'fastest' },
        written: { targets: ['openai/gpt-4o', 'openai/gpt-4o-mini'] },
      },
      // Cheaper than DeepSeek here, though not in the built-in table: the config's prices count.
      pricing: { 'anthropic/claude-haiku-4-5': { prompt: 0.01, completion: 0.01 } },
    });
    client = openaiClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('cheapest sends the request to the target that prices it lowest, whatever the written order', async () => {
    assert.equal(await servedBy(client, 'cheap'), 'openai/gpt-4o-mini');
    assert.equal(await servedBy(client, 'written'), 'openai/gpt-4o', 'an ordered alias keeps its order');
    assert.equal(await servedBy(client, 'cheap-priced'), 'anthropic/claude-haiku-4-5');
    const sent = harness.fakes.anthropic.chatRequests().at(-1)?.body as { model?: string } | undefined;
    assert.equal(sent?.model, 'claude-haiku-4-5');
  });

  it('cheapest still falls back, in price order, when the cheapest target fails', async () => {
    const deepseekBefore = harness.fakes.deepseek.chatRequests().length;
    harness.fakes.deepseek.enqueue({ kind: 'status', status: 503 });
    assert.equal(await servedBy(client, 'cheap-fallback'), 'anthropic/claude-sonnet-4-5');
    assert.equal(harness.fakes.deepseek.chatRequests().length - deepseekBefore, 1, 'the cheapest target was tried first');
    assert.equal(await servedBy(client, 'cheap-fallback'), 'deepseek/deepseek-reasoner', 'and is first again once it answers');
  });

  it('fastest measures each target, then prefers the one with the lower time to first byte, and still falls back', async () => {
    // The first target is slow to answer; neither has been observed yet.
    harness.fakes.openai.enqueue({ kind: 'stall_before_headers', ms: 200 });
    assert.equal(await servedBy(client, 'fast'), 'openai/gpt-4.1-nano', 'unobserved targets are tried in written order');
    assert.equal(await servedBy(client, 'fast'), 'deepseek/fast-model', 'the other unobserved target is measured next');
    for (let index = 0; index < 3; index += 1) assert.equal(await servedBy(client, 'fast'), 'deepseek/fast-model');
    const openaiBefore = harness.fakes.openai.chatRequests().length;
    harness.fakes.deepseek.enqueue({ kind: 'status', status: 503 });
    assert.equal(await servedBy(client, 'fast'), 'openai/gpt-4.1-nano', 'the slower target takes over when the faster fails');
    assert.equal(harness.fakes.openai.chatRequests().length - openaiBefore, 1);
  });
});
