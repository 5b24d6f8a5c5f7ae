import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExtendedKeyUsage } from '../../../src/security/tls/x509.js';
import { createCertificateAuthority, DAY_MS, type CreatedCertificateAuthority } from '../../../src/security/tls/certificate-authority.js';
import { issueCertificate, issueClientCertificate, issueServerCertificate, type IssuedCertificate } from '../../../src/security/tls/issue-certificate.js';
import { createRevocationList } from '../../../src/security/tls/revocation-list.js';

/** Every client certificate the mTLS tests present, made fresh with the gateway's own code. */
export interface CertificateSet {
  directory: string;
  ca: CreatedCertificateAuthority;
  /** The gateway's files, as `[security.tls]` names them. */
  files: { cert: string; key: string; clientCa: string; crl: string };
  server: IssuedCertificate;
  /** CN=alice, O=test: the harness key's tenant. */
  valid: IssuedCertificate;
  /** CN=mallory, O=other: valid, but another tenant than the harness key. */
  otherTenant: IssuedCertificate;
  /** Valid, with no O in its subject. */
  noOrganization: IssuedCertificate;
  /** Signed by a CA the gateway does not trust. */
  otherCa: IssuedCertificate;
  expired: IssuedCertificate;
  /** Listed in the CRL. */
  revoked: IssuedCertificate;
  /** EKU serverAuth only. */
  serverAuthOnly: IssuedCertificate;
  /** Removes the directory. */
  remove(): void;
}

/** A CA, a server certificate for 127.0.0.1 and localhost, the client certificates and a CRL, on disk. */
export async function createCertificateSet(): Promise<CertificateSet> {
  const ca = await createCertificateAuthority({ commonName: 'Test Client CA' });
  const stranger = await createCertificateAuthority({ commonName: 'Stranger CA' });
  const server = await issueServerCertificate(ca, ['localhost', '127.0.0.1']);
  const valid = await issueClientCertificate(ca, { name: 'alice', tenant: 'test' });
  const otherTenant = await issueClientCertificate(ca, { name: 'mallory', tenant: 'other' });
  const noOrganization = await issueCertificate(ca, { subject: [{ CN: ['orphan'] }], extendedKeyUsages: [ExtendedKeyUsage.clientAuth] });
  const otherCa = await issueClientCertificate(stranger, { name: 'alice', tenant: 'test' });
  const expired = await issueCertificate(ca, {
    subject: [{ CN: ['old-alice'] }, { O: ['test'] }],
    extendedKeyUsages: [ExtendedKeyUsage.clientAuth],
    notBefore: new Date(Date.now() - 30 * DAY_MS),
    notAfter: new Date(Date.now() - DAY_MS),
  });
  const revoked = await issueClientCertificate(ca, { name: 'revoked-alice', tenant: 'test' });
  const serverAuthOnly = await issueCertificate(ca, {
    subject: [{ CN: ['alice-server'] }, { O: ['test'] }],
    extendedKeyUsages: [ExtendedKeyUsage.serverAuth],
  });
  const crl = await createRevocationList(ca, { serialNumbers: [revoked.serialNumber] });

  const directory = mkdtempSync(path.join(os.tmpdir(), 'securellm-tls-'));
  const files = {
    cert: path.join(directory, 'server.crt'),
    key: path.join(directory, 'server.key'),
    clientCa: path.join(directory, 'ca.crt'),
    crl: path.join(directory, 'ca.crl'),
  };
  writeFileSync(files.cert, server.certificatePem);
  writeFileSync(files.key, server.keyPem, { mode: 0o600 });
  writeFileSync(files.clientCa, ca.certificatePem);
  writeFileSync(files.crl, crl);
  return {
    directory,
    ca,
    files,
    server,
    valid,
    otherTenant,
    noOrganization,
    otherCa,
    expired,
    revoked,
    serverAuthOnly,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** `[security.tls]` for the gateway harness: mTLS with the set's CA and CRL. */
export function tlsSection(set: CertificateSet, requireClientCert: boolean): Record<string, string | boolean> {
  return {
    cert_path: set.files.cert,
    key_path: set.files.key,
    client_ca_path: set.files.clientCa,
    crl_path: set.files.crl,
    require_client_cert: requireClientCert,
  };
}
