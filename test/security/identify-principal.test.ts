import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../src/core/errors.js';
import type { Principal } from '../../src/core/principal.js';
import { identifyPrincipal } from '../../src/security/identify-principal.js';
import type { PeerIdentity } from '../../src/security/tls/peer-identity.js';

const KEY_PRINCIPAL: Principal = { keyId: 'abcdefghijkl', tenant: 'acme', admin: false, models: ['openai/gpt-4o'] };

/** Accepts only `Bearer good`, as the key store would. */
async function authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
  if (headers.authorization === 'Bearer good') return KEY_PRINCIPAL;
  throw new GatewayError('unauthorized', 'invalid API key');
}

const identify = (headers: IncomingHttpHeaders, peer: PeerIdentity | undefined, requireClientCertificate = false): Promise<Principal> =>
  identifyPrincipal(headers, peer, { requireClientCertificate, authenticate });

const rejectsWith = (promise: Promise<unknown>, code: string): Promise<void> =>
  assert.rejects(promise, (error: unknown) => error instanceof GatewayError && error.code === code);

const acmeCertificate: PeerIdentity = { kind: 'certificate', identity: 'spiffe://acme/billing', tenant: 'acme' };

test('a certificate alone is a principal named after it, in its tenant, without admin rights', async () => {
  assert.deepEqual(await identify({}, acmeCertificate, true), {
    keyId: 'cert:spiffe://acme/billing',
    name: 'spiffe://acme/billing',
    tenant: 'acme',
    admin: false,
    certificate: 'spiffe://acme/billing',
  });
});

test('a key with a certificate of its tenant: the key decides scopes, the certificate is noted', async () => {
  const principal = await identify({ authorization: 'Bearer good' }, acmeCertificate);
  assert.equal(principal.keyId, KEY_PRINCIPAL.keyId);
  assert.deepEqual(principal.models, ['openai/gpt-4o']);
  assert.equal(principal.certificate, 'spiffe://acme/billing');
});

test('a key with a certificate of another tenant is tenant_mismatch', async () => {
  await rejectsWith(identify({ authorization: 'Bearer good' }, { kind: 'certificate', identity: 'x', tenant: 'globex' }), 'tenant_mismatch');
});

test('a wrong key is refused even with a valid certificate', async () => {
  await rejectsWith(identify({ authorization: 'Bearer bad' }, acmeCertificate), 'unauthorized');
  await rejectsWith(identify({ 'x-api-key': '' }, acmeCertificate), 'unauthorized');
});

test('a refused certificate is refused with its own code, whatever key comes with it', async () => {
  const refused: PeerIdentity = { kind: 'refused', code: 'client_certificate_revoked', message: 'revoked' };
  await rejectsWith(identify({ authorization: 'Bearer good' }, refused), 'client_certificate_revoked');
  await rejectsWith(identify({}, refused, true), 'client_certificate_revoked');
});

test('no certificate: required means client_certificate_required, optional means the key decides', async () => {
  await rejectsWith(identify({ authorization: 'Bearer good' }, undefined, true), 'client_certificate_required');
  assert.equal((await identify({ authorization: 'Bearer good' }, undefined)).keyId, KEY_PRINCIPAL.keyId);
  await rejectsWith(identify({}, undefined), 'unauthorized');
});
