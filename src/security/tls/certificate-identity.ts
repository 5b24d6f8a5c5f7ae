import { ExtendedKeyUsage, ExtendedKeyUsageExtension, SubjectAlternativeNameExtension, X509Certificate } from './x509.js';

/** The tenant of a client certificate whose subject has no Organization (O). */
export const DEFAULT_CERTIFICATE_TENANT = 'default';

/** What the gateway reads from a client certificate. */
export interface CertificateIdentity {
  /** SAN URI, else SAN DNS, else the subject's CN; undefined when the certificate names none. */
  identity: string | undefined;
  /** The subject's first Organization (O), else `default`. */
  tenant: string;
  /** True when the extended key usage lists clientAuth. */
  clientAuth: boolean;
}

/**
 * Reads identity, tenant and usage from a DER certificate. A URI SAN (SPIFFE and the like) is the
 * most specific name a certificate carries, so it wins over DNS names and the legacy CN.
 */
export function readCertificateIdentity(der: Uint8Array): CertificateIdentity {
  const certificate = new X509Certificate(der);
  const names = certificate.getExtension(SubjectAlternativeNameExtension)?.names.items ?? [];
  const uri = names.find((name) => name.type === 'url')?.value;
  const dns = names.find((name) => name.type === 'dns')?.value;
  const commonName = certificate.subjectName.getField('CN')[0];
  const organization = certificate.subjectName.getField('O')[0];
  const usages = certificate.getExtension(ExtendedKeyUsageExtension)?.usages ?? [];
  return {
    identity: usable(uri) ?? usable(dns) ?? usable(commonName),
    tenant: usable(organization) ?? DEFAULT_CERTIFICATE_TENANT,
    clientAuth: usages.some((usage) => usage === ExtendedKeyUsage.clientAuth),
  };
}

/** Names end up in logs and audit records: empty ones or ones with control characters are not used. */
function usable(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === undefined || trimmed === '' || trimmed.length > 512 || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  return trimmed;
}
