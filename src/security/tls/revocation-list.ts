import { AuthorityKeyIdentifierExtension, X509Crl, X509CrlGenerator } from './x509.js';
import { DAY_MS, type CertificateAuthority } from './certificate-authority.js';
import { encodePem } from './pem.js';

export interface RevocationListOptions {
  /** Hexadecimal serial numbers of the revoked certificates. */
  serialNumbers: readonly string[];
  /**
   * Until the next update. OpenSSL refuses every client certificate once a configured CRL is past
   * its next update, so a CRL must be re-issued before then.
   */
  days?: number;
}

/** A CRL signed by the CA, PEM (`BEGIN X509 CRL`), as node:tls takes it in its `crl` option. */
export async function createRevocationList(authority: CertificateAuthority, options: RevocationListOptions): Promise<string> {
  const { days = 30 } = options;
  const thisUpdate = new Date(Date.now() - 60_000);
  const crl = await X509CrlGenerator.create({
    issuer: authority.certificate.subjectName,
    thisUpdate,
    nextUpdate: new Date(thisUpdate.getTime() + days * DAY_MS),
    signingAlgorithm: authority.signingAlgorithm,
    signingKey: authority.signingKey,
    extensions: [await AuthorityKeyIdentifierExtension.create(authority.certificate.publicKey)],
    // The invalidity date also keeps each entry's extension list from being empty, which strict
    // DER parsers refuse.
    entries: distinct(options.serialNumbers).map((serialNumber) => ({ serialNumber, revocationDate: thisUpdate, invalidity: thisUpdate })),
  });
  // The library labels it `CRL`; OpenSSL (and so node:tls) reads only `X509 CRL`.
  return encodePem('X509 CRL', crl.rawData);
}

/** The serial numbers an existing CRL lists, after checking the CA signed it. */
export async function revokedSerialNumbers(authority: CertificateAuthority, crlPem: string): Promise<string[]> {
  const crl = new X509Crl(crlPem);
  if (!(await crl.verify({ publicKey: authority.certificate }))) throw new Error('the existing CRL is not signed by this CA');
  return crl.entries.map((entry) => entry.serialNumber);
}

/** Serials compared as numbers: tools spell them in different cases, with or without leading zeros. */
function distinct(serialNumbers: readonly string[]): string[] {
  return [...new Map(serialNumbers.map((serial) => [BigInt(`0x${serial}`), serial])).values()];
}
