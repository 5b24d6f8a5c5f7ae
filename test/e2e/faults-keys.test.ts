/**
 * Keys at run time: a key created while the gateway runs works at once; a revoked one stops
 * working within a second, in both client formats.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertErrorAnswer, failureStatus, keyIdOf, openAiClient, PROMPT, rawChat, type ApiFormat } from './faults-clients.js';

const MODEL = 'openai/gpt-4o-mini';
const POLL_MS = 25;

/** Polls until a request with `key` is refused, up to `limitMs`; returns how long that took. */
async function msUntilRefused(harness: GatewayHarness, key: string, format: ApiFormat, limitMs: number): Promise<number | undefined> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < limitMs) {
    const answer = await rawChat(harness, format, MODEL, { key });
    if (answer.status === 401) {
      assertErrorAnswer(answer, format, [401]);
      return performance.now() - startedAt;
    }
    assert.equal(answer.status, 200, `before it is refused, the key still works: ${answer.text}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}

describe('API keys at run time', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
  });
  after(() => harness.close());

  it('accepts a key created while the gateway runs, on its first request', async () => {
    const key = await harness.createKey({ name: 'fresh' });
    const answer = await openAiClient(harness, key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: PROMPT }] });
    assert.equal(answer.choices[0]?.message.content, `Echo: ${PROMPT}`);
  });

  it('refuses a key unknown to the store with 401 and does not call the upstream', async () => {
    const before = harness.fakes.openai.chatRequests().length;
    const madeUp = `sk-sllm-000000000000-${'A'.repeat(43)}`;
    const status = await failureStatus(openAiClient(harness, madeUp).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: PROMPT }] }));
    assert.equal(status, 401);
    assert.equal(harness.fakes.openai.chatRequests().length, before);
  });

  for (const format of ['openai', 'anthropic'] as const) {
    it(`stops a revoked key within a second (${format} format)`, async () => {
      const key = await harness.createKey({ name: `to-revoke-${format}` });
      // Used once first, so a cached "valid" verdict is what the revocation has to overcome.
      assert.equal((await rawChat(harness, format, MODEL, { key })).status, 200);
      assert.equal(await harness.store.revoke(keyIdOf(key)), true);
      const elapsed = await msUntilRefused(harness, key, format, 1_500);
      assert.ok(elapsed !== undefined, 'the revoked key was still accepted after 1.5 s');
      assert.ok(elapsed <= 1_050, `the revoked key was refused only after ${Math.round(elapsed)} ms`);
      // It stays refused.
      assert.equal((await rawChat(harness, format, MODEL, { key })).status, 401);
    });
  }

  it('revoking one key leaves the others working', async () => {
    const kept = await harness.createKey({ name: 'kept' });
    const revoked = await harness.createKey({ name: 'revoked' });
    await harness.store.revoke(keyIdOf(revoked));
    assert.ok((await msUntilRefused(harness, revoked, 'openai', 1_500)) !== undefined);
    assert.equal((await rawChat(harness, 'openai', MODEL, { key: kept })).status, 200);
  });
});
