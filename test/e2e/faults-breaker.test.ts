/**
 * The circuit breaker over a whole request's life: a cooled-down circuit lets one trial through,
 * failures after the first byte count against the target, and a client's own abort does not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { openAiClient, PROMPT, rawChat } from './faults-clients.js';

const SMART = { smart: { targets: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'] } };
const OPENAI_TARGET = 'openai/gpt-4o-mini';

function circuitOf(harness: GatewayHarness, id: string): { state: string; consecutiveFailures: number } | undefined {
  return harness.gateway.router.breaker.snapshot().find((entry) => entry.id === id);
}

describe('circuit breaker: cooldown and half-open trial', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      models: SMART,
      routing: { max_retries: 0, circuit_breaker_failures: 1, circuit_breaker_cooldown_ms: 300 },
    });
  });
  after(() => harness.close());

  it('skips the target while open, then sends one trial after the cooldown and closes on its success', async () => {
    const { openai } = harness.fakes;
    openai.enqueue({ kind: 'status', status: 503 });
    assert.equal((await rawChat(harness, 'openai', 'smart')).headers['x-securellm-provider'], 'anthropic');
    assert.equal(circuitOf(harness, OPENAI_TARGET)?.state, 'open');

    const skipped = await rawChat(harness, 'openai', 'smart');
    assert.equal(skipped.headers['x-securellm-provider'], 'anthropic');
    assert.equal(openai.chatRequests().length, 1, 'open: openai is not called');

    await new Promise((resolve) => setTimeout(resolve, 350));
    const trial = await rawChat(harness, 'openai', 'smart');
    assert.equal(trial.status, 200, trial.text);
    assert.equal(trial.headers['x-securellm-provider'], 'openai', 'after the cooldown the trial goes to openai');
    assert.equal(openai.chatRequests().length, 2);
    assert.equal(circuitOf(harness, OPENAI_TARGET)?.state ?? 'closed', 'closed');
  });
});

describe('circuit breaker: failures after the first byte', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      models: SMART,
      routing: { max_retries: 0, circuit_breaker_failures: 2, circuit_breaker_cooldown_ms: 60_000 },
    });
  });
  after(() => harness.close());

  it('opens the circuit after consecutive streams that each failed mid-way', async () => {
    const { openai, anthropic } = harness.fakes;
    openai.enqueue({ kind: 'cut_after_events', events: 2 }, { kind: 'cut_after_events', events: 2 });
    for (let round = 0; round < 2; round++) {
      const answer = await rawChat(harness, 'openai', 'smart', { stream: true });
      assert.equal(answer.headers['x-securellm-provider'], 'openai');
      assert.ok(!answer.text.includes('[DONE]'), `round ${round} failed mid-stream`);
    }
    const afterTwoFailures = JSON.stringify(circuitOf(harness, OPENAI_TARGET));
    const anthropicBefore = anthropic.chatRequests().length;
    const next = await rawChat(harness, 'openai', 'smart', { stream: true });
    assert.equal(
      next.headers['x-securellm-provider'],
      'anthropic',
      `two consecutive mid-stream failures should open the circuit; breaker after them: ${afterTwoFailures}`,
    );
    assert.equal(openai.chatRequests().length, 2);
    assert.equal(anthropic.chatRequests().length - anthropicBefore, 1);
  });
});

describe('circuit breaker: a client abort is no verdict on the upstream', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      models: SMART,
      routing: { max_retries: 0, circuit_breaker_failures: 1, circuit_breaker_cooldown_ms: 60_000 },
    });
  });
  after(() => harness.close());

  it('keeps the circuit closed after clients walk away from streams', async () => {
    const { openai } = harness.fakes;
    for (let round = 0; round < 2; round++) {
      openai.enqueue({ kind: 'stall_after_events', events: 2, ms: 5_000 });
      const stream = await openAiClient(harness).chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: PROMPT }], stream: true });
      for await (const chunk of stream) if ((chunk.choices[0]?.delta.content ?? '') !== '') break;
      await openai.waitForAbort(2_000);
    }
    const answer = await rawChat(harness, 'openai', 'smart');
    assert.equal(answer.headers['x-securellm-provider'], 'openai', `breaker: ${JSON.stringify(circuitOf(harness, OPENAI_TARGET))}`);
    assert.equal(openai.chatRequests().length, 3);
  });
});
