import type { BucketTake, RateLimitStore, StoredBucket, TakeOutcome } from './rate-limit-store.js';
import { clampLevel, levelAt, type BucketRule, type BucketState } from './token-bucket.js';

export interface InMemoryRateLimitStoreOptions {
  /** Most buckets held; beyond it the longest-held is dropped (which refills it: a last resort against floods). */
  maxBuckets?: number;
}

interface Entry extends BucketState {
  rule: BucketRule;
}

// Buckets examined per operation for clean-up: a constant, so every operation stays O(1).
const SWEEP_PER_OPERATION = 2;

/**
 * Bucket levels in a Map. Every method is synchronous, so `takeAll` (read all, then write all)
 * runs without yielding and is atomic on Node's event loop: with burst B, any number of
 * simultaneous requests admit exactly B.
 *
 * A full bucket is the same as no bucket, so a cursor drops full ones, two per operation, as
 * operations pass; memory follows the number of recently active keys, not of keys ever seen.
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  readonly #buckets = new Map<string, Entry>();
  readonly #maxBuckets: number;
  #cursor: MapIterator<[string, Entry]> = this.#buckets.entries();

  constructor(options: InMemoryRateLimitStoreOptions = {}) {
    const { maxBuckets = 100_000 } = options;
    this.#maxBuckets = maxBuckets;
  }

  get size(): number {
    return this.#buckets.size;
  }

  takeAll(takes: readonly BucketTake[], now: number): TakeOutcome {
    const levels = new Array<number>(takes.length);
    const entries = new Array<Entry | undefined>(takes.length);
    let ok = true;
    for (let index = 0; index < takes.length; index += 1) {
      const take = takes[index] as BucketTake;
      const entry = this.#buckets.get(take.key);
      const level = levelAt(entry, take.rule, now);
      entries[index] = entry;
      levels[index] = level;
      if (level < take.amount) ok = false;
    }
    if (ok) {
      for (let index = 0; index < takes.length; index += 1) {
        const take = takes[index] as BucketTake;
        const level = (levels[index] as number) - take.amount;
        levels[index] = level;
        this.#write(take.key, entries[index], take.rule, level, now);
      }
    }
    this.#sweep(now);
    return { ok, levels };
  }

  adjust(changes: readonly BucketTake[], now: number): void {
    for (const change of changes) {
      const entry = this.#buckets.get(change.key);
      const level = levelAt(entry, change.rule, now);
      this.#write(change.key, entry, change.rule, clampLevel(level - change.amount, change.rule), now);
    }
    this.#sweep(now);
  }

  levelOf(key: string, rule: BucketRule, now: number): number {
    return levelAt(this.#buckets.get(key), rule, now);
  }

  list(now: number): StoredBucket[] {
    const buckets: StoredBucket[] = [];
    for (const [key, entry] of this.#buckets) {
      const level = levelAt(entry, entry.rule, now);
      if (level < entry.rule.capacity) buckets.push({ key, rule: entry.rule, level });
    }
    return buckets;
  }

  #write(key: string, entry: Entry | undefined, rule: BucketRule, tokens: number, now: number): void {
    if (entry !== undefined) {
      // Updated in place: no allocation and no re-insertion on the hot path (delete-and-set would
      // leave holes that every fresh iterator has to skip).
      entry.tokens = tokens;
      entry.updatedAt = now;
      entry.rule = rule;
      return;
    }
    if (this.#buckets.size >= this.#maxBuckets) this.#dropOldest();
    this.#buckets.set(key, { tokens, updatedAt: now, rule });
  }

  #dropOldest(): void {
    const oldest = this.#buckets.keys().next();
    if (oldest.done !== true) this.#buckets.delete(oldest.value);
  }

  #sweep(now: number): void {
    for (let step = 0; step < SWEEP_PER_OPERATION; step += 1) {
      let next = this.#cursor.next();
      if (next.done === true) {
        // Map iterators are live (they survive deletions and see insertions), so one cursor walks
        // the buckets round and round; restarting only at the end keeps each step O(1).
        this.#cursor = this.#buckets.entries();
        next = this.#cursor.next();
        if (next.done === true) return;
      }
      const [key, entry] = next.value;
      if (levelAt(entry, entry.rule, now) >= entry.rule.capacity) this.#buckets.delete(key);
    }
  }
}
