import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditConfig } from '../config/schema.js';
import { AuditError } from './audit-error.js';
import type { AuditPaths } from './audit-paths.js';

/** The writer's keys: the HMAC key chains records, the Ed25519 private key signs checkpoints. */
export interface WriterKeys {
  hmacKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
}

/** What verification needs: it never creates a key, and trusts only the configured public key. */
export interface VerificationKeys {
  hmacKey: Buffer;
  publicKey: KeyObject;
  fingerprint: string;
}

/**
 * Loads the keys, generating any that are missing at first start: the HMAC key (unless configured)
 * and the private key into 0600 files, the public key beside them for `audit verify`.
 */
export async function loadOrCreateWriterKeys(audit: Readonly<AuditConfig>, paths: AuditPaths): Promise<WriterKeys> {
  const hmacText = audit.hmac_key ?? (await loadOrCreateSecret(paths.hmacKeyPath, () => randomBytes(32).toString('hex')));
  const hmacKey = Buffer.from(hmacText, 'utf8');
  const privatePem = await loadOrCreateSecret(paths.signingKeyPath, () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const signingKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(signingKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const existing = await readOptional(paths.publicKeyPath);
  if (existing === undefined) {
    await mkdir(path.dirname(paths.publicKeyPath), { recursive: true });
    await writeFile(paths.publicKeyPath, publicPem, { mode: 0o644 });
  } else if (keyFingerprint(createPublicKey(existing)) !== keyFingerprint(publicKey)) {
    throw new AuditError('key_mismatch', `${paths.publicKeyPath} is not the public half of ${paths.signingKeyPath}: checkpoints would not verify`);
  }
  return { hmacKey, signingKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

export async function loadVerificationKeys(audit: Readonly<AuditConfig>, paths: AuditPaths, publicKeyPath = paths.publicKeyPath): Promise<VerificationKeys> {
  let hmacKey: Buffer;
  if (audit.hmac_key !== undefined) hmacKey = Buffer.from(audit.hmac_key, 'utf8');
  else {
    const stored = await readOptional(paths.hmacKeyPath);
    if (stored === undefined) throw new AuditError('key_missing', `no HMAC key: set [security.audit] hmac_key or restore ${paths.hmacKeyPath}`);
    hmacKey = Buffer.from(stored.trim(), 'utf8');
  }
  const publicPem = await readOptional(publicKeyPath);
  if (publicPem === undefined) throw new AuditError('key_missing', `no public key at ${publicKeyPath}`);
  const publicKey = createPublicKey(publicPem);
  return { hmacKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** First 16 bytes of SHA-256 over the key's SPKI encoding, hex: short enough to compare by eye. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/**
 * Reads a secret file, or creates it with `generate()` (exclusively, mode 0600, so two processes
 * starting at once cannot both write one). A secret others can read is refused, not silently used.
 */
async function loadOrCreateSecret(file: string, generate: () => string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, generate(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32') {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new AuditError('key_exposed', `${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
  }
  return (await readFile(file, 'utf8')).trim();
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
