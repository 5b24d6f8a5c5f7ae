import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';

// Built at run time so no scanner mistakes this file for a leaked key.
const SECRET = ['sk', 'ant', 'api03', 'Qm9vZ3ZhbGlkS2V5Rm9yVGVzdHNPbmx5MTIzNDU2Nzg5MGFiY2RlZg'].join('-');
const ANSWER = `Here is the key you asked for: ${SECRET} and nothing else.`;

describe('guards on answers (scan_responses = true)', () => {
  let harness: GatewayHarness;
  let client: OpenAI;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'], guardrails: { scan_responses: true } });
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.key, maxRetries: 0 });
  });
  after(() => harness.close());

  it('redacts a secret in a whole answer', async () => {
    harness.fakes.openai.enqueue({ kind: 'reply', text: ANSWER });
    const answer = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'the key?' }] });
    const text = answer.choices[0]?.message.content ?? '';
    assert.ok(!text.includes(SECRET), text);
    assert.match(text, /\[REDACTED_ANTHROPIC_KEY\]/);
    assert.match(text, /^Here is the key you asked for: .* and nothing else\.$/);
  });

  it('redacts a secret the upstream streams in small pieces, and still delivers the rest', async () => {
    harness.fakes.openai.enqueue({ kind: 'reply', text: ANSWER });
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'the key?' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(!text.includes(SECRET), text);
    assert.ok(!text.includes(SECRET.slice(0, 20)), 'no fragment of the key was released before it could be recognised');
    assert.match(text, /\[REDACTED_ANTHROPIC_KEY\]/);
    assert.match(text, / and nothing else\.$/);
  });
});
