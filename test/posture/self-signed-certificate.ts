import { webcrypto } from 'node:crypto';
import { X509CertificateGenerator } from '../../src/security/tls/x509.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SelfSignedOptions {
  /** Validity from a minute ago; negative numbers give a certificate that has expired. */
  days: number;
  /** An RSA key of this many bits instead of EC P-256. */
  rsaBits?: number;
}

/** A self-signed certificate and its private key (PKCS#8), both PEM, with the given lifetime and key. */
export async function selfSignedCertificate(options: SelfSignedOptions): Promise<{ certificatePem: string; keyPem: string }> {
  const algorithm =
    options.rsaBits === undefined
      ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
      : { name: 'RSASSA-PKCS1-v1_5', modulusLength: options.rsaBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const notBefore = new Date(Math.min(now, now + options.days * DAY_MS) - 60_000);
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=localhost',
    notBefore,
    notAfter: new Date(now + options.days * DAY_MS),
    signingAlgorithm: algorithm,
    keys,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { certificatePem: certificate.toString('pem'), keyPem };
}
