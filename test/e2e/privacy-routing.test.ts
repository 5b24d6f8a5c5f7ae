/**
 * Privacy routing through the HTTP front door: a request carrying personal data under
 * `pii = "local_only"`, a key marked local-only, and a tenant listed in `local_only_tenants` reach
 * only local upstreams (`local`, `ollama`), proven by counting every fake's chat calls; with no
 * local target able to serve, the answer is 503 `local_only_unavailable` and no cloud call is made.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { auditRecord, callsSince, chat, chatCounts, errorCode, errorMessage, LOCAL_MODELS } from './local-routing-kit.js';

const ALIASES = {
  smart: { targets: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'local/auto'] },
  'cloud-only': { targets: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'] },
  private: { targets: ['openai/gpt-4o-mini', 'ollama/llama3.2'] },
};
const PERSONAL = 'Please write to jane.doe@example.com about her order';
const personal = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: PERSONAL }], ...extra });

describe('privacy routing', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic', 'ollama', 'local'],
      models: ALIASES,
      guardrails: { pii: 'local_only' },
      localOnlyTenants: ['acme'],
      providers: { local: { vram_threshold_mb: 2048, vram_cache_ms: 0, models: LOCAL_MODELS } },
      routing: { max_retries: 1, circuit_breaker_failures: 50 },
    });
  });
  after(() => harness.close());
  beforeEach(() => harness.fakes.local.vram.setFree(20_480));

  it('sends an alias to its cloud target when nothing keeps it local (the control)', async () => {
    const answer = await chat(harness, { model: 'smart' });
    assert.equal(answer.headers['x-securellm-provider'], 'openai');
    assert.equal(auditRecord(harness, answer.requestId).routing_reason, 'requested');
  });

  it('serves a request with personal data from the local target only, text unchanged', async () => {
    const before = chatCounts(harness);
    const answer = await chat(harness, personal('smart'));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'local');
    assert.deepEqual(callsSince(harness, before), { local: 1 });
    assert.match(JSON.stringify(harness.fakes.local.chatRequests().at(-1)?.body), /jane\.doe@example\.com/);
    const record = auditRecord(harness, answer.requestId);
    assert.equal(record.routing_reason, 'local_only:pii');
    assert.equal(record.provider, 'local');
  });

  it('keeps a streamed request with personal data local too', async () => {
    const before = chatCounts(harness);
    const answer = await chat(harness, personal('smart', { stream: true }));
    assert.equal(answer.status, 200);
    assert.match(answer.text, /data: \[DONE\]/);
    assert.deepEqual(callsSince(harness, before), { local: 1 });
  });

  it('answers 503 local_only_unavailable, with no upstream call, when the model has no local target', async () => {
    const before = chatCounts(harness);
    for (const model of ['cloud-only', 'openai/gpt-4o-mini']) {
      const answer = await chat(harness, personal(model));
      assert.equal(answer.status, 503, model);
      assert.equal(errorCode(answer), 'local_only_unavailable');
      assert.match(errorMessage(answer), /personal data may only go to a local provider/);
      const record = auditRecord(harness, answer.requestId);
      assert.equal(record.reason_code, 'local_only_unavailable');
      assert.equal(record.routing_reason, 'local_only:pii');
    }
    assert.deepEqual(callsSince(harness, before), {});
  });

  it('answers 503 local_only_unavailable, never falling back to the cloud, when the local target has no VRAM', async () => {
    harness.fakes.local.vram.setFree(500);
    const before = chatCounts(harness);
    const answer = await chat(harness, personal('smart'));
    assert.equal(answer.status, 503);
    assert.equal(errorCode(answer), 'local_only_unavailable');
    assert.match(errorMessage(answer), /none can serve it now: only 500 MB of VRAM free/);
    assert.deepEqual(callsSince(harness, before), {});
  });

  it('keeps every request of a local-only key local, with or without personal data', async () => {
    const key = await harness.createKey({ name: 'clinic', localOnly: true });
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'smart' }, key);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'local');
    assert.equal(auditRecord(harness, answer.requestId).routing_reason, 'local_only:key');
    const refused = await chat(harness, { model: 'cloud-only' }, key);
    assert.equal(refused.status, 503);
    assert.equal(errorCode(refused), 'local_only_unavailable');
    assert.match(errorMessage(refused), /requests with this API key may only go to a local provider/);
    const both = await chat(harness, personal('smart'), key);
    assert.equal(auditRecord(harness, both.requestId).routing_reason, 'local_only:key,pii');
    assert.deepEqual(callsSince(harness, before), { local: 2 });
  });

  it('lists to a local-only key only the local models and the aliases with a local target', async () => {
    const listIds = async (key: string): Promise<string[]> => {
      const response = await request(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(response.statusCode, 200);
      return ((await response.body.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    };
    const everything = await listIds(harness.key);
    assert.ok(everything.includes('openai/gpt-4o-mini') && everything.includes('cloud-only'), everything.join(','));
    const local = await listIds(await harness.createKey({ name: 'clinic-list', localOnly: true }));
    assert.ok(local.length > 0);
    for (const id of local) assert.ok(id.startsWith('local/') || id.startsWith('ollama/') || id === 'smart' || id === 'private', `not local: ${id}`);
    assert.ok(local.includes('smart') && local.includes('private') && !local.includes('cloud-only'), local.join(','));
  });

  it('keeps a local-only tenant’s requests on local providers (here Ollama)', async () => {
    const key = await harness.createKey({ tenant: 'acme', name: 'acme-app' });
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'private' }, key);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers['x-securellm-provider'], 'ollama');
    assert.equal(auditRecord(harness, answer.requestId).routing_reason, 'local_only:tenant');
    assert.deepEqual(callsSince(harness, before), { ollama: 1 });
  });

  it('creates a local-only key through POST /admin/keys, and that key stays local', async () => {
    const adminKey = await harness.createKey({ name: 'ops', admin: true });
    const created = await request(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'test', name: 'lab', local_only: true }),
    });
    assert.equal(created.statusCode, 201);
    const summary = JSON.parse(await created.body.text()) as { key: string; localOnly?: boolean };
    assert.equal(summary.localOnly, true);
    const before = chatCounts(harness);
    const answer = await chat(harness, { model: 'private' }, summary.key);
    assert.equal(answer.headers['x-securellm-provider'], 'ollama');
    assert.deepEqual(callsSince(harness, before), { ollama: 1 });
  });
});
