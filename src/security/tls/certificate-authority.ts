import { createPrivateKey, randomBytes, X509Certificate as NodeX509Certificate, type webcrypto } from 'node:crypto';
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from './x509.js';
import { generateSigningKeyPair, importSigningKey, privateKeyToPem } from './signing-key.js';

/** A CA that can sign certificates and CRLs. */
export interface CertificateAuthority {
  certificate: X509Certificate;
  certificatePem: string;
  signingKey: webcrypto.CryptoKey;
  signingAlgorithm: webcrypto.EcdsaParams | webcrypto.Algorithm;
}

/** A CA made here, with its private key in PEM so it can be written to disk. */
export interface CreatedCertificateAuthority extends CertificateAuthority {
  keyPem: string;
}

export interface CreateCertificateAuthorityOptions {
  commonName?: string;
  days?: number;
  notBefore?: Date;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A fresh self-signed CA: basicConstraints cA (critical), may sign certificates and CRLs only.
 * `notBefore` is set a minute back so a client whose clock runs slightly behind accepts it.
 */
export async function createCertificateAuthority(options: CreateCertificateAuthorityOptions = {}): Promise<CreatedCertificateAuthority> {
  const { commonName = 'SecureLLM Bridge CA', days = 3650, notBefore = new Date(Date.now() - 60_000) } = options;
  const keys = await generateSigningKeyPair();
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: [{ CN: [commonName] }],
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * DAY_MS),
    signingAlgorithm: keys.signingAlgorithm,
    keys: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certificate,
    certificatePem: certificate.toString('pem'),
    signingKey: keys.privateKey,
    signingAlgorithm: keys.signingAlgorithm,
    keyPem: await privateKeyToPem(keys.privateKey),
  };
}

/** A CA from its PEM files; refuses a certificate that is not a CA or a key that is not its own. */
export async function loadCertificateAuthority(certificatePem: string, keyPem: string): Promise<CertificateAuthority> {
  const certificate = new X509Certificate(certificatePem);
  const constraints = certificate.getExtension(BasicConstraintsExtension);
  if (constraints?.ca !== true) throw new Error('the CA certificate has no basicConstraints cA=true');
  // A mismatched pair would otherwise produce certificates nobody can verify.
  if (!new NodeX509Certificate(certificatePem).checkPrivateKey(createPrivateKey(keyPem))) {
    throw new Error('the CA key does not belong to the CA certificate');
  }
  const { privateKey, signingAlgorithm } = await importSigningKey(keyPem);
  return { certificate, certificatePem: certificate.toString('pem'), signingKey: privateKey, signingAlgorithm };
}

/** 16 random bytes, made positive and without a leading zero byte, as RFC 5280 asks of serials. */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}
