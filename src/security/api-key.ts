import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `sk-sllm-<id>-<secret>`: the id (12 lower-case hex characters) names the
 * stored record and may be shown and logged; the secret (32 random bytes, base64url) is shown once
 * and stored only as its SHA-256. A plain hash is enough here because the secret is 256 random
 * bits, not a password a person chose: there is nothing to guess.
 */
export const API_KEY_PREFIX = 'sk-sllm-';

const KEY_PATTERN = /^sk-sllm-([a-z0-9]{12})-([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[a-z0-9]{12}$/;
const SECRET_BYTES = 32;
const HASH_BYTES = 32;

export interface NewApiKey {
  id: string;
  /** The whole key, for the one-time display. */
  key: string;
  /** Hex SHA-256 of the secret, for the store. */
  hash: string;
}

export interface ParsedApiKey {
  id: string;
  secret: string;
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { id, key: `${API_KEY_PREFIX}${id}-${secret}`, hash: hashSecret(secret) };
}

/** Splits a presented key into id and secret; undefined when it is not in the key format. */
export function parseApiKey(key: string): ParsedApiKey | undefined {
  const match = KEY_PATTERN.exec(key);
  if (match === null) return undefined;
  return { id: match[1] ?? '', secret: match[2] ?? '' };
}

export function isKeyId(text: string): boolean {
  return ID_PATTERN.test(text);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Compares the secret's hash with the stored one in constant time, so response timing tells an
 * attacker nothing about how much of a guess was right.
 */
export function verifySecret(secret: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  if (stored.length !== HASH_BYTES) return false;
  return timingSafeEqual(presented, stored);
}
