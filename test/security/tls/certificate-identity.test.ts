import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { ExtendedKeyUsage } from '../../../src/security/tls/x509.js';
import { createCertificateAuthority } from '../../../src/security/tls/certificate-authority.js';
import { readCertificateIdentity } from '../../../src/security/tls/certificate-identity.js';
import { issueCertificate, type IssueCertificateOptions } from '../../../src/security/tls/issue-certificate.js';

const authority = createCertificateAuthority();

async function identityOf(options: Partial<IssueCertificateOptions>): Promise<ReturnType<typeof readCertificateIdentity>> {
  const issued = await issueCertificate(await authority, { subject: [{ CN: ['the-cn'] }], extendedKeyUsages: [ExtendedKeyUsage.clientAuth], ...options });
  return readCertificateIdentity(new X509Certificate(issued.certificatePem).raw);
}

test('a SAN URI is the identity, ahead of SAN DNS and CN', async () => {
  const read = await identityOf({
    alternativeNames: [
      { type: 'dns', value: 'billing.acme.internal' },
      { type: 'url', value: 'spiffe://acme/billing' },
    ],
  });
  assert.equal(read.identity, 'spiffe://acme/billing');
});

test('a SAN DNS name is the identity when there is no URI, ahead of the CN', async () => {
  const read = await identityOf({ alternativeNames: [{ type: 'dns', value: 'billing.acme.internal' }] });
  assert.equal(read.identity, 'billing.acme.internal');
});

test('the CN is the identity when the certificate has no SAN', async () => {
  assert.equal((await identityOf({})).identity, 'the-cn');
});

test('no URI, DNS name or CN: no identity', async () => {
  assert.equal((await identityOf({ subject: [{ OU: ['unit'] }] })).identity, undefined);
});

test("the tenant is the subject's O, else default", async () => {
  assert.equal((await identityOf({ subject: [{ CN: ['x'] }, { O: ['acme'] }] })).tenant, 'acme');
  assert.equal((await identityOf({})).tenant, 'default');
});

test('clientAuth is recognised in the extended key usage, and its absence too', async () => {
  assert.equal((await identityOf({})).clientAuth, true);
  assert.equal((await identityOf({ extendedKeyUsages: [ExtendedKeyUsage.serverAuth] })).clientAuth, false);
  assert.equal((await identityOf({ extendedKeyUsages: [] })).clientAuth, false, 'no EKU at all is not enough');
});
