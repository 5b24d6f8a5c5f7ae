import { LRUCache } from 'lru-cache';
import type { CacheConfig } from '../config/schema.js';
import type { CachedAnswer, ResponseCache } from './response-cache.js';

export interface MemoryResponseCacheOptions {
  config: Pick<CacheConfig, 'ttl_seconds' | 'max_bytes' | 'max_entry_bytes'>;
  /** Milliseconds clock for expiry (tests); default `performance.now`. */
  now?: () => number;
}

/**
 * The single-process cache: lru-cache with a byte budget (`max_bytes`, least recently used
 * evicted first), a per-entry cap (`max_entry_bytes`) and a TTL (`ttl_seconds`, checked on read,
 * so nothing runs in the background). Answers are kept as JSON text: their size is exact, a hit
 * cannot be changed by whoever holds a previous copy, and it is what a shared store would hold.
 */
export class MemoryResponseCache implements ResponseCache {
  readonly #entries: LRUCache<string, string>;

  constructor(options: MemoryResponseCacheOptions) {
    const { config, now } = options;
    this.#entries = new LRUCache<string, string>({
      maxSize: config.max_bytes,
      maxEntrySize: Math.min(config.max_entry_bytes, config.max_bytes),
      sizeCalculation: (value, key) => Buffer.byteLength(value) + key.length,
      ttl: config.ttl_seconds * 1000,
      ...(now === undefined ? {} : { perf: { now }, ttlResolution: 0 }),
    });
  }

  get bytes(): number {
    return this.#entries.calculatedSize;
  }

  /** Entries held now (expired ones may still count until they are read or pushed out). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const text = this.#entries.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as CachedAnswer);
  }

  /** An answer over `max_entry_bytes` is not kept (an older answer under the same key is dropped). */
  async set(key: string, answer: CachedAnswer): Promise<void> {
    this.#entries.set(key, JSON.stringify(answer));
  }
}
