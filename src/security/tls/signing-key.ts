import { createPrivateKey, webcrypto } from 'node:crypto';
import { encodePem } from './pem.js';

/** A WebCrypto key pair with the signature algorithm that goes with it. */
export interface SigningKeyPair {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  /** What certificates and CRLs signed with this key use. */
  signingAlgorithm: webcrypto.EcdsaParams | webcrypto.Algorithm;
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * A fresh ECDSA P-256 key pair: small keys, fast handshakes, and accepted by every TLS stack the
 * gateway's clients use.
 */
export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  const pair = await webcrypto.subtle.generateKey(P256, true, ['sign', 'verify']);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } };
}

/** PKCS#8 PEM (`BEGIN PRIVATE KEY`), the form node:tls, OpenSSL and most servers read. */
export async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
  return encodePem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

/**
 * Reads a CA's private key in any PEM form OpenSSL writes (PKCS#8, SEC1, PKCS#1) as a signing key,
 * so `certs client` also works with a CA an operator made with other tools. EC P-256/P-384 and RSA.
 */
export async function importSigningKey(pem: string): Promise<Omit<SigningKeyPair, 'publicKey'>> {
  const keyObject = createPrivateKey(pem);
  const pkcs8 = keyObject.export({ format: 'der', type: 'pkcs8' });
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const [namedCurve, hash] = curve === 'prime256v1' ? ['P-256', 'SHA-256'] : curve === 'secp384r1' ? ['P-384', 'SHA-384'] : [undefined, undefined];
    if (namedCurve === undefined) throw new Error(`unsupported EC curve ${curve ?? 'unknown'}: use P-256 or P-384`);
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve }, false, ['sign']);
    return { privateKey, signingAlgorithm: { name: 'ECDSA', hash } };
  }
  if (keyObject.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
    return { privateKey, signingAlgorithm: algorithm };
  }
  throw new Error(`unsupported CA key type ${keyObject.asymmetricKeyType ?? 'unknown'}: use EC (P-256, P-384) or RSA`);
}
