/**
 * A client that goes away aborts the upstream request: the fake sees its response abandoned while
 * it is still stalled or streaming, whether the client broke out of a stream or aborted a call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeUpstream } from '../fakes/start-fake-upstream.js';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, openAiClient, PROMPT } from './faults-clients.js';

const messages = [{ role: 'user' as const, content: PROMPT }];
const STALL_MS = 5_000;
const ABORT_WAIT_MS = 2_000;

/** Rejects the test if `call` does not fail (it must end with the client's own abort). */
async function assertAborted(call: Promise<unknown>): Promise<void> {
  await assert.rejects(call, (error: unknown) => error instanceof Error && /abort/i.test(`${error.name} ${error.message}`));
}

describe('client abort reaches the upstream', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic', 'ollama'] });
  });
  after(() => harness.close());

  for (const [kind, model, eventsThroughFirstText] of [
    ['openai', 'openai/gpt-4o-mini', 2],
    ['ollama', 'ollama/llama3.2', 1],
    ['anthropic', 'anthropic/claude-sonnet-4-5', 4],
  ] as const) {
    it(`breaking out of an OpenAI SDK stream abandons the ${kind} upstream`, async () => {
      const fake = harness.fakes[kind];
      // One event past the first text (`Echo`, then `: he`): the answer guard holds back a trailing
      // partial word, so `Echo: ` is the first text that can reach the client before the stall.
      fake.enqueue({ kind: 'stall_after_events', events: eventsThroughFirstText + 1, ms: STALL_MS });
      const startedAt = performance.now();
      const stream = await openAiClient(harness).chat.completions.create({ model, messages, stream: true });
      let text = '';
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (text !== '') break;
      }
      assert.equal(text, 'Echo: ');
      await fake.waitForAbort(ABORT_WAIT_MS);
      assert.ok(performance.now() - startedAt < STALL_MS, 'the upstream was left before its stall ended');
    });

    it(`aborting a non-streaming OpenAI SDK call abandons the ${kind} upstream`, async () => {
      const fake = harness.fakes[kind];
      fake.enqueue({ kind: 'stall_before_headers', ms: STALL_MS });
      const controller = new AbortController();
      const before = fake.chatRequests().length;
      const call = openAiClient(harness).chat.completions.create({ model, messages }, { signal: controller.signal });
      await untilChatRequests(fake, before + 1);
      controller.abort();
      await assertAborted(call);
      await fake.waitForAbort(ABORT_WAIT_MS);
    });
  }

  it('breaking out of an Anthropic SDK stream abandons the anthropic upstream', async () => {
    const fake = harness.fakes.anthropic;
    fake.enqueue({ kind: 'stall_after_events', events: 5, ms: STALL_MS }); // past `: he`, as above
    const stream = await anthropicClient(harness).messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 64, messages, stream: true });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (text !== '') break;
    }
    assert.equal(text, 'Echo: ');
    await fake.waitForAbort(ABORT_WAIT_MS);
  });

  it('aborting a non-streaming Anthropic SDK call abandons the ollama upstream', async () => {
    const fake = harness.fakes.ollama;
    fake.enqueue({ kind: 'stall_before_headers', ms: STALL_MS });
    const controller = new AbortController();
    const before = fake.chatRequests().length;
    const call = anthropicClient(harness).messages.create({ model: 'ollama/llama3.2', max_tokens: 64, messages }, { signal: controller.signal });
    await untilChatRequests(fake, before + 1);
    controller.abort();
    await assertAborted(call);
    await fake.waitForAbort(ABORT_WAIT_MS);
  });

  it('the gateway still answers normally after the aborts', async () => {
    const answer = await openAiClient(harness).chat.completions.create({ model: 'openai/gpt-4o-mini', messages });
    assert.equal(answer.choices[0]?.message.content, `Echo: ${PROMPT}`);
  });
});

/** Resolves once the fake has received `count` chat requests: the call is then upstream, stalled. */
async function untilChatRequests(fake: FakeUpstream, count: number): Promise<void> {
  const deadline = performance.now() + ABORT_WAIT_MS;
  while (fake.chatRequests().length < count) {
    assert.ok(performance.now() < deadline, 'the request reached the upstream');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
