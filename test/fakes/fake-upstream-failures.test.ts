/**
 * The fakes fail the way real providers do, on cue: error statuses with the documented bodies,
 * refused keys, stalls, cut connections, in-band errors; and they notice a client that leaves.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { jsonOf, ndjsonLines, sseBlocks } from './read-frames.js';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from './start-fake-upstream.js';

async function withFake(kind: FakeUpstream['kind'], options: FakeUpstreamOptions, run: (fake: FakeUpstream) => Promise<void>): Promise<void> {
  const fake = await startFakeUpstream(kind, options);
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

const streamBody = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hello world' }] });
const jsonHeaders = { 'content-type': 'application/json' };

function openAiChat(fake: FakeUpstream, extra: { headers?: Record<string, string>; signal?: AbortSignal } = {}): ReturnType<typeof request> {
  return request(`${fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { ...jsonHeaders, ...extra.headers },
    body: streamBody,
    signal: extra.signal,
  });
}

describe('error statuses', () => {
  it('openai 429 with retry-after and the documented error object', async () => {
    await withFake('openai', {}, async (fake) => {
      fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '2' } });
      const response = await openAiChat(fake);
      assert.equal(response.statusCode, 429);
      assert.equal(response.headers['retry-after'], '2');
      const body = jsonOf(await response.body.text());
      assert.deepEqual(Object.keys(body.error as object).sort(), ['code', 'message', 'param', 'type']);
      assert.equal((body.error as { code: string }).code, 'rate_limit_exceeded');
      // The queue is first in, first out; once empty, the default reply again.
      const next = await openAiChat(fake);
      assert.equal(next.statusCode, 200);
      await next.body.dump();
    });
  });

  it('anthropic 529 overloaded_error, and 400 without max_tokens', async () => {
    await withFake('anthropic', {}, async (fake) => {
      fake.enqueue({ kind: 'status', status: 529 });
      const headers = { ...jsonHeaders, 'anthropic-version': '2023-06-01' };
      const url = `${fake.baseUrl}/v1/messages`;
      const message = { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
      const overloaded = await request(url, { method: 'POST', headers, body: JSON.stringify(message) });
      assert.equal(overloaded.statusCode, 529);
      const body = jsonOf(await overloaded.body.text());
      assert.equal(body.type, 'error');
      assert.deepEqual(body.error, { type: 'overloaded_error', message: 'Overloaded' });
      const noMaxTokens = await request(url, { method: 'POST', headers, body: JSON.stringify({ ...message, max_tokens: undefined }) });
      assert.equal(noMaxTokens.statusCode, 400);
      assert.equal((jsonOf(await noMaxTokens.body.text()).error as { type: string }).type, 'invalid_request_error');
    });
  });
});

describe('authentication', () => {
  it('openai-style kinds want the Bearer key and refuse others with 401', async () => {
    await withFake('openai', { requiredApiKey: 'sk-provider' }, async (fake) => {
      const missing = await openAiChat(fake);
      assert.equal(missing.statusCode, 401);
      assert.equal((jsonOf(await missing.body.text()).error as { type: string }).type, 'invalid_request_error');
      const wrong = await openAiChat(fake, { headers: { authorization: 'Bearer sk-client' } });
      assert.equal(wrong.statusCode, 401);
      assert.equal((jsonOf(await wrong.body.text()).error as { code: string }).code, 'invalid_api_key');
      const right = await openAiChat(fake, { headers: { authorization: 'Bearer sk-provider' } });
      assert.equal(right.statusCode, 200);
      await right.body.dump();
      assert.deepEqual(
        fake.chatRequests().map((entry) => entry.headers.authorization),
        [undefined, 'Bearer sk-client', 'Bearer sk-provider'],
      );
    });
  });

  it('anthropic wants x-api-key and anthropic-version', async () => {
    await withFake('anthropic', { requiredApiKey: 'sk-ant' }, async (fake) => {
      const modelsUrl = `${fake.baseUrl}/v1/models`;
      const wrongKey = await request(modelsUrl, { headers: { 'x-api-key': 'nope', 'anthropic-version': '2023-06-01' } });
      assert.equal(wrongKey.statusCode, 401);
      assert.equal((jsonOf(await wrongKey.body.text()).error as { type: string }).type, 'authentication_error');
      const noVersion = await request(modelsUrl, { headers: { 'x-api-key': 'sk-ant' } });
      assert.equal(noVersion.statusCode, 400);
      await noVersion.body.dump();
      const right = await request(modelsUrl, { headers: { 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01' } });
      assert.equal(right.statusCode, 200);
      await right.body.dump();
    });
  });
});

describe('broken transports', () => {
  it('cut_after_events delivers that many events, then the socket dies (not counted as an abort)', async () => {
    await withFake('openai', {}, async (fake) => {
      fake.enqueue({ kind: 'cut_after_events', events: 2 });
      const response = await openAiChat(fake);
      assert.equal(response.statusCode, 200);
      let received = '';
      await assert.rejects(async () => {
        for await (const chunk of response.body) received += (chunk as Buffer).toString('utf8');
      });
      assert.equal(sseBlocks(received).length, 2);
      assert.equal(fake.abortedCount(), 0);
    });
  });

  it('stall_before_headers holds the headers back, then answers normally', async () => {
    await withFake('ollama', {}, async (fake) => {
      fake.enqueue({ kind: 'stall_before_headers', ms: 300 });
      const started = performance.now();
      const response = await request(`${fake.baseUrl}/api/chat`, { method: 'POST', headers: jsonHeaders, body: streamBody });
      assert.ok(performance.now() - started >= 280, 'headers arrive only after the stall');
      assert.equal(ndjsonLines(await response.body.text()).at(-1)?.done, true);
    });
  });

  it('stall_after_events goes silent mid-stream, then finishes', async () => {
    await withFake('deepseek', {}, async (fake) => {
      fake.enqueue({ kind: 'stall_after_events', events: 1, ms: 300 });
      const started = performance.now();
      const response = await openAiChat(fake);
      assert.ok(performance.now() - started < 250, 'headers come at once');
      const text = await response.body.text();
      assert.ok(performance.now() - started >= 280);
      assert.equal(sseBlocks(text).at(-1)?.data, '[DONE]');
    });
  });

  it('in_band_error: the provider-specific mid-stream error after N events', async () => {
    await withFake('openai', {}, async (fake) => {
      fake.enqueue({ kind: 'in_band_error', afterEvents: 2 });
      const blocks = sseBlocks(await (await openAiChat(fake)).body.text());
      assert.equal(blocks.length, 3);
      assert.equal((jsonOf(blocks[2]?.data ?? '').error as { type: string }).type, 'server_error');
    });
    await withFake('anthropic', {}, async (fake) => {
      fake.enqueue({ kind: 'in_band_error', afterEvents: 1 });
      const headers = { ...jsonHeaders, 'anthropic-version': '2023-06-01' };
      const body = JSON.stringify({ model: 'c', max_tokens: 9, stream: true, messages: [{ role: 'user', content: 'x' }] });
      const blocks = sseBlocks(await (await request(`${fake.baseUrl}/v1/messages`, { method: 'POST', headers, body })).body.text());
      assert.deepEqual(blocks.map((block) => block.event), ['message_start', 'error']);
      assert.equal((jsonOf(blocks[1]?.data ?? '').error as { type: string }).type, 'overloaded_error');
    });
    await withFake('ollama', {}, async (fake) => {
      fake.enqueue({ kind: 'in_band_error', afterEvents: 1 });
      const lines = ndjsonLines(await (await request(`${fake.baseUrl}/api/chat`, { method: 'POST', body: streamBody })).body.text());
      assert.equal(lines.length, 2);
      assert.equal(typeof lines[1]?.error, 'string');
    });
  });
});

describe('client abandonment', () => {
  it('a client that leaves mid-stream is counted, and waitForAbort sees it', async () => {
    await withFake('openai', {}, async (fake) => {
      fake.enqueue({ kind: 'stall_after_events', events: 1, ms: 10_000 });
      const controller = new AbortController();
      const response = await openAiChat(fake, { signal: controller.signal });
      response.body.on('error', () => undefined);
      const waited = fake.waitForAbort(2_000);
      controller.abort();
      await waited;
      assert.equal(fake.abortedCount(), 1);
    });
  });

  it('a client that leaves during a stall before headers is counted; close() ends a stall at once', async () => {
    await withFake('anthropic', {}, async (fake) => {
      fake.enqueue({ kind: 'stall_before_headers', ms: 10_000 }, { kind: 'stall_before_headers', ms: 10_000 });
      const headers = { ...jsonHeaders, 'anthropic-version': '2023-06-01' };
      const body = JSON.stringify({ model: 'c', max_tokens: 9, messages: [{ role: 'user', content: 'x' }] });
      const controller = new AbortController();
      const abandoned = request(`${fake.baseUrl}/v1/messages`, { method: 'POST', headers, body, signal: controller.signal });
      while (fake.chatRequests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      await assert.rejects(abandoned);
      await fake.waitForAbort(2_000);

      const pending = request(`${fake.baseUrl}/v1/messages`, { method: 'POST', headers, body });
      while (fake.chatRequests().length === 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.now();
      await fake.close();
      await assert.rejects(pending);
      assert.ok(performance.now() - started < 1_000);
      assert.equal(fake.abortedCount(), 1, 'closing the fake is not a client abandonment');
    });
  });
});
