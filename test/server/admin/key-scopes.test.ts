/**
 * Key scopes through the front door (issue 3 item 3): a key restricted to providers or models is
 * refused anything else with 403 naming the model, without reaching an upstream; expired and
 * revoked keys are 401.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../../src/security/create-api-key.js';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { assertError, call, chat, jsonOf, keyIdOf, msUntilStatus } from './admin-client.js';

const DAY_MS = 86_400_000;

describe('API key scopes at the front door', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'], models: { smart: { targets: ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini'] } } });
  });
  after(() => harness.close());

  const upstreamCalls = (): number => harness.fakes.openai.chatRequests().length + harness.fakes.anthropic.chatRequests().length;

  it("a key limited to providers ['openai'] is refused anthropic models with 403 naming the model", async () => {
    const key = await harness.createKey({ providers: ['openai'] });
    const before = upstreamCalls();
    const message = assertError(await chat(harness, key, 'anthropic/claude-sonnet-4-5'), 403, 'forbidden');
    assert.match(message, /anthropic\/claude-sonnet-4-5/);
    assert.equal(upstreamCalls(), before, 'a refused request reached an upstream');
    assert.equal((await chat(harness, key, 'openai/gpt-4o-mini')).status, 200);
  });

  it('an alias is narrowed to the targets the provider scope allows', async () => {
    const key = await harness.createKey({ providers: ['openai'] });
    const before = harness.fakes.anthropic.chatRequests().length;
    const answer = await chat(harness, key, 'smart');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['x-securellm-provider'], 'openai');
    assert.equal(harness.fakes.anthropic.chatRequests().length, before);
  });

  it("a key limited to models ['openai/gpt-4o-mini'] may use that model and no other", async () => {
    const key = await harness.createKey({ models: ['openai/gpt-4o-mini'] });
    assert.equal((await chat(harness, key, 'openai/gpt-4o-mini')).status, 200);
    for (const model of ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']) {
      assert.match(assertError(await chat(harness, key, model), 403, 'forbidden'), new RegExp(model.replace('/', '\\/')));
    }
  });

  it('/v1/models lists only what the key may use', async () => {
    const key = await harness.createKey({ providers: ['openai'] });
    const ids = (jsonOf(await call(harness, 'GET', '/v1/models', { key })) as { data: { id: string }[] }).data.map((model) => model.id);
    assert.ok(ids.includes('openai/gpt-4o-mini'), ids.join(', '));
    assert.ok(!ids.some((id) => id.startsWith('anthropic/')), ids.join(', '));
  });

  it('an expired key is refused with 401', async () => {
    const { key } = await createApiKey(harness.store, { tenant: 'test', expiresInMs: 1000 }, Date.now() - DAY_MS);
    assert.match(assertError(await chat(harness, key, 'openai/gpt-4o-mini'), 401, 'unauthorized'), /expired/);
  });

  it('a key created with expires_in through the admin API stops working once it expires', async () => {
    const adminKey = await harness.createKey({ admin: true });
    const created = jsonOf(await call(harness, 'POST', '/admin/keys', { key: adminKey, body: { tenant: 'test', expires_in: '1s' } })) as { key: string };
    assert.equal((await chat(harness, created.key, 'openai/gpt-4o-mini')).status, 200);
    const elapsed = await msUntilStatus(() => chat(harness, created.key, 'openai/gpt-4o-mini'), 401, 2500);
    assert.ok(elapsed !== undefined, 'the key still worked 2.5 s after a 1 s lifetime');
  });

  it('a revoked key is refused with 401', async () => {
    const key = await harness.createKey();
    await harness.store.revoke(keyIdOf(key));
    const elapsed = await msUntilStatus(() => chat(harness, key, 'openai/gpt-4o-mini'), 401, 1500);
    assert.ok(elapsed !== undefined, 'the revoked key still worked after 1.5 s');
    assert.match(assertError(await chat(harness, key, 'openai/gpt-4o-mini'), 401, 'unauthorized'), /revoked/);
  });

  it('tenant keys with any scope never reach /admin', async () => {
    for (const options of [{}, { providers: ['openai'] }, { models: ['openai/gpt-4o-mini'] }, { rpm: 1000 }]) {
      const key = await harness.createKey(options);
      assertError(await call(harness, 'GET', '/admin/keys', { key }), 403, 'forbidden');
      assertError(await call(harness, 'GET', '/admin/config', { key }), 403, 'forbidden');
    }
  });
});
