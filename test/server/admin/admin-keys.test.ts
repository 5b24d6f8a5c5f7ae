/**
 * `/admin/keys`: listing shows summaries with a status and never a hash; creating answers the key
 * once, and it works at once; revoking stops it within a second; bodies are validated strictly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../../src/security/create-api-key.js';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { assertError, call, jsonOf, keyIdOf, msUntilStatus, type Answer } from './admin-client.js';

interface Summary {
  id: string;
  key?: string;
  name?: string;
  tenant: string;
  status: string;
  admin: boolean;
  providers?: string[];
  models?: string[];
  rpm?: number;
  budgetUsd?: number;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

const DAY_MS = 86_400_000;

describe('admin API: keys', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    adminKey = await harness.createKey({ name: 'admin', admin: true });
  });
  after(() => harness.close());

  const listKeys = async (): Promise<Summary[]> => {
    const answer = await call(harness, 'GET', '/admin/keys', { key: adminKey });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['cache-control'], 'no-store');
    const body = jsonOf(answer) as { object: string; data: Summary[] };
    assert.equal(body.object, 'list');
    return body.data;
  };
  const create = (body: unknown): Promise<Answer> => call(harness, 'POST', '/admin/keys', { key: adminKey, body });
  const models = (key: string): Promise<Answer> => call(harness, 'GET', '/v1/models', { key });

  it('lists every key with its status, active, revoked and expired, and never a hash or secret', async () => {
    const revoked = await createApiKey(harness.store, { tenant: 'acme', name: 'gone' });
    await harness.store.revoke(revoked.record.id);
    const expired = await createApiKey(harness.store, { tenant: 'acme', name: 'old', expiresInMs: 1000 }, Date.now() - DAY_MS);
    const answer = await call(harness, 'GET', '/admin/keys', { key: adminKey });
    const byId = new Map((await listKeys()).map((summary) => [summary.id, summary]));
    assert.equal(byId.get(keyIdOf(adminKey))?.status, 'active');
    assert.equal(byId.get(keyIdOf(adminKey))?.admin, true);
    assert.equal(byId.get(revoked.record.id)?.status, 'revoked');
    assert.equal(typeof byId.get(revoked.record.id)?.revokedAt, 'string');
    assert.equal(byId.get(expired.record.id)?.status, 'expired');
    for (const record of await harness.store.list()) assert.ok(!answer.text.includes(record.hash), 'a hash was listed');
    assert.ok(!answer.text.includes('"hash"'));
    assert.ok(!answer.text.includes(revoked.key.slice(-43)), 'a secret was listed');
  });

  it('creates a key with every restriction, shows it once, and the key works on its first request', async () => {
    const answer = await create({
      tenant: 'acme',
      name: 'ci',
      providers: ['openai'],
      models: ['openai/gpt-4o-mini', 'openai/gpt-4o-mini'],
      rpm: 30,
      budget_usd: 12.5,
      expires_in: '30d',
    });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.headers['cache-control'], 'no-store');
    const created = jsonOf(answer) as Summary;
    assert.match(created.key ?? '', /^sk-sllm-[a-z0-9]{12}-/);
    assert.equal(keyIdOf(created.key ?? ''), created.id);
    assert.equal(answer.headers['location'], `/admin/keys/${created.id}`);
    assert.deepEqual(
      { tenant: created.tenant, name: created.name, status: created.status, admin: created.admin, providers: created.providers, models: created.models },
      { tenant: 'acme', name: 'ci', status: 'active', admin: false, providers: ['openai'], models: ['openai/gpt-4o-mini'] },
    );
    assert.equal(created.rpm, 30);
    assert.equal(created.budgetUsd, 12.5);
    const lifetime = Date.parse(created.expiresAt ?? '') - Date.parse(created.createdAt);
    assert.equal(lifetime, 30 * DAY_MS);
    // Stored as a hash only; listed afterwards without the key.
    const stored = await harness.store.findById(created.id);
    assert.ok(stored !== undefined && !JSON.stringify(stored).includes(created.key ?? '?'));
    const listed = (await listKeys()).find((summary) => summary.id === created.id);
    assert.equal(listed?.key, undefined);
    assert.equal((await models(created.key ?? '')).status, 200);
  });

  it('creates an admin key only when asked, and that key may use the admin API', async () => {
    const plain = jsonOf(await create({ tenant: 'acme' })) as Summary;
    assert.equal(plain.admin, false);
    assert.equal(plain.expiresAt, undefined);
    assertError(await call(harness, 'GET', '/admin/keys', { key: plain.key ?? '' }), 403, 'forbidden');
    const second = jsonOf(await create({ tenant: 'ops', admin: true })) as Summary;
    assert.equal(second.admin, true);
    assert.equal((await call(harness, 'GET', '/admin/keys', { key: second.key ?? '' })).status, 200);
  });

  it('revokes a key (204) and the running gateway refuses it within a second', async () => {
    const created = jsonOf(await create({ tenant: 'acme', name: 'short-lived' })) as Summary;
    const key = created.key ?? '';
    // Used once first, so a cached "valid" verdict is what the revocation has to overcome.
    assert.equal((await models(key)).status, 200);
    const answer = await call(harness, 'DELETE', `/admin/keys/${created.id}`, { key: adminKey });
    assert.equal(answer.status, 204, answer.text);
    assert.equal(answer.text, '');
    assert.match(String(answer.headers['x-request-id']), /^req_/);
    const elapsed = await msUntilStatus(() => models(key), 401, 1500);
    assert.ok(elapsed !== undefined, 'the revoked key still worked after 1.5 s');
    assert.ok(elapsed <= 1050, `refused only after ${Math.round(elapsed)} ms`);
    assert.equal((await listKeys()).find((summary) => summary.id === created.id)?.status, 'revoked');
    // Revoking again is harmless and keeps the first revocation time.
    const first = (await harness.store.findById(created.id))?.revokedAt;
    assert.equal((await call(harness, 'DELETE', `/admin/keys/${created.id}`, { key: adminKey })).status, 204);
    assert.equal((await harness.store.findById(created.id))?.revokedAt, first);
  });

  it('answers 404 for revoking an unknown id, and does not echo what is not an id', async () => {
    assert.match(assertError(await call(harness, 'DELETE', '/admin/keys/ffffffffffff', { key: adminKey }), 404, 'not_found'), /ffffffffffff/);
    const pasted = `sk-sllm-ffffffffffff-${'B'.repeat(43)}`;
    const message = assertError(await call(harness, 'DELETE', `/admin/keys/${pasted}`, { key: adminKey }), 404, 'not_found');
    assert.ok(!message.includes('BBBB'), message);
  });

  const invalidBodies: ReadonlyArray<[string, unknown, string, string]> = [
    ['a missing tenant', { name: 'x' }, 'invalid_request', 'tenant'],
    ['an unknown field', { tenant: 't', model: 'openai/gpt-4o' }, 'invalid_request', 'model'],
    ['an expires_in that is no duration', { tenant: 't', expires_in: '30 days' }, 'invalid_request', 'expires_in'],
    ['a zero expires_in', { tenant: 't', expires_in: '0d' }, 'invalid_request', 'expires_in'],
    ['an rpm of zero', { tenant: 't', rpm: 0 }, 'invalid_request', 'rpm'],
    ['a fractional rpm', { tenant: 't', rpm: 1.5 }, 'invalid_request', 'rpm'],
    ['a negative budget', { tenant: 't', budget_usd: -1 }, 'invalid_request', 'budget_usd'],
    ['an empty provider list', { tenant: 't', providers: [] }, 'invalid_request', 'providers'],
    ['a provider name with capitals', { tenant: 't', providers: ['OpenAI'] }, 'invalid_request', 'providers[0]'],
    ['admin as a string', { tenant: 't', admin: 'yes' }, 'invalid_request', 'admin'],
    ['a tenant with a control character', { tenant: 'a\nb' }, 'invalid_request', 'tenant'],
    ['an array body', [{ tenant: 't' }], 'invalid_request', ''],
  ];
  for (const [what, body, code, param] of invalidBodies) {
    it(`refuses ${what} with 400 naming the field, and creates nothing`, async () => {
      const before = (await harness.store.list()).length;
      const answer = await create(body);
      assertError(answer, 400, code);
      const error = (jsonOf(answer) as { error: { param: string | null } }).error;
      assert.equal(error.param ?? '', param);
      assert.equal((await harness.store.list()).length, before);
    });
  }

  it('refuses a body that is not JSON, and an empty one, with 400 invalid_json', async () => {
    assertError(await call(harness, 'POST', '/admin/keys', { key: adminKey, body: '{"tenant":' }), 400, 'invalid_json');
    assertError(await call(harness, 'POST', '/admin/keys', { key: adminKey }), 400, 'invalid_json');
  });
});
