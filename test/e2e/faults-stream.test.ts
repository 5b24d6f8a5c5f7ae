/**
 * An upstream that fails after the first bytes reached the client: the client gets a well-formed
 * error event in its own format (never a clean-looking end), and nothing is retried.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeBehaviour, FakeKind } from '../fakes/start-fake-upstream.js';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { chatCallsSince, rawChat } from './faults-clients.js';
import {
  assertAnthropicSseFailed,
  assertOpenAiSseFailed,
  assertSdkStreamFailed,
  streamWithAnthropicSdk,
  streamWithOpenAiSdk,
} from './faults-sse.js';

const MODELS: Readonly<Record<'openai' | 'anthropic' | 'ollama', string>> = {
  openai: 'openai/gpt-4o-mini',
  anthropic: 'anthropic/claude-sonnet-4-5',
  ollama: 'ollama/llama3.2',
};

/** Events each fake streams before its first text delta is out (OpenAI: role; Anthropic: start, ping, block start). */
const EVENTS_THROUGH_FIRST_TEXT: Readonly<Record<'openai' | 'anthropic' | 'ollama', number>> = { openai: 2, anthropic: 4, ollama: 1 };

function cutAfterFirstText(kind: 'openai' | 'anthropic' | 'ollama'): FakeBehaviour {
  return { kind: 'cut_after_events', events: EVENTS_THROUGH_FIRST_TEXT[kind] };
}

function inBandErrorAfterFirstText(kind: 'openai' | 'anthropic' | 'ollama'): FakeBehaviour {
  return { kind: 'in_band_error', afterEvents: EVENTS_THROUGH_FIRST_TEXT[kind] };
}

describe('mid-stream failures', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic', 'ollama'], routing: { max_retries: 2, circuit_breaker_failures: 50 } });
  });
  after(() => harness.close());

  const failures: ReadonlyArray<{ name: string; behaviour: (kind: 'openai' | 'anthropic' | 'ollama') => FakeBehaviour }> = [
    { name: 'a cut connection', behaviour: cutAfterFirstText },
    { name: "the provider's in-band error", behaviour: inBandErrorAfterFirstText },
  ];

  for (const { name, behaviour } of failures) {
    for (const kind of ['openai', 'anthropic', 'ollama'] as const) {
      it(`OpenAI SDK stream throws on ${name} from ${kind}, after one upstream call`, async () => {
        const fake = harness.fakes[kind as FakeKind];
        const before = fake.chatRequests().length;
        fake.enqueue(behaviour(kind));
        assertSdkStreamFailed(await streamWithOpenAiSdk(harness, MODELS[kind]), 'openai');
        assert.equal(chatCallsSince(fake, before), 1, 'nothing is retried after the first byte');
      });

      it(`raw OpenAI SSE ends in an error event without [DONE] on ${name} from ${kind}`, async () => {
        const fake = harness.fakes[kind as FakeKind];
        const before = fake.chatRequests().length;
        fake.enqueue(behaviour(kind));
        const answer = await rawChat(harness, 'openai', MODELS[kind], { stream: true });
        assert.equal(answer.status, 200);
        assertOpenAiSseFailed(answer.text);
        assert.equal(chatCallsSince(fake, before), 1);
      });

      it(`Anthropic SDK stream throws on ${name} from ${kind}, after one upstream call`, async () => {
        const fake = harness.fakes[kind as FakeKind];
        const before = fake.chatRequests().length;
        fake.enqueue(behaviour(kind));
        assertSdkStreamFailed(await streamWithAnthropicSdk(harness, MODELS[kind]), 'anthropic');
        assert.equal(chatCallsSince(fake, before), 1);
      });

      it(`raw Anthropic SSE ends in event: error without message_stop on ${name} from ${kind}`, async () => {
        const fake = harness.fakes[kind as FakeKind];
        const before = fake.chatRequests().length;
        fake.enqueue(behaviour(kind));
        const answer = await rawChat(harness, 'anthropic', MODELS[kind], { stream: true });
        assert.equal(answer.status, 200);
        assertAnthropicSseFailed(answer.text);
        assert.equal(chatCallsSince(fake, before), 1);
      });
    }
  }

  for (const kind of ['openai', 'anthropic', 'ollama'] as const) {
    it(`a stream from ${kind} cut before its first event is retried: the client sees one clean answer`, async () => {
      const fake = harness.fakes[kind as FakeKind];
      const before = fake.chatRequests().length;
      fake.enqueue({ kind: 'cut_after_events', events: 0 });
      const outcome = await streamWithOpenAiSdk(harness, MODELS[kind]);
      assert.equal(outcome.error, undefined);
      assert.equal(outcome.text, 'Echo: hello world');
      assert.equal(chatCallsSince(fake, before), 2, 'nothing had reached the client, so the retry is safe');
    });
  }

  it('a non-streaming request cut half-way through its body is retried and answered', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'cut_after_events', events: 1 });
    const answer = await rawChat(harness, 'openai', MODELS.openai);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(chatCallsSince(fake, before), 2, 'nothing reached the client, so the retry is safe');
  });
});
