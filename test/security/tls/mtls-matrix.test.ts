import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type ConnectionOptions } from 'node:tls';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { createCertificateSet, tlsSection, type CertificateSet } from './certificate-set.js';
import { httpsCall, openaiErrorCode, type HttpsAnswer } from './https-client.js';

const CHAT = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('mutual TLS with require_client_cert = true', () => {
  let set: CertificateSet;
  let harness: GatewayHarness;
  before(async () => {
    set = await createCertificateSet();
    harness = await startGatewayHarness({ kinds: ['openai'], tls: tlsSection(set, true) });
  });
  after(async () => {
    await harness.close();
    set.remove();
  });

  const chat = (client: CertificateSet['valid'] | undefined, headers: Record<string, string> = {}): Promise<HttpsAnswer> =>
    httpsCall(`${harness.url}/v1/chat/completions`, { ca: set.ca.certificatePem, client, headers, body: CHAT });

  it('listens on https://', () => {
    assert.match(harness.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  const refusals: Array<[string, (set: CertificateSet) => CertificateSet['valid'] | undefined, string]> = [
    ['no certificate', () => undefined, 'client_certificate_required'],
    ['a certificate from another CA', (s) => s.otherCa, 'client_certificate_unknown_ca'],
    ['an expired certificate', (s) => s.expired, 'client_certificate_expired'],
    ['a certificate revoked by the configured CRL', (s) => s.revoked, 'client_certificate_revoked'],
    ['a certificate without clientAuth usage (serverAuth only)', (s) => s.serverAuthOnly, 'client_certificate_wrong_usage'],
  ];
  for (const [what, pick, code] of refusals) {
    it(`answers ${what} with 401 ${code}, in OpenAI's format, even with a valid API key`, async () => {
      const withKey: Record<string, string> = { authorization: `Bearer ${harness.key}` };
      for (const headers of [{}, withKey]) {
        const answer = await chat(pick(set), headers);
        assert.equal(answer.status, 401, answer.body);
        assert.equal(openaiErrorCode(answer), code);
        assert.equal((answer.json as { error: { type: string } }).error.type, 'authentication_error');
        assert.equal(typeof answer.headers['x-request-id'], 'string');
      }
      assert.equal(harness.fakes.openai.chatRequests().length, 0, 'nothing reached the upstream');
    });
  }

  it("answers an Anthropic client without a certificate in Anthropic's format", async () => {
    const answer = await httpsCall(`${harness.url}/v1/messages`, {
      ca: set.ca.certificatePem,
      body: { model: 'openai/gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
    });
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, { type: 'error', error: { type: 'authentication_error', message: 'a client certificate is required' } });
  });

  it('accepts a valid certificate alone and chats through to the upstream', async () => {
    const answer = await chat(set.valid);
    assert.equal(answer.status, 200, answer.body);
    assert.equal((answer.json as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content, 'Echo: hi');
  });

  it('lists models for a certificate-only client', async () => {
    const answer = await httpsCall(`${harness.url}/v1/models`, { ca: set.ca.certificatePem, client: set.valid });
    assert.equal(answer.status, 200, answer.body);
    const ids = (answer.json as { data: Array<{ id: string }> }).data.map((model) => model.id);
    assert.ok(ids.includes('openai/gpt-4o-mini'), ids.join(', '));
    const refused = await httpsCall(`${harness.url}/v1/models`, { ca: set.ca.certificatePem, client: set.expired });
    assert.equal(refused.status, 401);
    assert.equal(openaiErrorCode(refused), 'client_certificate_expired');
  });

  it('refuses an API key of one tenant with a certificate of another: 403 tenant_mismatch', async () => {
    const answer = await chat(set.otherTenant, { authorization: `Bearer ${harness.key}` });
    assert.equal(answer.status, 403, answer.body);
    assert.equal(openaiErrorCode(answer), 'tenant_mismatch');
    assert.equal((answer.json as { error: { type: string } }).error.type, 'permission_error');
  });

  it("lets the API key decide scopes when key and certificate agree on the tenant", async () => {
    const limited = await harness.createKey({ models: ['openai/gpt-4o'] });
    const answer = await chat(set.valid, { authorization: `Bearer ${limited}` });
    assert.equal(answer.status, 403, answer.body);
    assert.equal(openaiErrorCode(answer), 'forbidden', 'the key, not the certificate, limits the models');
    const wrongKey = await chat(set.valid, { authorization: 'Bearer sk-sllm-aaaaaaaaaaaa-nope' });
    assert.equal(wrongKey.status, 401, 'a key that is sent must be valid, even with a good certificate');
    assert.equal(openaiErrorCode(wrongKey), 'unauthorized');
    const ok = await chat(set.valid, { authorization: `Bearer ${harness.key}` });
    assert.equal(ok.status, 200, ok.body);
  });

  it('refuses TLS 1.1 at the handshake and accepts TLS 1.2', async () => {
    const port = Number(new URL(harness.url).port);
    const handshake = (options: ConnectionOptions): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port, ca: set.ca.certificatePem, servername: 'localhost', ...options }, () => {
          resolve(`connected ${socket.getProtocol() ?? ''}`);
          socket.end();
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    // SECLEVEL=0 lets this client offer TLS 1.1 at all, so the refusal is the gateway's.
    assert.equal(await handshake({ minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }), 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    assert.equal(await handshake({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', cert: set.valid.certificatePem, key: set.valid.keyPem }), 'connected TLSv1.2');
  });
});
