/**
 * Fallback along an alias's targets, and the circuit breaker that stops calling a failing target.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertErrorAnswer, chatCallsSince, openAiClient, PROMPT, rawChat } from './faults-clients.js';

const SMART = { smart: { targets: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'] } };
const messages = [{ role: 'user' as const, content: PROMPT }];

describe('fallback from openai to anthropic (alias smart)', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'], models: SMART, routing: { max_retries: 2, circuit_breaker_failures: 50 } });
  });
  after(() => harness.close());

  it('answers from anthropic after openai fails with 5xx through all its retries', async () => {
    const { openai, anthropic } = harness.fakes;
    const [openaiBefore, anthropicBefore] = [openai.chatRequests().length, anthropic.chatRequests().length];
    openai.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 });
    const { data, response } = await openAiClient(harness).chat.completions.create({ model: 'smart', messages }).withResponse();
    assert.equal(data.choices[0]?.message.content, `Echo: ${PROMPT}`);
    assert.equal(response.headers.get('x-securellm-provider'), 'anthropic');
    assert.equal(chatCallsSince(openai, openaiBefore), 3);
    assert.equal(chatCallsSince(anthropic, anthropicBefore), 1);
  });

  it('streams from anthropic after openai fails before its first byte', async () => {
    const { openai, anthropic } = harness.fakes;
    const anthropicBefore = anthropic.chatRequests().length;
    openai.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const { data: stream, response } = await openAiClient(harness).chat.completions.create({ model: 'smart', messages, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, `Echo: ${PROMPT}`);
    assert.equal(response.headers.get('x-securellm-provider'), 'anthropic');
    assert.equal(chatCallsSince(anthropic, anthropicBefore), 1);
  });

  it('falls back without retrying when openai refuses the provider key (401)', async () => {
    const { openai, anthropic } = harness.fakes;
    const [openaiBefore, anthropicBefore] = [openai.chatRequests().length, anthropic.chatRequests().length];
    openai.enqueue({ kind: 'status', status: 401 });
    const answer = await rawChat(harness, 'openai', 'smart');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-securellm-provider'], 'anthropic');
    assert.equal(chatCallsSince(openai, openaiBefore), 1);
    assert.equal(chatCallsSince(anthropic, anthropicBefore), 1);
  });

  it('does not fall back on a 400: the request itself is wrong', async () => {
    const { openai, anthropic } = harness.fakes;
    const [openaiBefore, anthropicBefore] = [openai.chatRequests().length, anthropic.chatRequests().length];
    openai.enqueue({ kind: 'status', status: 400 });
    const answer = await rawChat(harness, 'openai', 'smart');
    assertErrorAnswer(answer, 'openai', [400]);
    assert.equal(chatCallsSince(openai, openaiBefore), 1);
    assert.equal(chatCallsSince(anthropic, anthropicBefore), 0, 'the anthropic fake saw nothing');
  });
});

describe('fallback when the first target refuses connections', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'], models: SMART, routing: { max_retries: 2, circuit_breaker_failures: 50 } });
  });
  after(() => harness.close());

  it('retries the refused target, then answers from the next one', async () => {
    await harness.fakes.openai.close();
    const answer = await rawChat(harness, 'openai', 'smart');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-securellm-provider'], 'anthropic');
    // Each refused connection is a retryable failure the breaker counts: 1 try + 2 retries.
    const circuit = harness.gateway.router.breaker.snapshot().find((entry) => entry.id === 'openai/gpt-4o-mini');
    assert.equal(circuit?.consecutiveFailures, 3);
    assert.equal(harness.fakes.anthropic.chatRequests().length, 1);
  });
});

describe('circuit breaker', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      models: SMART,
      routing: { max_retries: 0, circuit_breaker_failures: 2, circuit_breaker_cooldown_ms: 60_000 },
    });
  });
  after(() => harness.close());

  it('stops calling a target after it failed enough, serves from the next, and shows it in /readyz', async () => {
    const { openai, anthropic } = harness.fakes;
    openai.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    for (let round = 0; round < 2; round++) {
      const answer = await rawChat(harness, 'openai', 'smart');
      assert.equal(answer.headers['x-securellm-provider'], 'anthropic', `round ${round}: ${answer.text}`);
    }
    assert.equal(openai.chatRequests().length, 2);

    const answer = await rawChat(harness, 'openai', 'smart');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-securellm-provider'], 'anthropic');
    assert.equal(openai.chatRequests().length, 2, 'the open circuit keeps the request away from openai');
    assert.equal(anthropic.chatRequests().length, 3);
    assert.ok(answer.elapsedMs < 300, `served in ${Math.round(answer.elapsedMs)} ms`);

    // With no other target there is nothing to serve from: an error at once, still no call.
    const direct = await rawChat(harness, 'openai', 'openai/gpt-4o-mini');
    assertErrorAnswer(direct, 'openai', [502, 503]);
    assert.equal(openai.chatRequests().length, 2);

    const ready = await request(`${harness.url}/readyz`);
    const body = JSON.parse(await ready.body.text()) as { circuits?: Array<{ id: string; state: string }> };
    const circuit = body.circuits?.find((entry) => entry.id === 'openai/gpt-4o-mini');
    assert.equal(circuit?.state, 'open', `readyz circuits: ${JSON.stringify(body.circuits)}`);
  });
});
