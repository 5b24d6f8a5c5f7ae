/**
 * Edges of retrying: a failed stream before its first byte is an ordinary HTTP error, a client
 * that leaves during a backoff stops the retries, a stalled non-streaming body is retried, and an
 * exhausted 429 reaches the client as a 429 with Retry-After.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertErrorAnswer, chatCallsSince, openAiClient, PROMPT, rawChat } from './faults-clients.js';

const MODEL = 'openai/gpt-4o-mini';
const messages = [{ role: 'user' as const, content: PROMPT }];

describe('retry edges on a single target', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai'],
      routing: { max_retries: 2, idle_timeout_ms: 300, retry_after_max_ms: 5_000, circuit_breaker_failures: 50 },
    });
  });
  after(() => harness.close());

  it('answers a stream that failed before its first byte with an HTTP error status, not a 200 stream', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const answer = await rawChat(harness, 'openai', MODEL, { stream: true });
    assertErrorAnswer(answer, 'openai', [502, 503]);
    assert.match(String(answer.headers['content-type']), /application\/json/);
    assert.equal(chatCallsSince(fake, before), 3);

    fake.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const call = openAiClient(harness).chat.completions.create({ model: MODEL, messages, stream: true });
    await assert.rejects(call, (error: unknown) => error instanceof OpenAI.APIError && error.status !== undefined && error.status >= 500);
  });

  it('passes an exhausted 429 on as 429 with Retry-After', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    const limited = { kind: 'status', status: 429, headers: { 'retry-after-ms': '20' } } as const;
    fake.enqueue(limited, limited, limited);
    const answer = await rawChat(harness, 'openai', MODEL);
    assertErrorAnswer(answer, 'openai', [429]);
    assert.ok(answer.headers['retry-after'] !== undefined, 'a 429 tells the client when to come back');
    assert.equal(chatCallsSince(fake, before), 3);
  });

  it("answers a too-long Retry-After at once with 429 and the upstream's wait", async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    const answer = await rawChat(harness, 'openai', MODEL);
    assertErrorAnswer(answer, 'openai', [429]);
    assert.equal(answer.headers['retry-after'], '30', 'the client learns how long the upstream asked to wait');
    assert.ok(answer.elapsedMs < 500, `answered after ${Math.round(answer.elapsedMs)} ms, without waiting`);
    assert.equal(chatCallsSince(fake, before), 1);
  });

  it('stops retrying when the client leaves during a Retry-After wait', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const controller = new AbortController();
    const call = openAiClient(harness).chat.completions.create({ model: MODEL, messages }, { signal: controller.signal });
    const deadline = performance.now() + 2_000;
    while (chatCallsSince(fake, before) < 1 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await assert.rejects(call);
    // Past the point where the retry would have gone out.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    assert.equal(chatCallsSince(fake, before), 1, 'no retry is sent for a client that has gone');
  });

  it('retries a non-streaming answer whose body stalled after the headers', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'stall_after_events', events: 0, ms: 4_000 });
    const answer = await rawChat(harness, 'openai', MODEL);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(chatCallsSince(fake, before), 2);
    assert.ok(answer.elapsedMs < 3_000, `the stall was cut at the idle timeout (${Math.round(answer.elapsedMs)} ms)`);
  });
});

describe('the only target refuses connections', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'], routing: { max_retries: 2, circuit_breaker_failures: 50 } });
  });
  after(() => harness.close());

  it('answers 502 in OpenAI format after its retries, quickly', async () => {
    await harness.fakes.openai.close();
    const answer = await rawChat(harness, 'openai', MODEL);
    assertErrorAnswer(answer, 'openai', [502, 503]);
    assert.ok(answer.elapsedMs < 1_000, `answered in ${Math.round(answer.elapsedMs)} ms`);
    assert.equal(harness.gateway.router.breaker.snapshot().find((entry) => entry.id === MODEL)?.consecutiveFailures, 3);
    assert.ok(!answer.text.includes('127.0.0.1'), 'the error names no upstream address');
  });
});
