import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Finding, PostureContext } from './finding.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const STRONG_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/**
 * When TLS is on, the server certificate and the client CA: expired or close to it (under 7 days is high, under
 * 30 medium) and weak keys (RSA under 2048 bits, DSA, uncommon curves).
 */
export function checkCertificates({ config, now }: PostureContext): Finding[] {
  const tls = config.security.tls;
  const findings: Finding[] = [];
  if (!tls.enabled) return findings;
  if (tls.cert_path !== undefined) findings.push(...inspect('server certificate', 'security.tls.cert_path', tls.cert_path, now));
  if (tls.client_ca_path !== undefined) findings.push(...inspect('client CA certificate', 'security.tls.client_ca_path', tls.client_ca_path, now));
  return findings;
}

function inspect(label: string, key: string, file: string, now: Date): Finding[] {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(readFileSync(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not a PEM certificate';
    return [{ id: 'certificate-unreadable', severity: 'medium', path: key, message: `${label} ${file} could not be read: ${reason}`, fix: `point ${key} at a PEM certificate (securellm certs init writes one)` }];
  }
  const findings: Finding[] = [];
  const validTo = new Date(certificate.validTo);
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  const renew = `renew it (securellm certs init --out DIR --force for a private CA) and point ${key} at the new file`;
  if (validTo.getTime() <= now.getTime()) {
    findings.push({ id: 'certificate-expired', severity: 'high', path: key, message: `${label} ${file} expired on ${validTo.toISOString()}`, fix: renew });
  } else if (daysLeft < 30) {
    findings.push({
      id: 'certificate-expiring',
      severity: daysLeft < 7 ? 'high' : 'medium',
      path: key,
      message: `${label} ${file} expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${validTo.toISOString()})`,
      fix: renew,
    });
  }
  const validFrom = new Date(certificate.validFrom);
  if (validFrom.getTime() > now.getTime()) {
    findings.push({ id: 'certificate-not-yet-valid', severity: 'medium', path: key, message: `${label} ${file} is not valid before ${validFrom.toISOString()}`, fix: 'check the clock of the machine that issued it, or reissue it' });
  }
  const weakness = keyWeakness(certificate);
  if (weakness !== undefined) {
    findings.push({ id: 'weak-key', severity: weakness.severity, path: key, message: `${label} ${file} has a weak key: ${weakness.reason}`, fix: 'issue a new certificate with an EC P-256 key or an RSA key of at least 3072 bits' });
  }
  return findings;
}

function keyWeakness(certificate: X509Certificate): { severity: 'high' | 'medium'; reason: string } | undefined {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss': {
      const bits = details.modulusLength ?? 0;
      return bits < 2048 ? { severity: 'high', reason: `RSA ${bits} bits` } : undefined;
    }
    case 'dsa':
      return { severity: 'high', reason: 'DSA' };
    case 'ec': {
      const curve = details.namedCurve ?? 'unknown';
      return STRONG_CURVES.has(curve) ? undefined : { severity: 'medium', reason: `EC curve ${curve}` };
    }
    default:
      // Ed25519 and Ed448 are strong.
      return undefined;
  }
}
