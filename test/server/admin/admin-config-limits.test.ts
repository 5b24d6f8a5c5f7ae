/**
 * `GET /admin/config` shows the effective config with every secret redacted; `GET /admin/limits`
 * shows the rate limiter's state, or the configured limits while the gateway has no limiter.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { REDACTED } from '../../../src/config/redact-config.js';
import type { ChatRequest } from '../../../src/core/types.js';
import { RateLimiter } from '../../../src/security/rate-limit/rate-limiter.js';
import { describeLimits } from '../../../src/server/admin/admin-limits.js';
import { AdminRoutes } from '../../../src/server/admin/admin-routes.js';
import { startGatewayHarness, upstreamKey, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { call, jsonOf } from './admin-client.js';

interface LimitsBody {
  object: string;
  live: boolean;
  enabled: boolean;
  principal: { requestsPerMinute?: number; burstSize?: number };
  buckets: { keyId?: string; limit: number; remaining: number }[];
}

interface ShownConfig {
  server: { port: number; max_body_bytes: number };
  storage: { url: string };
  providers: Record<string, { api_key?: string; base_url?: string; model?: string }>;
  security: { rate_limit: { requests_per_minute: number } };
}

describe('admin API: config and limits', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
    adminKey = await harness.createKey({ admin: true });
  });
  after(() => harness.close());

  it('shows the effective config, defaults included, with the provider keys redacted', async () => {
    const answer = await call(harness, 'GET', '/admin/config', { key: adminKey });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['cache-control'], 'no-store');
    const shown = jsonOf(answer) as ShownConfig;
    assert.equal(shown.providers['openai']?.api_key, REDACTED);
    assert.equal(shown.providers['anthropic']?.api_key, REDACTED);
    assert.equal(shown.providers['openai']?.base_url, harness.gateway.config.providers['openai']?.base_url);
    assert.equal(shown.providers['openai']?.model, 'gpt-4o-mini');
    assert.equal(shown.storage.url, harness.gateway.config.storage.url);
    assert.equal(shown.server.max_body_bytes, harness.gateway.config.server.max_body_bytes);
    assert.equal(shown.security.rate_limit.requests_per_minute, harness.gateway.config.security.rate_limit.requests_per_minute);
    for (const kind of ['openai', 'anthropic'] as const) assert.ok(!answer.text.includes(upstreamKey(kind)), `${kind}'s key leaked`);
  });

  it("shows the running gateway's limiter with the configured limits", async () => {
    const answer = await call(harness, 'GET', '/admin/limits', { key: adminKey });
    assert.equal(answer.status, 200, answer.text);
    const limits = jsonOf(answer) as LimitsBody;
    const configured = harness.gateway.config.security.rate_limit;
    assert.equal(limits.object, 'limits');
    assert.equal(limits.live, true);
    assert.equal(limits.enabled, configured.enabled);
    assert.equal(limits.principal.requestsPerMinute, configured.requests_per_minute);
    assert.equal(limits.principal.burstSize, configured.burst_size);
  });

  it('without a running limiter, shows the configured limits and an empty bucket list', async () => {
    const limits = await describeLimits(harness.gateway.config, undefined);
    assert.equal(limits.live, false);
    assert.equal(limits.principal.requestsPerMinute, harness.gateway.config.security.rate_limit.requests_per_minute);
    assert.deepEqual(limits.buckets, []);
  });

  it('with a running limiter, shows its buckets (admin routes given the limiter, on a real listener)', async () => {
    // Small limits, so the bucket is visibly below full (the harness's own are huge and refill at once).
    const limiter = new RateLimiter({ config: { ...harness.gateway.config.security.rate_limit, enabled: true, requests_per_minute: 60, burst_size: 10 } });
    const principal = { keyId: 'abcdefabcdef', tenant: 'test', admin: false };
    const chatRequest: ChatRequest = {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: false,
      includeUsage: false,
      metadata: { requestId: 'req_0', clientFormat: 'openai' },
    };
    const reserved = await limiter.reserve({ principal, provider: 'openai', request: chatRequest });
    assert.equal(reserved.ok, true, 'the first request is admitted');
    const admin = new AdminRoutes(harness.gateway, { rateLimiter: limiter });
    const server = createServer((incoming, outgoing) => void admin.handle(incoming, outgoing, 'req_0', incoming.url ?? '/'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await request(`http://127.0.0.1:${port}/admin/limits`, { headers: { authorization: `Bearer ${adminKey}` } });
      const limits = (await response.body.json()) as LimitsBody;
      assert.equal(response.statusCode, 200);
      assert.equal(limits.live, true);
      const bucket = limits.buckets.find((entry) => entry.keyId === principal.keyId);
      assert.ok(bucket !== undefined, JSON.stringify(limits.buckets));
      assert.ok(bucket.remaining < bucket.limit);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
