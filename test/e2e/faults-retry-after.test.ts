/**
 * The upstream's own pacing: `Retry-After` (seconds) and `retry-after-ms` decide when the retry
 * goes out, unless the wait is longer than `routing.retry_after_max_ms`, when the gateway falls
 * back to the alias's next target at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { chatCallsSince, rawChat } from './faults-clients.js';

describe('Retry-After from the upstream', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      models: { smart: { targets: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'] } },
      // Backoff alone would wait 1–5 ms (the harness default), so a longer wait is the header's doing.
      routing: { max_retries: 2, retry_after_max_ms: 2_000, circuit_breaker_failures: 50 },
    });
  });
  after(() => harness.close());

  it('waits about one second for `retry-after: 1` before retrying', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const answer = await rawChat(harness, 'openai', 'openai/gpt-4o-mini');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(chatCallsSince(fake, before), 2);
    assert.ok(answer.elapsedMs >= 900, `retried after ${Math.round(answer.elapsedMs)} ms, expected about 1000`);
    assert.ok(answer.elapsedMs < 1_900, `retried after ${Math.round(answer.elapsedMs)} ms, expected about 1000`);
  });

  it('honours `retry-after-ms`', async () => {
    const fake = harness.fakes.openai;
    const before = fake.chatRequests().length;
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after-ms': '150' } });
    const answer = await rawChat(harness, 'openai', 'openai/gpt-4o-mini');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(chatCallsSince(fake, before), 2);
    assert.ok(answer.elapsedMs >= 140, `retried after ${Math.round(answer.elapsedMs)} ms, expected at least 150`);
    assert.ok(answer.elapsedMs < 1_000, `retried after ${Math.round(answer.elapsedMs)} ms, expected about 150`);
  });

  it('falls back at once when Retry-After exceeds retry_after_max_ms', async () => {
    const openai = harness.fakes.openai;
    const anthropic = harness.fakes.anthropic;
    const openaiBefore = openai.chatRequests().length;
    const anthropicBefore = anthropic.chatRequests().length;
    openai.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    const answer = await rawChat(harness, 'openai', 'smart');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-securellm-provider'], 'anthropic');
    assert.ok(answer.elapsedMs < 500, `fell back after ${Math.round(answer.elapsedMs)} ms, expected at once`);
    assert.equal(chatCallsSince(openai, openaiBefore), 1, 'the rate-limited target is not retried');
    assert.equal(chatCallsSince(anthropic, anthropicBefore), 1);
  });

  it('falls back at once on a too-long Retry-After given as an HTTP date', async () => {
    const openai = harness.fakes.openai;
    const openaiBefore = openai.chatRequests().length;
    const date = new Date(Date.now() + 60_000).toUTCString();
    openai.enqueue({ kind: 'status', status: 503, headers: { 'retry-after': date } });
    const answer = await rawChat(harness, 'openai', 'smart');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-securellm-provider'], 'anthropic');
    assert.ok(answer.elapsedMs < 500, `fell back after ${Math.round(answer.elapsedMs)} ms, expected at once`);
    assert.equal(chatCallsSince(openai, openaiBefore), 1);
  });
});
