/**
 * Who may reach the admin API: nobody without a key (401), no tenant key whatever the path and
 * method (403, telling nothing about what exists), and an admin key, which alone learns about
 * unknown paths (404) and wrong methods (405).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { assertError, call, keyIdOf, type Method } from './admin-client.js';

const PROBES: ReadonlyArray<[Method, string]> = [
  ['GET', '/admin/keys'],
  ['POST', '/admin/keys'],
  ['DELETE', '/admin/keys/000000000000'],
  ['GET', '/admin/config'],
  ['GET', '/admin/limits'],
  ['PUT', '/admin/config'],
  ['GET', '/admin/usage'],
  ['GET', '/admin/audit'],
  ['GET', '/admin'],
  ['GET', '/admin/'],
  ['PATCH', '/admin/no/such/thing'],
];

describe('admin API authorization', () => {
  let harness: GatewayHarness;
  let tenantKey: string;
  let adminKey: string;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    tenantKey = await harness.createKey({ name: 'tenant' });
    adminKey = await harness.createKey({ name: 'admin', admin: true });
  });
  after(() => harness.close());

  for (const [method, path] of PROBES) {
    it(`${method} ${path}: 401 without a key`, async () => {
      assertError(await call(harness, method, path), 401, 'unauthorized');
    });

    it(`${method} ${path}: 403 with a tenant key`, async () => {
      const message = assertError(await call(harness, method, path, { key: tenantKey, ...(method === 'POST' ? { body: { tenant: 't' } } : {}) }), 403, 'forbidden');
      assert.match(message, /admin/);
    });
  }

  it('401 with a key the store does not know, even on an unknown admin path', async () => {
    const madeUp = `sk-sllm-000000000000-${'A'.repeat(43)}`;
    assertError(await call(harness, 'GET', '/admin/keys', { key: madeUp }), 401, 'unauthorized');
    assertError(await call(harness, 'GET', '/admin/nothing', { key: madeUp }), 401, 'unauthorized');
  });

  it('a tenant key cannot tell an existing key id from a made-up one', async () => {
    const existing = await call(harness, 'DELETE', `/admin/keys/${keyIdOf(adminKey)}`, { key: tenantKey });
    const madeUp = await call(harness, 'DELETE', '/admin/keys/ffffffffffff', { key: tenantKey });
    assertError(existing, 403, 'forbidden');
    assertError(madeUp, 403, 'forbidden');
    assert.equal(existing.text, madeUp.text);
    // And the admin key it aimed at still works.
    assert.equal((await call(harness, 'GET', '/admin/keys', { key: adminKey })).status, 200);
  });

  it('a tenant key cannot create a key, not even by sending a valid body', async () => {
    const before = (await harness.store.list()).length;
    const answer = await call(harness, 'POST', '/admin/keys', { key: tenantKey, body: { tenant: 'evil', admin: true } });
    assertError(answer, 403, 'forbidden');
    assert.equal((await harness.store.list()).length, before);
  });

  it('an admin key gets 404 for unknown admin paths', async () => {
    for (const path of ['/admin', '/admin/', '/admin/nothing', '/admin/keys/', '/admin/keys/a/b']) {
      assertError(await call(harness, 'GET', path, { key: adminKey }), 404, 'not_found');
    }
  });

  it('an admin key gets 405 for a wrong method on a known admin path', async () => {
    assertError(await call(harness, 'PUT', '/admin/keys', { key: adminKey, body: {} }), 405, 'method_not_allowed');
    assertError(await call(harness, 'DELETE', '/admin/keys', { key: adminKey }), 405, 'method_not_allowed');
    assertError(await call(harness, 'GET', `/admin/keys/${keyIdOf(tenantKey)}`, { key: adminKey }), 405, 'method_not_allowed');
    assertError(await call(harness, 'POST', '/admin/config', { key: adminKey, body: {} }), 405, 'method_not_allowed');
    assertError(await call(harness, 'DELETE', '/admin/limits', { key: adminKey }), 405, 'method_not_allowed');
  });

  it('paths that merely start with /admin are not the admin API', async () => {
    assertError(await call(harness, 'GET', '/administrator', { key: tenantKey }), 404, 'not_found');
  });
});
