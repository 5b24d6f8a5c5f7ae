import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { KeyRecord, KeyStore } from '../store/key-store.js';
import { parseApiKey, verifySecret } from './api-key.js';

export interface KeyAuthenticatorOptions {
  /** How long a looked-up record (or its absence) is trusted; a revocation takes effect within this. */
  cacheMs?: number;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
  /** Most ids kept in the cache, so a flood of made-up ids cannot grow memory without bound. */
  maxCachedIds?: number;
}

interface CacheEntry {
  record: Promise<KeyRecord | undefined>;
  loadedAt: number;
}

const MISSING_KEY = 'missing API key: send Authorization: Bearer <key> or x-api-key: <key>';
// One message for malformed, unknown and wrong keys, so a caller cannot tell which it was.
const INVALID_KEY = 'invalid API key';
// Compared against when the id is unknown, so that case costs the same hash-and-compare.
const UNKNOWN_ID_HASH = '0'.repeat(64);

/**
 * Turns the API key a client presents into a `Principal`. Records are cached per id for a short
 * time so the store is not read on every request, while a key created or revoked from the CLI
 * takes effect within `cacheMs`.
 */
export class KeyAuthenticator {
  readonly #store: KeyStore;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #maxCachedIds: number;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(store: KeyStore, options: KeyAuthenticatorOptions = {}) {
    const { cacheMs = 500, now = Date.now, maxCachedIds = 10_000 } = options;
    this.#store = store;
    this.#cacheMs = cacheMs;
    this.#now = now;
    this.#maxCachedIds = maxCachedIds;
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const presented = presentedKey(headers);
    const parsed = parseApiKey(presented);
    if (parsed === undefined) throw new GatewayError('unauthorized', INVALID_KEY);
    const record = await this.#lookup(parsed.id);
    const secretMatches = verifySecret(parsed.secret, record?.hash ?? UNKNOWN_ID_HASH);
    if (record === undefined || !secretMatches) throw new GatewayError('unauthorized', INVALID_KEY);
    if (record.revokedAt !== undefined) throw new GatewayError('unauthorized', 'API key has been revoked');
    if (record.expiresAt !== undefined && record.expiresAt <= this.#now()) {
      throw new GatewayError('unauthorized', 'API key has expired');
    }
    return principalFromRecord(record);
  }

  async #lookup(id: string): Promise<KeyRecord | undefined> {
    const now = this.#now();
    const cached = this.#cache.get(id);
    if (cached !== undefined && now - cached.loadedAt < this.#cacheMs) return cached.record;
    this.#cache.delete(id);
    // The promise itself is cached, so concurrent requests with one key share a single read.
    const record = this.#store.findById(id);
    if (this.#cacheMs > 0) {
      if (this.#cache.size >= this.#maxCachedIds) this.#evictOldest();
      const entry = { record, loadedAt: now };
      this.#cache.set(id, entry);
      // A failed read is not remembered: the next request tries the store again.
      record.catch(() => {
        if (this.#cache.get(id) === entry) this.#cache.delete(id);
      });
    }
    return record;
  }

  #evictOldest(): void {
    const oldest = this.#cache.keys().next();
    if (oldest.done !== true) this.#cache.delete(oldest.value);
  }
}

/** The key from `Authorization: Bearer` or `x-api-key`; two different keys are refused. */
function presentedKey(headers: IncomingHttpHeaders): string {
  const authorization = headers.authorization;
  const apiKeyHeader = headers['x-api-key'];
  if (Array.isArray(apiKeyHeader)) throw new GatewayError('unauthorized', 'more than one x-api-key header');
  let bearer: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match === null) throw new GatewayError('unauthorized', 'the Authorization header must be Bearer <key>');
    bearer = match[1];
  }
  const fromApiKeyHeader = apiKeyHeader === undefined || apiKeyHeader === '' ? undefined : apiKeyHeader.trim();
  if (bearer !== undefined && fromApiKeyHeader !== undefined && bearer !== fromApiKeyHeader) {
    throw new GatewayError('unauthorized', 'Authorization and x-api-key hold different keys');
  }
  const key = bearer ?? fromApiKeyHeader;
  if (key === undefined) throw new GatewayError('unauthorized', MISSING_KEY);
  return key;
}

function principalFromRecord(record: KeyRecord): Principal {
  const principal: Principal = { keyId: record.id, tenant: record.tenant, admin: record.admin };
  if (record.name !== undefined) principal.name = record.name;
  if (record.providers !== undefined) principal.providers = record.providers;
  if (record.models !== undefined) principal.models = record.models;
  if (record.rpm !== undefined) principal.requestsPerMinute = record.rpm;
  if (record.budgetUsd !== undefined) principal.budgetUsd = record.budgetUsd;
  if (record.expiresAt !== undefined) principal.expiresAt = record.expiresAt;
  if (record.localOnly === true) principal.localOnly = true;
  return principal;
}
