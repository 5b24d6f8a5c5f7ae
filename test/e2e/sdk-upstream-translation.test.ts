/**
 * What crosses formats on the way up and down: Anthropic gets the `max_tokens` it requires and the
 * system prompt in its own field, an OpenAI upstream gets an Anthropic client's system prompt as a
 * system message, and DeepSeek's `reasoning_content` reaches an OpenAI client, whole and streamed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, completionTokensOf, echoOf, openaiClient } from './sdk-clients.js';
import { assertUpstreamHeaders, chatCount, contentText, isRecord, onlyChatRequestSince, recordsIn, upstreamBody } from './sdk-upstream-checks.js';

const REASONING = 'First I think, then I answer.';

/** DeepSeek's field is not in the OpenAI SDK's types, but the SDK hands it through untouched. */
function reasoningOf(value: unknown): unknown {
  return isRecord(value) ? value['reasoning_content'] : undefined;
}

describe('translation across formats, seen from the upstream and the SDKs', () => {
  let harness: GatewayHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;
  before(async () => {
    harness = await startGatewayHarness();
    openai = openaiClient(harness.url, { apiKey: harness.key });
    anthropic = anthropicClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('gives Anthropic max_tokens when the OpenAI client set none, and lifts the system prompt', async () => {
    const before = chatCount(harness.fakes.anthropic);
    const answer = await openai.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'hi there' },
      ],
    });
    assert.equal(answer.choices[0]?.message.content, echoOf('hi there'));

    const sent = onlyChatRequestSince(harness.fakes.anthropic, before);
    assertUpstreamHeaders('anthropic', sent, harness.key);
    const body = upstreamBody(sent);
    assert.equal(typeof body.max_tokens, 'number');
    assert.ok(Number(body.max_tokens) > 0);
    assert.equal(contentText(body.system), 'You are terse.');
    assert.deepEqual(
      recordsIn(body.messages, 'messages').map((message) => message.role),
      ['user'],
      'no system-role message may reach Anthropic',
    );
    // The fake counts the system prompt too: ceil((14 + 8) / 4).
    assert.equal(answer.usage?.prompt_tokens, 6);
  });

  it('turns an Anthropic client system prompt into an OpenAI system message', async () => {
    const before = chatCount(harness.fakes.openai);
    const message = await anthropic.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 100,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: 'bonjour' }],
    });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : undefined, echoOf('bonjour'));
    const body = upstreamBody(onlyChatRequestSince(harness.fakes.openai, before));
    const [first, second] = recordsIn(body.messages, 'messages');
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(first.role, 'system');
    assert.equal(contentText(first.content), 'Answer in French.');
    assert.equal(second.role, 'user');
    assert.equal(body.max_tokens ?? body.max_completion_tokens, 100);
  });

  it("hands DeepSeek's reasoning_content to an OpenAI client in a whole answer", async () => {
    harness.fakes.deepseek.enqueue({ kind: 'reply', reasoning: REASONING });
    const answer = await openai.chat.completions.create({ model: 'deepseek/deepseek-reasoner', messages: [{ role: 'user', content: 'why?' }] });
    const message = answer.choices[0]?.message;
    assert.equal(message?.content, echoOf('why?'));
    assert.equal(reasoningOf(message), REASONING);
    assert.equal(answer.usage?.completion_tokens, completionTokensOf(REASONING) + completionTokensOf(echoOf('why?')));
  });

  it("streams DeepSeek's reasoning_content to an OpenAI client before the content", async () => {
    harness.fakes.deepseek.enqueue({ kind: 'reply', reasoning: REASONING });
    const stream = await openai.chat.completions.create({
      model: 'deepseek/deepseek-reasoner',
      messages: [{ role: 'user', content: 'why not?' }],
      stream: true,
    });
    const reasoningDeltas: string[] = [];
    let content = '';
    let reasoningAfterContent = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      const reasoning = reasoningOf(delta);
      if (typeof reasoning === 'string' && reasoning !== '') {
        reasoningDeltas.push(reasoning);
        if (content !== '') reasoningAfterContent = true;
      }
      content += delta?.content ?? '';
    }
    assert.equal(reasoningDeltas.join(''), REASONING);
    assert.ok(reasoningDeltas.length >= 3, `expected several reasoning deltas, got ${reasoningDeltas.length}`);
    assert.equal(reasoningAfterContent, false);
    assert.equal(content, echoOf('why not?'));
  });
});
