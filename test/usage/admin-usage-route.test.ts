/**
 * `GET /admin/usage` over HTTP against a real gateway: the report of `securellm usage --json`,
 * read from the store `[storage] url` names, for admin keys only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SqliteUsageStore } from '../../src/store/sqlite-usage-store.js';
import { emptyCounters } from '../../src/store/usage-store.js';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { utcDayBefore } from '../../src/usage/utc-period.js';
import { startGatewayHarness, type GatewayHarness } from '../e2e/gateway-harness.js';
import { assertError, call, jsonOf } from '../server/admin/admin-client.js';

describe('GET /admin/usage', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    adminKey = await harness.createKey({ name: 'admin', admin: true });
    const store = new SqliteUsageStore(harness.gateway.config.storage.url.slice('sqlite:'.length));
    const today = utcDayBefore(Date.now(), 0);
    const base = { keyId: 'k1', provider: 'openai', model: 'gpt-4o', ...emptyCounters() };
    await store.add([
      { ...base, day: today, tenant: 'acme', requests: 2, costUsd: 0.2 },
      { ...base, day: today, tenant: 'globex', requests: 1, costUsd: 0.1 },
      { ...base, day: utcDayBefore(Date.now(), 40), tenant: 'acme', requests: 9, costUsd: 0.9 },
    ]);
    await store.close();
  });
  after(() => harness.close());

  it('answers the report grouped and windowed as asked', async () => {
    const answer = await call(harness, 'GET', '/admin/usage?by=tenant&since=7d', { key: adminKey });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['cache-control'], 'no-store');
    const report = jsonOf(answer) as UsageReport;
    assert.deepEqual(report.rows.map((group) => [group.tenant, group.requests]), [['acme', 2], ['globex', 1]]);
    assert.equal(report.totals.requests, 3);
  });

  it('refuses a bad parameter with 400 naming it, and a tenant key with 403', async () => {
    assertError(await call(harness, 'GET', '/admin/usage?by=planet', { key: adminKey }), 400, 'invalid_request');
    assertError(await call(harness, 'GET', '/admin/usage', { key: harness.key }), 403, 'forbidden');
  });
});
