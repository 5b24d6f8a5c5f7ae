import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assembleGateway } from '../../src/app/create-gateway.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import { createApiKey } from '../../src/security/create-api-key.js';
import { startServer } from '../../src/server/http-server.js';
import { rawRequest } from '../e2e/sdk-raw-http.js';

interface MetricsGateway {
  url: string;
  tenantKey: string;
  adminKey: string;
  close(): Promise<void>;
}

/** A gateway with no providers, listening on loopback whatever `server.host` its config names. */
async function startMetricsGateway(sections: { server?: Record<string, unknown>; metrics?: Record<string, unknown> }): Promise<MetricsGateway> {
  const directory = mkdtempSync(path.join(tmpdir(), 'securellm-metrics-'));
  const config = parseConfig(
    { server: { port: 0, ...sections.server }, storage: { url: `sqlite:${path.join(directory, 'keys.db')}` }, security: { audit: { log_path: path.join(directory, 'audit', 'audit.log') } }, providers: {}, metrics: sections.metrics ?? {} },
    {},
    'metrics access test',
  );
  const assembled = assembleGateway(config, createLogger('silent'));
  const running = await startServer(assembled.gateway, { host: '127.0.0.1', port: 0 });
  const tenantKey = (await createApiKey(assembled.store, { tenant: 'acme' })).key;
  const adminKey = (await createApiKey(assembled.store, { tenant: 'ops', admin: true })).key;
  return {
    url: running.url,
    tenantKey,
    adminKey,
    async close() {
      await running.close();
      await assembled.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

const scrape = (gateway: MetricsGateway, key?: string) =>
  rawRequest(`${gateway.url}/metrics`, { method: 'GET', headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });

describe('who may read /metrics', () => {
  const started: MetricsGateway[] = [];
  const start = async (sections: Parameters<typeof startMetricsGateway>[0]) => {
    const gateway = await startMetricsGateway(sections);
    started.push(gateway);
    return gateway;
  };
  after(() => Promise.all(started.map((gateway) => gateway.close())));

  it('is open on a loopback gateway by default', async () => {
    const gateway = await start({});
    assert.equal((await scrape(gateway)).status, 200);
  });

  it('with require_admin: 401 without a key, 403 with a tenant key, 200 with an admin key', async () => {
    const gateway = await start({ metrics: { require_admin: true } });
    assert.equal((await scrape(gateway)).status, 401);
    const tenant = await scrape(gateway, gateway.tenantKey);
    assert.equal(tenant.status, 403);
    assert.match(tenant.text, /admin/);
    const admin = await scrape(gateway, gateway.adminKey);
    assert.equal(admin.status, 200);
    assert.match(admin.text, /^# TYPE securellm_requests_total counter$/m);
  });

  it('asks for an admin key when the gateway listens beyond loopback, unless told not to', async () => {
    const exposed = await start({ server: { host: '0.0.0.0', allow_insecure_non_loopback: true } });
    assert.equal((await scrape(exposed)).status, 401);
    assert.equal((await scrape(exposed, exposed.adminKey)).status, 200);
    const optedOut = await start({ server: { host: '0.0.0.0', allow_insecure_non_loopback: true }, metrics: { require_admin: false } });
    assert.equal((await scrape(optedOut)).status, 200);
  });

  it('is not there when disabled', async () => {
    const gateway = await start({ metrics: { enabled: false } });
    assert.equal((await scrape(gateway)).status, 404);
  });
});
