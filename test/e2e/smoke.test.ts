import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startGatewayHarness, upstreamKey, type GatewayHarness } from './gateway-harness.js';

describe('gateway smoke', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
  });
  after(() => harness.close());

  it('answers an OpenAI SDK request through the openai provider', async () => {
    const client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.key, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello world' }] });
    assert.equal(answer.choices[0]?.message.content, 'Echo: hello world');
    const sent = harness.fakes.openai.chatRequests()[0];
    assert.equal(sent?.headers.authorization, `Bearer ${upstreamKey('openai')}`);
  });

  it('reports settings the chosen provider cannot take instead of dropping them silently', async () => {
    const client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.key, maxRetries: 0 });
    const { response } = await client.chat.completions
      .create({ model: 'anthropic/claude-sonnet-4-5', seed: 7, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.equal(response.headers.get('x-securellm-ignored-params'), 'seed');
    const sent = harness.fakes.anthropic.chatRequests().at(-1)?.body as Record<string, unknown>;
    assert.equal(sent['seed'], undefined);
  });
});
