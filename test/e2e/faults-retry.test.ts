/**
 * Retries through the HTTP front doors: retryable upstream statuses are tried again on the same
 * target up to `routing.max_retries` times, the others exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, assertErrorAnswer, chatCallsSince, openAiClient, PROMPT, rawChat } from './faults-clients.js';

const OPENAI_MODEL = 'openai/gpt-4o-mini';
const ANTHROPIC_MODEL = 'anthropic/claude-sonnet-4-5';

describe('gateway retries (max_retries = 2)', () => {
  let harness: GatewayHarness;
  before(async () => {
    // A high breaker threshold keeps failures of one test from opening the circuit for the next.
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'], routing: { max_retries: 2, circuit_breaker_failures: 50 } });
  });
  after(() => harness.close());

  it('retries a 503 and answers 200 after exactly two upstream calls', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 503 });
    const answer = await openAiClient(harness).chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: PROMPT }] });
    assert.equal(answer.choices[0]?.message.content, `Echo: ${PROMPT}`);
    assert.equal(chatCallsSince(fake, before), 2);
  });

  it('gives up after 1 + max_retries calls on three 503s, with an OpenAI-format error', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const answer = await rawChat(harness, 'openai', OPENAI_MODEL);
    assertErrorAnswer(answer, 'openai', [502, 503]);
    assert.equal(chatCallsSince(fake, before), 3);
  });

  it('gives the same exhausted-retries error in Anthropic format on /v1/messages', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const answer = await rawChat(harness, 'anthropic', OPENAI_MODEL);
    assertErrorAnswer(answer, 'anthropic', [502, 503]);
    assert.equal(chatCallsSince(fake, before), 3);
  });

  for (const status of [408, 409, 429, 500, 502, 503, 504]) {
    it(`retries an upstream ${status} once and then answers`, async () => {
      const fake = harness.fakes.openai;
      const before = fake.chatRequests().length;
      fake.enqueue({ kind: 'status', status });
      const answer = await rawChat(harness, 'openai', OPENAI_MODEL);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(chatCallsSince(fake, before), 2);
    });
  }

  it("retries Anthropic's 529 overloaded and answers through the Anthropic SDK", async () => {
    const fake = harness.fakes.anthropic;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 529 });
    const message = await anthropicClient(harness).messages.create({
      model: ANTHROPIC_MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: PROMPT }],
    });
    const first = message.content[0];
    assert.equal(first?.type === 'text' ? first.text : undefined, `Echo: ${PROMPT}`);
    assert.equal(chatCallsSince(fake, before), 2);
  });

  // What each refused request becomes for the client: the request's own faults keep their 4xx;
  // the gateway's rejected provider key is the gateway's problem (5xx), not the client's 401.
  const notRetried: ReadonlyArray<{ status: number; clientStatuses: number[] }> = [
    { status: 400, clientStatuses: [400] },
    { status: 401, clientStatuses: [502] },
    { status: 404, clientStatuses: [404, 502] },
    { status: 422, clientStatuses: [400, 422] },
  ];
  for (const { status, clientStatuses } of notRetried) {
    it(`does not retry an upstream ${status}: exactly one upstream call`, async () => {
      const fake = harness.fakes.openai;
      const before = fake.chatRequests().length;
      fake.enqueue({ kind: 'status', status });
      const answer = await rawChat(harness, 'openai', OPENAI_MODEL);
      assertErrorAnswer(answer, 'openai', clientStatuses);
      assert.equal(chatCallsSince(fake, before), 1);
    });
  }
});

describe('upstream timeout until headers', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      routing: { max_retries: 0, upstream_timeout_ms: 300, circuit_breaker_failures: 50 },
    });
  });
  after(() => harness.close());

  const cases: ReadonlyArray<{ format: 'openai' | 'anthropic'; model: string; kind: 'openai' | 'anthropic' }> = [
    { format: 'openai', model: OPENAI_MODEL, kind: 'openai' },
    { format: 'anthropic', model: ANTHROPIC_MODEL, kind: 'anthropic' },
  ];
  for (const { format, model, kind } of cases) {
    for (const stream of [false, true]) {
      it(`answers 504 in ${format} format when ${kind} stalls before headers (stream: ${String(stream)})`, async () => {
        const fake = harness.fakes[kind];
        const before = fake.chatRequests().length;
        fake.enqueue({ kind: 'stall_before_headers', ms: 2_000 });
        const answer = await rawChat(harness, format, model, { stream });
        assertErrorAnswer(answer, format, [504]);
        assert.ok(answer.elapsedMs < 1_500, `timed out after ${Math.round(answer.elapsedMs)} ms, well before the stall ended`);
        assert.ok(answer.elapsedMs >= 250, `waited for the timeout (${Math.round(answer.elapsedMs)} ms)`);
        assert.equal(chatCallsSince(fake, before), 1);
      });
    }
  }
});
