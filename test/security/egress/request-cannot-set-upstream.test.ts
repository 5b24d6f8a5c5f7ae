import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { rawRequest } from '../../e2e/sdk-raw-http.js';

/**
 * Upstream hosts come only from config: nothing a client sends (body fields or headers in the
 * shapes other gateways honour) can point the transport elsewhere. The addresses named here are
 * unroutable or refused by the egress policy anyway, so even a regression would send no traffic.
 */
describe('a request cannot choose the upstream', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
  });
  after(() => harness.close());

  it('ignores or refuses base_url-like body fields and headers, and the configured upstream alone is called', async () => {
    const elsewhere = 'http://169.254.169.254/latest/meta-data';
    const response = await rawRequest(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${harness.key}`,
        'content-type': 'application/json',
        'x-base-url': elsewhere,
        'x-upstream-url': elsewhere,
        'x-forwarded-host': '169.254.169.254',
        'x-portkey-custom-host': elsewhere,
        'x-portkey-provider': 'openai',
        forwarded: 'host=169.254.169.254',
      },
      body: JSON.stringify({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        base_url: elsewhere,
        baseURL: elsewhere,
        api_base: elsewhere,
        custom_host: elsewhere,
      }),
    });
    // Strict request validation may refuse the unknown fields (400); lenient parsing drops them (200).
    assert.ok(response.status === 200 || response.status === 400, `status ${response.status}`);
    const sent = harness.fakes.openai.chatRequests();
    assert.equal(sent.length, response.status === 200 ? 1 : 0);
    for (const request of sent) {
      assert.equal(request.headers.host, new URL(harness.fakes.openai.baseUrl).host);
      assert.equal(request.path, '/v1/chat/completions');
      const forwarded = JSON.stringify({ headers: request.headers, body: request.body });
      assert.doesNotMatch(forwarded, /169\.254|base_url|baseURL|api_base|custom_host|portkey/i);
    }
  });
});
