import { isIP } from 'node:net';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  type Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type JsonGeneralName,
  type JsonName,
} from './x509.js';
import { DAY_MS, randomSerialNumber, type CertificateAuthority } from './certificate-authority.js';
import { generateSigningKeyPair, privateKeyToPem } from './signing-key.js';

/** A signed certificate and its new private key, both PEM. */
export interface IssuedCertificate {
  certificatePem: string;
  keyPem: string;
  /** Hexadecimal, as CRLs list it. */
  serialNumber: string;
}

export interface IssueCertificateOptions {
  subject: JsonName;
  alternativeNames?: JsonGeneralName[];
  /** Extended key usage OIDs; an empty list leaves the extension out. */
  extendedKeyUsages: string[];
  days?: number;
  /** Defaults to a minute ago, so a peer whose clock runs slightly behind accepts it. */
  notBefore?: Date;
  /** Overrides `days`; tests use it to make certificates that have already expired. */
  notAfter?: Date;
}

/** Signs a leaf certificate (not a CA, digitalSignature) for a fresh P-256 key. */
export async function issueCertificate(authority: CertificateAuthority, options: IssueCertificateOptions): Promise<IssuedCertificate> {
  const { days = 365, notBefore = new Date(Date.now() - 60_000) } = options;
  const keys = await generateSigningKeyPair();
  const serialNumber = randomSerialNumber();
  const extensions: Extension[] = [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    await SubjectKeyIdentifierExtension.create(keys.publicKey),
    await AuthorityKeyIdentifierExtension.create(authority.certificate.publicKey),
  ];
  if (options.extendedKeyUsages.length > 0) extensions.push(new ExtendedKeyUsageExtension(options.extendedKeyUsages));
  if (options.alternativeNames !== undefined && options.alternativeNames.length > 0) {
    extensions.push(new SubjectAlternativeNameExtension(options.alternativeNames));
  }
  const certificate = await X509CertificateGenerator.create({
    serialNumber,
    subject: options.subject,
    issuer: authority.certificate.subjectName,
    notBefore,
    notAfter: options.notAfter ?? new Date(notBefore.getTime() + days * DAY_MS),
    signingAlgorithm: authority.signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: authority.signingKey,
    extensions,
  });
  return { certificatePem: certificate.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey), serialNumber: certificate.serialNumber };
}

/** A server certificate for `hosts` (names become SAN DNS, addresses SAN IP), EKU serverAuth. */
export function issueServerCertificate(authority: CertificateAuthority, hosts: readonly string[], days?: number): Promise<IssuedCertificate> {
  const [first] = hosts;
  if (first === undefined) throw new Error('a server certificate needs at least one host');
  const alternativeNames = hosts.map((host): JsonGeneralName => (isIP(host) === 0 ? { type: 'dns', value: host } : { type: 'ip', value: host }));
  const options: IssueCertificateOptions = { subject: [{ CN: [first] }], alternativeNames, extendedKeyUsages: [ExtendedKeyUsage.serverAuth] };
  if (days !== undefined) options.days = days;
  return issueCertificate(authority, options);
}

export interface ClientCertificateOptions {
  /** Subject CN: the client's identity unless `uri` is given. */
  name: string;
  /** Subject O: the tenant the gateway assigns the client to. */
  tenant: string;
  /** Written as SAN URI (e.g. `spiffe://acme/billing`); it then is the client's identity. */
  uri?: string;
  days?: number;
}

/** A client certificate, EKU clientAuth, subject `CN=<name>, O=<tenant>`. */
export function issueClientCertificate(authority: CertificateAuthority, options: ClientCertificateOptions): Promise<IssuedCertificate> {
  const issue: IssueCertificateOptions = {
    subject: [{ CN: [options.name] }, { O: [options.tenant] }],
    extendedKeyUsages: [ExtendedKeyUsage.clientAuth],
  };
  if (options.uri !== undefined) issue.alternativeNames = [{ type: 'url', value: options.uri }];
  if (options.days !== undefined) issue.days = options.days;
  return issueCertificate(authority, issue);
}
