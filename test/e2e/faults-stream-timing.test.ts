/**
 * Time inside a stream: an upstream silent for longer than `idle_timeout_ms` ends the client's
 * stream with an error event, and the first delta is passed on at once, not held until the end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, chatCallsSince, openAiClient, PROMPT, rawChat } from './faults-clients.js';
import { assertAnthropicSseFailed, assertOpenAiSseFailed, assertSdkStreamFailed, streamWithOpenAiSdk } from './faults-sse.js';

describe('idle stall mid-stream', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic', 'ollama'],
      routing: { max_retries: 2, idle_timeout_ms: 300, circuit_breaker_failures: 50 },
    });
  });
  after(() => harness.close());

  it('ends an OpenAI-format stream with an error event, not [DONE]', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'stall_after_events', events: 2, ms: 3_000 });
    const answer = await rawChat(harness, 'openai', 'openai/gpt-4o-mini', { stream: true });
    assert.equal(answer.status, 200);
    assertOpenAiSseFailed(answer.text);
    assert.ok(answer.elapsedMs < 2_000, `gave up after ${Math.round(answer.elapsedMs)} ms, not at the stall's end`);
    assert.equal(chatCallsSince(fake, before), 1);
  });

  it('ends an Anthropic-format stream with event: error, not message_stop', async () => {
    const fake = harness.fakes.anthropic;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'stall_after_events', events: 4, ms: 3_000 });
    const answer = await rawChat(harness, 'anthropic', 'anthropic/claude-sonnet-4-5', { stream: true });
    assert.equal(answer.status, 200);
    assertAnthropicSseFailed(answer.text);
    assert.ok(answer.elapsedMs < 2_000, `gave up after ${Math.round(answer.elapsedMs)} ms, not at the stall's end`);
    assert.equal(chatCallsSince(fake, before), 1);
  });

  it('makes the OpenAI SDK throw when an ollama (NDJSON) stream goes silent', async () => {
    const fake = harness.fakes.ollama;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'stall_after_events', events: 1, ms: 3_000 });
    const startedAt = performance.now();
    assertSdkStreamFailed(await streamWithOpenAiSdk(harness, 'ollama/llama3.2'), 'openai');
    assert.ok(performance.now() - startedAt < 2_000, 'gave up at the idle timeout');
    assert.equal(chatCallsSince(fake, before), 1);
  });
});

describe('first byte is not delayed by buffering', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
  });
  after(() => harness.close());

  it('delivers the first content delta long before a stream held back for 600 ms ends', async () => {
    const fake = harness.fakes.openai;
    // Stall after `Echo` and `: he`: the answer guard (on by default) holds back a trailing partial
    // word, so `Echo: ` is the first delta that can go out before the stall ends.
    fake.enqueue({ kind: 'stall_after_events', events: 3, ms: 600 });
    const client = openAiClient(harness);
    // Warm the connection so that the measured time is the gateway's, not a TCP handshake's.
    await client.models.list();
    const startedAt = performance.now();
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true });
    let firstDeltaMs: number | undefined;
    let text = '';
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content ?? '';
      if (content !== '' && firstDeltaMs === undefined) firstDeltaMs = performance.now() - startedAt;
      text += content;
    }
    const totalMs = performance.now() - startedAt;
    assert.equal(text, `Echo: ${PROMPT}`);
    assert.ok(firstDeltaMs !== undefined && firstDeltaMs < 200, `first delta after ${Math.round(firstDeltaMs ?? -1)} ms`);
    assert.ok(totalMs >= 500, `the whole stream took ${Math.round(totalMs)} ms`);
  });

  it('delivers the first Anthropic text delta at once too', async () => {
    harness.fakes.anthropic.enqueue({ kind: 'stall_after_events', events: 5, ms: 600 }); // after `: he`, as above
    const client = anthropicClient(harness);
    await client.models.list().catch(() => undefined); // warms the connection; the answer does not matter
    const startedAt = performance.now();
    const stream = await client.messages.create({
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: PROMPT }],
      stream: true,
    });
    let firstDeltaMs: number | undefined;
    let text = '';
    for await (const event of stream) {
      if (event.type !== 'content_block_delta' || event.delta.type !== 'text_delta') continue;
      firstDeltaMs ??= performance.now() - startedAt;
      text += event.delta.text;
    }
    const totalMs = performance.now() - startedAt;
    assert.equal(text, `Echo: ${PROMPT}`);
    assert.ok(firstDeltaMs !== undefined && firstDeltaMs < 200, `first delta after ${Math.round(firstDeltaMs ?? -1)} ms`);
    assert.ok(totalMs >= 500, `the whole stream took ${Math.round(totalMs)} ms`);
  });
});
