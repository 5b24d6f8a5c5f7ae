/**
 * The local provider against the loopback ml-offload-api fake: which model it sends, when it
 * declines without calling the chat endpoint, and how its VRAM reading is cached.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { configSchema } from '../../../src/config/schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { Provider } from '../../../src/core/provider.js';
import { createLocalProvider } from '../../../src/providers/local/local-provider.js';
import { startFakeUpstream, type FakeUpstream } from '../../fakes/start-fake-upstream.js';
import { chatRequest, collect, collectUntilError } from '../anthropic/loopback-upstream.js';

const MODELS = [
  { name: 'llama-3.2-3b-instruct', vram_mb: 3000, context_tokens: 8192 },
  { name: 'qwen2.5-7b-instruct', vram_mb: 6000, context_tokens: 32768 },
];

let fake: FakeUpstream | undefined;
let provider: Provider | undefined;
let now = 0;

afterEach(async () => {
  await provider?.close();
  await fake?.close();
  provider = undefined;
  fake = undefined;
});

async function setUp(section: Record<string, unknown> = {}): Promise<{ fake: FakeUpstream; provider: Provider }> {
  fake = await startFakeUpstream('local');
  const config = configSchema.parse({ providers: { local: { base_url: fake.baseUrl, vram_threshold_mb: 2048, models: MODELS, ...section } } });
  const local = config.providers.local;
  assert.ok(local);
  now = 0;
  provider = createLocalProvider({ name: 'local', kind: 'local', config: local, routing: config.routing }, { now: () => now });
  return { fake, provider };
}

const call = (model: string) => ({ model, signal: new AbortController().signal });
const sentModel = (upstream: FakeUpstream): unknown => (upstream.chatRequests().at(-1)?.body as { model?: unknown } | undefined)?.model;

describe('local provider (ml-offload-api)', () => {
  it('local/auto sends the most capable model that fits and names it in the start chunk', async () => {
    const { fake, provider } = await setUp();
    const chunks = await collect(provider.chat(chatRequest({ stream: false }), call('auto')));
    assert.equal(sentModel(fake), 'qwen2.5-7b-instruct');
    assert.deepEqual(chunks[0], { ...chunks[0], type: 'start', model: 'qwen2.5-7b-instruct' });
    const paths = fake.requests.map((request) => `${request.method} ${request.path}`);
    assert.deepEqual(paths.sort(), ['GET /health/vram', 'GET /v1/models', 'POST /v1/chat/completions']);
  });

  it('follows the VRAM reading once the cache expires, not before', async () => {
    const { fake, provider } = await setUp({ vram_cache_ms: 1000 });
    await collect(provider.chat(chatRequest(), call('auto')));
    assert.equal(sentModel(fake), 'qwen2.5-7b-instruct');
    fake.vram.setFree(4000);
    now = 999;
    await collect(provider.chat(chatRequest(), call('auto')));
    assert.equal(sentModel(fake), 'qwen2.5-7b-instruct', 'the reading is still cached');
    now = 1000;
    await collect(provider.chat(chatRequest(), call('auto')));
    assert.equal(sentModel(fake), 'llama-3.2-3b-instruct', 'a new reading: only the small model fits');
    assert.equal(fake.requests.filter((request) => request.path === '/health/vram').length, 2);
  });

  it('declines with insufficient_resources, without calling chat, when nothing fits', async () => {
    const { fake, provider } = await setUp();
    fake.vram.setFree(2500);
    const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call('auto')));
    assert.deepEqual(chunks, []);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'insufficient_resources');
    assert.equal(error.code, 'insufficient_resources');
    assert.match(error.message, /2500 MB VRAM free/);
    assert.equal(fake.chatRequests().length, 0);
  });

  it('declines below vram_threshold_mb', async () => {
    const { fake, provider } = await setUp({ models: [{ name: 'llama-3.2-3b-instruct', vram_mb: 1000, context_tokens: 8192 }] });
    fake.vram.setFree(1500);
    const { error } = await collectUntilError(provider.chat(chatRequest(), call('auto')));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'insufficient_resources');
    assert.match(error.message, /1500 MB of VRAM free, below vram_threshold_mb = 2048/);
  });

  it('counts the prompt with the tokenizer plus max_tokens against the context', async () => {
    const { fake, provider } = await setUp();
    fake.vram.setFree(4000);
    // Room for the small model's 8192 tokens of context, but not with 8000 more for the answer.
    const { error } = await collectUntilError(provider.chat(chatRequest({ maxTokens: 8190 }), call('auto')));
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /context of 8192 tokens, the request needs \d+/);
    await collect(provider.chat(chatRequest({ maxTokens: 100 }), call('auto')));
    assert.equal(sentModel(fake), 'llama-3.2-3b-instruct');
  });

  it('local/<name>: model_not_found when the upstream does not serve it, insufficient_resources with MB when it does not fit', async () => {
    const { fake, provider } = await setUp();
    const missing = await collectUntilError(provider.chat(chatRequest(), call('mistral-7b')));
    assert.ok(missing.error instanceof ProviderError);
    assert.equal(missing.error.kind, 'model_not_found');
    assert.equal(missing.error.status, 404);
    fake.vram.setFree(4000);
    now = 10_000;
    const big = await collectUntilError(provider.chat(chatRequest(), call('qwen2.5-7b-instruct')));
    assert.ok(big.error instanceof ProviderError);
    assert.equal(big.error.kind, 'insufficient_resources');
    assert.equal(big.error.status, 503);
    assert.match(big.error.message, /needs 6000 MB of VRAM, 4000 MB free/);
    assert.equal(fake.chatRequests().length, 0);
    await collect(provider.chat(chatRequest(), call('llama-3.2-3b-instruct')));
    assert.equal(sentModel(fake), 'llama-3.2-3b-instruct');
  });

  it('reports VRAM and model availability in health, and lists auto among its models', async () => {
    const { fake, provider } = await setUp();
    fake.setModels(['llama-3.2-3b-instruct', 'phi-3-mini']);
    fake.vram.set({ total_mb: 8192, used_mb: 3192, free_mb: 5000 });
    const health = await provider.health();
    assert.equal(health.ok, true);
    assert.deepEqual(health.resources, {
      vram: { totalMb: 8192, usedMb: 3192, freeMb: 5000 },
      vramThresholdMb: 2048,
      models: [
        { name: 'llama-3.2-3b-instruct', available: true, vramMb: 3000, contextTokens: 8192, fitsVram: true },
        { name: 'qwen2.5-7b-instruct', available: false, vramMb: 6000, contextTokens: 32768, fitsVram: false },
        { name: 'phi-3-mini', available: true },
      ],
    });
    assert.deepEqual(await provider.models(), ['auto', 'llama-3.2-3b-instruct', 'phi-3-mini']);
  });

  it('is unhealthy, and chat fails as unavailable, when /health/vram sends garbage', async () => {
    const { fake, provider } = await setUp();
    fake.vram.set({ total_mb: 1, used_mb: 1, free_mb: Number.NaN });
    const health = await provider.health();
    assert.equal(health.ok, false);
    assert.match(health.detail ?? '', /free_mb/);
    const { error } = await collectUntilError(provider.chat(chatRequest(), call('auto')));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'unavailable');
  });
});
