import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { createCertificateSet, tlsSection, type CertificateSet } from './certificate-set.js';
import { httpsCall, openaiErrorCode, type HttpsAnswer } from './https-client.js';

const CHAT = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('TLS with an optional client certificate (require_client_cert = false)', () => {
  let set: CertificateSet;
  let harness: GatewayHarness;
  before(async () => {
    set = await createCertificateSet();
    harness = await startGatewayHarness({ kinds: ['openai'], tls: tlsSection(set, false) });
  });
  after(async () => {
    await harness.close();
    set.remove();
  });

  const chat = (client: CertificateSet['valid'] | undefined, headers: Record<string, string> = {}): Promise<HttpsAnswer> =>
    httpsCall(`${harness.url}/v1/chat/completions`, { ca: set.ca.certificatePem, client, headers, body: CHAT });

  it('serves an API key without a certificate', async () => {
    const answer = await chat(undefined, { authorization: `Bearer ${harness.key}` });
    assert.equal(answer.status, 200, answer.body);
  });

  it('asks for an API key when there is neither key nor certificate', async () => {
    const answer = await chat(undefined);
    assert.equal(answer.status, 401);
    assert.equal(openaiErrorCode(answer), 'unauthorized');
  });

  it('uses a valid certificate when one is presented', async () => {
    const answer = await chat(set.valid);
    assert.equal(answer.status, 200, answer.body);
  });

  it('gives a certificate without O the tenant "default", which a key of tenant test does not match', async () => {
    const alone = await chat(set.noOrganization);
    assert.equal(alone.status, 200, alone.body);
    const withKey = await chat(set.noOrganization, { 'x-api-key': harness.key });
    assert.equal(withKey.status, 403);
    assert.equal(openaiErrorCode(withKey), 'tenant_mismatch');
    assert.match((withKey.json as { error: { message: string } }).error.message, /tenant default/);
  });

  it('refuses a presented but invalid certificate with its reason, even next to a valid key', async () => {
    for (const [client, code] of [
      [set.expired, 'client_certificate_expired'],
      [set.otherCa, 'client_certificate_unknown_ca'],
      [set.revoked, 'client_certificate_revoked'],
      [set.serverAuthOnly, 'client_certificate_wrong_usage'],
    ] as const) {
      const answer = await chat(client, { authorization: `Bearer ${harness.key}` });
      assert.equal(answer.status, 401, `${code}: ${answer.body}`);
      assert.equal(openaiErrorCode(answer), code);
    }
  });
});
