/**
 * Response metadata the SDKs expose (`x-request-id`, the serving provider and model, the cost as a
 * header or, for streams, an HTTP trailer) and `GET /v1/models` as a key's scopes narrow it.
 */
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { ALL_KINDS, anthropicClient, anthropicErrorOf, defaultModelId, openaiClient } from './sdk-clients.js';
import { assertNoRequestLeaked, assertUpstreamHeaders, chatCount } from './sdk-upstream-checks.js';
import { postStream } from './sdk-raw-http.js';

const COST_HEADER = 'x-securellm-cost-usd';
const DECIMAL = /^\d+\.\d+$/;
const messages = [{ role: 'user' as const, content: 'what does it cost?' }];

function requestIdOf(headers: Headers): string {
  const id = headers.get('x-request-id');
  assert.ok(id !== null && id !== '', 'x-request-id is set');
  return id;
}

describe('response metadata and the model list', () => {
  let harness: GatewayHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const restrictedKeys: string[] = [];
  before(async () => {
    harness = await startGatewayHarness();
    openai = openaiClient(harness.url, { apiKey: harness.key });
    anthropic = anthropicClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('sets x-request-id on every kind of answer, a new one each time', async () => {
    const ids = [
      requestIdOf((await openai.chat.completions.create({ model: 'openai', messages }).withResponse()).response.headers),
      requestIdOf((await openai.chat.completions.create({ model: 'openai', messages, stream: true }).withResponse()).response.headers),
      requestIdOf((await anthropic.messages.create({ model: 'anthropic', max_tokens: 50, messages }).withResponse()).response.headers),
      requestIdOf((await anthropic.messages.stream({ model: 'anthropic', max_tokens: 50, messages }).withResponse()).response.headers),
      requestIdOf((await openai.models.list().withResponse()).response.headers),
    ];
    assert.equal(new Set(ids).size, ids.length, `request ids repeat: ${ids.join(', ')}`);
  });

  it('reports a positive cost for openai/gpt-4o-mini and a zero cost for ollama on whole answers', async () => {
    const priced = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages }).withResponse();
    const pricedCost = priced.response.headers.get(COST_HEADER) ?? '';
    assert.match(pricedCost, DECIMAL);
    assert.ok(Number(pricedCost) > 0, `cost ${pricedCost} should be > 0`);
    assert.equal(priced.response.headers.get('x-securellm-provider'), 'openai');
    assert.equal(priced.response.headers.get('x-securellm-model'), 'openai/gpt-4o-mini');

    const free = await anthropic.messages.create({ model: 'ollama/llama3.2', max_tokens: 50, messages }).withResponse();
    const freeCost = free.response.headers.get(COST_HEADER) ?? '';
    assert.match(freeCost, DECIMAL);
    assert.equal(Number(freeCost), 0);
    assert.equal(free.response.headers.get('x-securellm-provider'), 'ollama');
    assert.equal(free.response.headers.get('x-securellm-model'), 'ollama/llama3.2');
  });

  it('sends the cost of a stream as an HTTP trailer, equal to the same whole answer', async () => {
    const whole = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages }).withResponse();
    const wholeCost = whole.response.headers.get(COST_HEADER);

    const openaiStream = await postStream(harness.url, '/v1/chat/completions', harness.key, { model: 'openai/gpt-4o-mini', messages });
    assert.equal(openaiStream.status, 200);
    assert.match(openaiStream.text, /data: \[DONE\]/);
    assert.equal(openaiStream.headers['x-securellm-model'], 'openai/gpt-4o-mini');
    assert.match(String(openaiStream.headers['trailer']), new RegExp(COST_HEADER, 'i'));
    assert.equal(openaiStream.trailers[COST_HEADER], wholeCost);

    const anthropicStream = await postStream(harness.url, '/v1/messages', harness.key, { model: 'ollama/llama3.2', max_tokens: 50, messages });
    assert.equal(anthropicStream.status, 200);
    assert.match(anthropicStream.text, /event: message_stop/);
    assert.equal(typeof anthropicStream.headers['x-request-id'], 'string');
    const freeCost = anthropicStream.trailers[COST_HEADER] ?? '';
    assert.match(freeCost, DECIMAL);
    assert.equal(Number(freeCost), 0);
  });

  it("lists every provider's default model as provider/model", async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    for (const kind of ALL_KINDS) assert.ok(ids.includes(defaultModelId(kind)), `${defaultModelId(kind)} missing from ${ids.join(', ')}`);
  });

  it('shows a key restricted to one model only that model, and refuses it others with 403', async () => {
    const restrictedKey = await harness.createKey({ name: 'one-model', models: ['openai/gpt-4o-mini'] });
    const restricted = openaiClient(harness.url, { apiKey: restrictedKey });
    const ids: string[] = [];
    for await (const model of restricted.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['openai/gpt-4o-mini']);

    const allowed = await restricted.chat.completions.create({ model: 'openai/gpt-4o-mini', messages });
    assert.equal(allowed.model, 'openai/gpt-4o-mini');

    const before = chatCount(harness.fakes.anthropic);
    const refusal = await restricted.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages }).then(
      () => assert.fail('the restricted key reached another model'),
      (error: unknown) => error,
    );
    assert.ok(refusal instanceof OpenAI.PermissionDeniedError, `expected PermissionDeniedError, got ${String(refusal)}`);
    assert.equal(refusal.status, 403);
    assert.equal(refusal.param, 'model');
    assert.equal(typeof refusal.headers.get('x-request-id'), 'string');

    const restrictedAnthropic = anthropicClient(harness.url, { apiKey: restrictedKey });
    const anthropicRefusal = await restrictedAnthropic.messages.create({ model: 'anthropic', max_tokens: 20, messages }).then(
      () => assert.fail('the restricted key reached another model'),
      (error: unknown) => error,
    );
    assert.ok(anthropicRefusal instanceof Anthropic.PermissionDeniedError, `expected PermissionDeniedError, got ${String(anthropicRefusal)}`);
    assert.equal(anthropicErrorOf(anthropicRefusal).type, 'permission_error');
    assert.equal(chatCount(harness.fakes.anthropic), before, 'a refused request reached the upstream');
    restrictedKeys.push(restrictedKey);
  });

  it('asked each upstream for its models with the provider key, never a gateway key', () => {
    for (const kind of ALL_KINDS) {
      const listing = harness.fakes[kind].requests.find((entry) => entry.method === 'GET' && entry.path !== '/health/vram');
      assert.ok(listing !== undefined, `the ${kind} upstream was asked for its models`);
      assertUpstreamHeaders(kind, listing, harness.key);
    }
    assertNoRequestLeaked(harness.fakes, [harness.key, ...restrictedKeys]);
  });
});
