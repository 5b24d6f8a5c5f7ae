import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type OpenAI from 'openai';
import type Anthropic from '@anthropic-ai/sdk';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, completionTokensOf, echoOf, openaiClient, promptTokensOf } from './sdk-clients.js';
import { postStream, rawRequest } from './sdk-raw-http.js';

interface AuditLine {
  request_id?: string;
  cache_hit?: boolean;
  total_cost?: number | null;
  provider?: string | null;
  model?: string | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  cached_tokens?: number;
  status?: number;
}

function auditRecordOf(harness: GatewayHarness, requestId: string | null): AuditLine {
  const directory = path.dirname(harness.gateway.config.security.audit.log_path);
  const lines = readdirSync(directory)
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => readFileSync(path.join(directory, name), 'utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditLine);
  const record = lines.find((line) => line.request_id === requestId);
  assert.ok(record, `no audit record for ${String(requestId)}`);
  return record;
}

const MODEL = 'openai/gpt-4o-mini';

describe('response cache through the front doors', () => {
  let harness: GatewayHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const upstreamCalls = (): number => harness.fakes.openai.chatRequests().length;

  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'], cache: { enabled: true, ttl_seconds: 300 } });
    openai = openaiClient(harness.url, { apiKey: harness.key });
    anthropic = anthropicClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('answers a repeated temperature-0 request from the cache: one upstream call, same answer, no cost', async () => {
    const before = upstreamCalls();
    const request = { model: MODEL, temperature: 0, messages: [{ role: 'user' as const, content: 'what is the capital of France?' }] };
    const first = await openai.chat.completions.create(request).withResponse();
    const second = await openai.chat.completions.create(request).withResponse();
    assert.equal(upstreamCalls() - before, 1);
    assert.equal(first.response.headers.get('x-securellm-cache'), 'miss');
    assert.equal(second.response.headers.get('x-securellm-cache'), 'hit');
    assert.equal(second.data.choices[0]?.message.content, echoOf('what is the capital of France?'));
    assert.equal(second.data.choices[0]?.message.content, first.data.choices[0]?.message.content);
    assert.equal(second.data.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(second.data.usage, first.data.usage);
    assert.ok(Number(first.response.headers.get('x-securellm-cost-usd')) > 0);
    assert.equal(Number(second.response.headers.get('x-securellm-cost-usd')), 0);
    assert.equal(second.response.headers.get('x-securellm-model'), MODEL);
    assert.notEqual(second.data.id, first.data.id, 'every answer has its own id');
  });

  it('streams a hit as SSE when the client streams (OpenAI format), with usage when asked', async () => {
    const prompt = 'stream me the cached answer';
    const before = upstreamCalls();
    await openai.chat.completions.create({ model: MODEL, temperature: 0, messages: [{ role: 'user', content: prompt }] });
    const { data: stream, response } = await openai.chat.completions
      .create({ model: MODEL, temperature: 0, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: prompt }] })
      .withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(upstreamCalls() - before, 1);
    assert.equal(response.headers.get('x-securellm-cache'), 'hit');
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(text, echoOf(prompt));
    assert.equal(finish, 'stop');
    assert.equal(usage?.prompt_tokens, promptTokensOf(prompt));
    assert.equal(usage?.completion_tokens, completionTokensOf(echoOf(prompt)));
  });

  it('streams a hit in the Anthropic format too, and a stored stream serves a whole answer', async () => {
    const prompt = 'anthropic client, cached';
    const before = upstreamCalls();
    const body = { model: MODEL, max_tokens: 200, temperature: 0, messages: [{ role: 'user' as const, content: prompt }] };
    // The first one streams (a miss, stored once the stream completed) ...
    const primed = await postStream(harness.url, '/v1/messages', harness.key, body);
    assert.equal(primed.headers['x-securellm-cache'], 'miss');
    assert.match(primed.text, /event: message_stop/);
    // ... then the SDK streams the hit ...
    const { data: stream, response } = await anthropic.messages.create({ ...body, stream: true }).withResponse();
    const deltas: string[] = [];
    const types = new Set<string>();
    for await (const event of stream) {
      types.add(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
    }
    assert.equal(response.headers.get('x-securellm-cache'), 'hit');
    assert.equal(deltas.join(''), echoOf(prompt));
    for (const type of ['message_start', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop']) assert.ok(types.has(type), type);
    // ... and asks for it whole.
    const whole = await anthropic.messages.create(body);
    assert.equal(whole.content[0]?.type === 'text' ? whole.content[0].text : undefined, echoOf(prompt));
    assert.equal(whole.stop_reason, 'end_turn');
    assert.equal(upstreamCalls() - before, 1);
  });

  it('does not cache a request that samples (temperature above 0, or none)', async () => {
    const before = upstreamCalls();
    for (const temperature of [0.7, 0.7, undefined, undefined]) {
      const { response } = await openai.chat.completions
        .create({ model: MODEL, ...(temperature === undefined ? {} : { temperature }), messages: [{ role: 'user', content: 'tell me a story' }] })
        .withResponse();
      assert.equal(response.headers.get('x-securellm-cache'), null);
    }
    assert.equal(upstreamCalls() - before, 4);
  });

  it('caches any request whose client sends x-securellm-cache: use, and bypasses the cache on no-store', async () => {
    const before = upstreamCalls();
    const optIn = { headers: { 'x-securellm-cache': 'use' } };
    const request = { model: MODEL, temperature: 1, messages: [{ role: 'user' as const, content: 'opted in' }] };
    const first = await openai.chat.completions.create(request, optIn).withResponse();
    const second = await openai.chat.completions.create(request, optIn).withResponse();
    assert.equal(first.response.headers.get('x-securellm-cache'), 'miss');
    assert.equal(second.response.headers.get('x-securellm-cache'), 'hit');
    assert.equal(upstreamCalls() - before, 1);

    const deterministic = { model: MODEL, temperature: 0, messages: [{ role: 'user' as const, content: 'opted out' }] };
    await openai.chat.completions.create(deterministic);
    const bypassed = await openai.chat.completions.create(deterministic, { headers: { 'x-securellm-cache': 'no-store' } }).withResponse();
    assert.equal(bypassed.response.headers.get('x-securellm-cache'), null);
    assert.equal(upstreamCalls() - before, 3);
  });

  it('refuses an unknown x-securellm-cache value with a 400 in the client format', async () => {
    const answer = await rawRequest(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json', 'x-securellm-cache': 'maybe' },
      body: JSON.stringify({ model: MODEL, temperature: 0, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(answer.status, 400);
    const body = JSON.parse(answer.text) as { error: { code: string; param: string } };
    assert.equal(body.error.param, 'x-securellm-cache');
  });

  it('never shares answers between tenants', async () => {
    const acme = openaiClient(harness.url, { apiKey: await harness.createKey({ tenant: 'acme' }) });
    const globex = openaiClient(harness.url, { apiKey: await harness.createKey({ tenant: 'globex' }) });
    const request = { model: MODEL, temperature: 0, messages: [{ role: 'user' as const, content: 'tenant secret question' }] };
    const before = upstreamCalls();
    const a1 = await acme.chat.completions.create(request).withResponse();
    const b1 = await globex.chat.completions.create(request).withResponse();
    assert.equal(upstreamCalls() - before, 2, 'the second tenant went upstream');
    assert.equal(a1.response.headers.get('x-securellm-cache'), 'miss');
    assert.equal(b1.response.headers.get('x-securellm-cache'), 'miss');
    const a2 = await acme.chat.completions.create(request).withResponse();
    const b2 = await globex.chat.completions.create(request).withResponse();
    assert.equal(a2.response.headers.get('x-securellm-cache'), 'hit');
    assert.equal(b2.response.headers.get('x-securellm-cache'), 'hit');
    assert.equal(upstreamCalls() - before, 2);
  });

  it('does not keep a stream that was cut short', async () => {
    const body = { model: MODEL, temperature: 0, messages: [{ role: 'user', content: 'this stream will break' }] };
    const before = upstreamCalls();
    harness.fakes.openai.enqueue({ kind: 'cut_after_events', events: 3 });
    const cut = await postStream(harness.url, '/v1/chat/completions', harness.key, body);
    assert.match(cut.text, /"error"/);
    const again = await postStream(harness.url, '/v1/chat/completions', harness.key, body);
    assert.equal(again.headers['x-securellm-cache'], 'miss');
    assert.match(again.text, /data: \[DONE\]/);
    const third = await postStream(harness.url, '/v1/chat/completions', harness.key, body);
    assert.equal(third.headers['x-securellm-cache'], 'hit');
    assert.equal(upstreamCalls() - before, 2);
  });

  it('writes cache_hit to the audit record, with the tokens and a zero cost', async () => {
    const request = { model: MODEL, temperature: 0, messages: [{ role: 'user' as const, content: 'audit this hit' }] };
    const first = await openai.chat.completions.create(request).withResponse();
    const second = await openai.chat.completions.create(request).withResponse();
    const miss = auditRecordOf(harness, first.response.headers.get('x-request-id'));
    const hit = auditRecordOf(harness, second.response.headers.get('x-request-id'));
    assert.equal(miss.cache_hit, false);
    assert.ok((miss.total_cost ?? 0) > 0);
    assert.equal(hit.cache_hit, true);
    assert.equal(hit.status, 200);
    assert.equal(hit.total_cost, 0);
    assert.equal(hit.provider, 'openai');
    assert.equal(hit.model, 'gpt-4o-mini');
    assert.equal(hit.prompt_tokens, miss.prompt_tokens);
    assert.equal(hit.completion_tokens, miss.completion_tokens);
    assert.equal(hit.cached_tokens, miss.prompt_tokens);
  });

  it('records cached requests in usage under provider cache at no cost, and counts hits and misses in /metrics', async () => {
    const apiKey = await harness.createKey({ tenant: 'usage-tenant', name: 'usage' });
    const client = openaiClient(harness.url, { apiKey });
    const prompt = 'count my cached usage';
    const request = { model: MODEL, temperature: 0, messages: [{ role: 'user' as const, content: prompt }] };
    for (let index = 0; index < 3; index += 1) await client.chat.completions.create(request);
    const usage = harness.gateway.usage;
    assert.ok(usage !== undefined);
    const rows = (await usage.query()).filter((row) => row.tenant === 'usage-tenant');
    const upstream = rows.find((row) => row.provider === 'openai');
    const cached = rows.find((row) => row.provider === 'cache');
    assert.ok(upstream && cached, JSON.stringify(rows));
    assert.equal(upstream.requests, 1);
    assert.ok(upstream.costUsd > 0);
    assert.equal(cached.requests, 2);
    assert.equal(cached.model, MODEL);
    assert.equal(cached.costUsd, 0);
    assert.equal(cached.promptTokens, 2 * promptTokensOf(prompt));
    assert.equal(cached.cachedTokens, 2 * promptTokensOf(prompt));
    assert.equal(cached.completionTokens, 2 * completionTokensOf(echoOf(prompt)));

    const metrics = await rawRequest(`${harness.url}/metrics`, { method: 'GET', headers: { authorization: `Bearer ${harness.key}` } });
    const hits = /^securellm_cache_lookups_total\{result="hit"\} (\d+)/m.exec(metrics.text);
    const misses = /^securellm_cache_lookups_total\{result="miss"\} (\d+)/m.exec(metrics.text);
    assert.ok(hits && Number(hits[1]) >= 2, metrics.text.slice(0, 200));
    assert.ok(misses && Number(misses[1]) >= 1);
    assert.match(metrics.text, /^securellm_cache_bytes [1-9]\d*$/m);
  });
});
