/**
 * The local provider (ml-offload-api) through the HTTP front door: local/auto's choice follows the
 * VRAM reading, declines are typed and never retried, fallback runs cloud → local and local →
 * cloud, an Ollama model that was never pulled is a 404, and /readyz and the admin API show VRAM.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { auditRecord, callsSince, chat, chatCounts, errorCode, errorMessage, LOCAL_MODELS } from './local-routing-kit.js';

const ALIASES = {
  'cloud-first': { targets: ['openai/gpt-4o-mini', 'local/auto'] },
  'local-first': { targets: ['local/auto', 'openai/gpt-4o-mini'] },
  'pulled-or-local': { targets: ['ollama/mistral', 'local/auto'] },
};
const PLENTY_MB = 20_480;

function sentModel(harness: GatewayHarness): unknown {
  return (harness.fakes.local.chatRequests().at(-1)?.body as { model?: unknown } | undefined)?.model;
}

function vramProbes(harness: GatewayHarness): number {
  return harness.fakes.local.requests.filter((entry) => entry.path === '/health/vram').length;
}

describe('local/auto and local/<name> through the front door', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'ollama', 'local'],
      models: ALIASES,
      // A fresh VRAM reading for every request: the tests change it between requests.
      providers: { local: { vram_threshold_mb: 2048, vram_cache_ms: 0, models: LOCAL_MODELS } },
      fakeOptions: { ollama: { onlyListedModels: true } },
      routing: { max_retries: 1, circuit_breaker_failures: 50 },
    });
  });
  after(() => harness.close());
  beforeEach(() => harness.fakes.local.vram.setFree(PLENTY_MB));

  it('picks the most capable model that fits, and says so in the headers and the audit record', async () => {
    const answer = await chat(harness, { model: 'local/auto' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'local');
    assert.equal(answer.headers['x-securellm-model'], 'local/qwen2.5-7b-instruct');
    assert.equal(sentModel(harness), 'qwen2.5-7b-instruct');
    const record = auditRecord(harness, answer.requestId);
    assert.equal(record.provider, 'local');
    assert.equal(record.model, 'qwen2.5-7b-instruct');
    assert.equal(record.routing_reason, 'requested');
  });

  it('follows the free VRAM as it changes between requests', async () => {
    harness.fakes.local.vram.setFree(4000);
    const small = await chat(harness, { model: 'local/auto' });
    assert.equal(small.headers['x-securellm-model'], 'local/llama-3.2-3b-instruct');
    assert.equal(sentModel(harness), 'llama-3.2-3b-instruct');
    harness.fakes.local.vram.setFree(PLENTY_MB);
    const large = await chat(harness, { model: 'local/auto', stream: true, stream_options: { include_usage: true } });
    assert.equal(large.status, 200);
    assert.match(large.text, /data: \[DONE\]/);
    assert.equal(large.headers['x-securellm-model'], 'local/qwen2.5-7b-instruct');
    assert.equal(sentModel(harness), 'qwen2.5-7b-instruct');
  });

  it('counts prompt plus max_tokens against each model’s context', async () => {
    harness.fakes.local.vram.setFree(4000);
    const tooLong = await chat(harness, { model: 'local/auto', max_tokens: 8190 });
    assert.equal(tooLong.status, 503);
    assert.equal(errorCode(tooLong), 'insufficient_resources');
    assert.match(errorMessage(tooLong), /context of 8192 tokens, the request needs \d+/);
    harness.fakes.local.vram.setFree(PLENTY_MB);
    const roomy = await chat(harness, { model: 'local/auto', max_tokens: 8190 });
    assert.equal(roomy.headers['x-securellm-model'], 'local/qwen2.5-7b-instruct');
  });

  it('declines below vram_threshold_mb with 503 insufficient_resources: one VRAM probe, no chat call, no retry', async () => {
    harness.fakes.local.vram.setFree(1500);
    const [before, probesBefore] = [chatCounts(harness), vramProbes(harness)];
    const answer = await chat(harness, { model: 'local/auto' });
    assert.equal(answer.status, 503);
    assert.equal(errorCode(answer), 'insufficient_resources');
    assert.match(errorMessage(answer), /1500 MB of VRAM free, below vram_threshold_mb = 2048/);
    assert.deepEqual(callsSince(harness, before), {});
    assert.equal(vramProbes(harness) - probesBefore, 1, 'declined once, not retried');
    const record = auditRecord(harness, answer.requestId);
    assert.equal(record.reason_code, 'insufficient_resources');
    assert.equal(record.retries, 0);
  });

  it('local/<name> that does not fit: 503 naming free and needed MB; one that is not served: 404', async () => {
    harness.fakes.local.vram.setFree(4000);
    const before = chatCounts(harness);
    const big = await chat(harness, { model: 'local/qwen2.5-7b-instruct' });
    assert.equal(big.status, 503);
    assert.equal(errorCode(big), 'insufficient_resources');
    assert.match(errorMessage(big), /qwen2\.5-7b-instruct cannot run now: needs 6000 MB of VRAM, 4000 MB free/);
    const missing = await chat(harness, { model: 'local/mistral-7b' });
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing), 'model_not_found');
    assert.deepEqual(callsSince(harness, before), {});
    const fits = await chat(harness, { model: 'local/llama-3.2-3b-instruct' });
    assert.equal(fits.status, 200);
  });

  it('falls back local → cloud when the VRAM is exhausted, without retrying the local target', async () => {
    harness.fakes.local.vram.setFree(1000);
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'local-first' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'openai');
    assert.deepEqual(callsSince(harness, before), { openai: 1 });
    const record = auditRecord(harness, answer.requestId);
    assert.deepEqual(record.fallbacks, [{ target: 'local/auto', code: 'insufficient_resources' }]);
    assert.equal(record.retries, 0);
    assert.equal(record.routing_reason, 'fallback');
  });

  it('falls back cloud → local when the cloud provider is down', async () => {
    harness.fakes.openai.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'cloud-first' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-model'], 'local/qwen2.5-7b-instruct');
    assert.deepEqual(callsSince(harness, before), { openai: 2, local: 1 });
    assert.deepEqual(auditRecord(harness, answer.requestId).fallbacks, [{ target: 'openai/gpt-4o-mini', code: 'upstream_overloaded' }]);
  });

  it('falls back cloud → local at once when the cloud provider rate-limits with a long Retry-After', async () => {
    harness.fakes.openai.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'cloud-first' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'local');
    assert.deepEqual(callsSince(harness, before), { openai: 1, local: 1 });
  });

  it('answers 404 model_not_found for an Ollama model that was never pulled, asking once', async () => {
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'ollama/mistral' });
    assert.equal(answer.status, 404);
    assert.equal(errorCode(answer), 'model_not_found');
    assert.match(errorMessage(answer), /mistral.*not found.*pull/);
    assert.deepEqual(callsSince(harness, before), { ollama: 1 });
    const fallback = await chat(harness, { model: 'pulled-or-local' });
    assert.equal(fallback.status, 200);
    assert.equal(fallback.headers['x-securellm-provider'], 'local');
  });

  it('shows VRAM and model availability in /readyz and GET /admin/providers', async () => {
    harness.fakes.local.vram.set({ total_mb: 8192, used_mb: 3692, free_mb: 4500 });
    const ready = await request(`${harness.url}/readyz`);
    const body = JSON.parse(await ready.body.text()) as { providers: Record<string, Record<string, unknown>> };
    const local = body.providers.local;
    assert.deepEqual(local?.vram, { total_mb: 8192, used_mb: 3692, free_mb: 4500 });
    assert.equal(local?.vram_threshold_mb, 2048);
    assert.deepEqual(local?.models, [
      { name: 'llama-3.2-3b-instruct', available: true, vram_mb: 3000, context_tokens: 8192, fits_vram: true },
      { name: 'qwen2.5-7b-instruct', available: true, vram_mb: 6000, context_tokens: 32768, fits_vram: false },
    ]);
    assert.deepEqual(body.providers.ollama?.models, [
      { name: 'llama3.2', available: true },
      { name: 'qwen2.5:7b', available: true },
    ]);

    const adminKey = await harness.createKey({ name: 'ops', admin: true });
    const admin = await request(`${harness.url}/admin/providers`, { headers: { authorization: `Bearer ${adminKey}` } });
    assert.equal(admin.statusCode, 200);
    const listing = JSON.parse(await admin.body.text()) as { data: Array<Record<string, unknown>> };
    const entry = listing.data.find((provider) => provider.name === 'local');
    assert.equal(entry?.local, true);
    assert.deepEqual(entry?.vram, { total_mb: 8192, used_mb: 3692, free_mb: 4500 });
    assert.equal(listing.data.find((provider) => provider.name === 'openai')?.local, false);
    const refused = await request(`${harness.url}/admin/providers`, { headers: { authorization: `Bearer ${harness.key}` } });
    assert.equal(refused.statusCode, 403);
    await refused.body.dump();
  });
});

describe('cloud → local when the gateway itself refuses the cloud provider', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'local'],
      models: { 'cloud-first': ALIASES['cloud-first'] },
      providers: { openai: { requests_per_minute: 1, burst_size: 1 }, local: { models: LOCAL_MODELS } },
    });
  });
  after(() => harness.close());

  it('moves to local when the key’s budget cannot pay the cloud price (local is free)', async () => {
    const key = await harness.createKey({ name: 'thrifty', budgetUsd: 0.000_001 });
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'cloud-first', max_tokens: 100 }, key);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'local');
    assert.deepEqual(callsSince(harness, before), { local: 1 });
    assert.deepEqual(auditRecord(harness, answer.requestId).fallbacks, [{ target: 'openai/gpt-4o-mini', code: 'request_too_expensive' }]);
  });

  it('moves to local once the cloud provider’s own request cap is used up', async () => {
    const first = await chat(harness, { model: 'cloud-first' });
    assert.equal(first.headers['x-securellm-provider'], 'openai');
    const before = chatCounts(harness);
    const second = await chat(harness, { model: 'cloud-first' });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.headers['x-securellm-provider'], 'local');
    assert.deepEqual(callsSince(harness, before), { local: 1 });
    assert.deepEqual(auditRecord(harness, second.requestId).fallbacks, [{ target: 'openai/gpt-4o-mini', code: 'rate_limited' }]);
    // With no local target to move to, the cap answers as before.
    const direct = await chat(harness, { model: 'openai/gpt-4o-mini' });
    assert.equal(direct.status, 429);
  });
});

describe('the VRAM reading is reused for about a second (vram_cache_ms default 1000)', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['local'], providers: { local: { models: LOCAL_MODELS } } });
  });
  after(() => harness.close());

  it('keeps choosing from the cached reading, then follows the new one once it expired', async () => {
    // Taken before the first request, so the reading it caches is at most this old.
    const readAt = performance.now();
    const first = await chat(harness, { model: 'local/auto' });
    assert.equal(first.headers['x-securellm-model'], 'local/qwen2.5-7b-instruct');
    harness.fakes.local.vram.setFree(4000);
    const cached = await chat(harness, { model: 'local/auto' });
    // Only meaningful while the first reading is fresh; two loopback requests take milliseconds.
    assert.ok(performance.now() - readAt < 1000, 'the second request came within the cache lifetime');
    assert.equal(cached.headers['x-securellm-model'], 'local/qwen2.5-7b-instruct', 'the cached reading still shows 20 GB free');
    assert.equal(vramProbes(harness), 1);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    const fresh = await chat(harness, { model: 'local/auto' });
    assert.equal(fresh.headers['x-securellm-model'], 'local/llama-3.2-3b-instruct');
    assert.equal(vramProbes(harness), 2);
  });
});
