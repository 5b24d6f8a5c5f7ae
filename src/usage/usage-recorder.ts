import type { Usage } from '../core/types.js';
import { addCounters, emptyCounters, type UsageQuery, type UsageRow, type UsageStore } from '../store/usage-store.js';
import { periodEnd, periodStart, utcDay } from './utc-period.js';

/** One finished request, as the pipeline reports it. */
export interface UsageEvent {
  tenant: string;
  keyId: string;
  /** Undefined when the request failed before a provider was chosen (recorded as `-`). */
  provider?: string;
  /** The model the provider ran, else the model the client asked for. */
  model?: string;
  /** Undefined when nothing was used (counted as zero tokens). */
  usage?: Usage;
  costUsd?: number;
  error?: boolean;
  partial?: boolean;
  /** The tokens are the gateway's count (e.g. a stream cut before the provider's usage event). */
  estimated?: boolean;
  /** Epoch milliseconds the request ended; defaults to the recorder's clock. */
  at?: number;
}

export interface UsageRecorderOptions {
  store: UsageStore;
  /** How often pending totals are written; a crash loses at most this much. */
  flushIntervalMs?: number;
  now?: () => number;
  /** A failed write; its rows stay pending and are tried again at the next flush. */
  onError?: (error: unknown) => void;
  /** Distinct rows held while the store keeps failing; events for new rows beyond it are dropped. */
  maxPendingRows?: number;
}

const NOT_CHOSEN = '-';

/**
 * Counts usage in memory and writes the totals to the store every `flushIntervalMs` (250 ms by
 * default) and at `close`. `record` is synchronous and does no I/O, so the request path never
 * waits on the disk; a flush writes one row per (day, tenant, key, provider, model) that changed,
 * in one transaction, however many requests it sums.
 */
export class UsageRecorder {
  readonly #store: UsageStore;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #maxPendingRows: number;
  readonly #timer: NodeJS.Timeout;
  #pending = new Map<string, UsageRow>();
  #flushing: Promise<void> = Promise.resolve();
  #day = '';
  #dayStart = 0;
  #dayEnd = 0;
  #closed = false;

  constructor(options: UsageRecorderOptions) {
    const { store, flushIntervalMs = 250, now = Date.now, onError = () => {}, maxPendingRows = 100_000 } = options;
    this.#store = store;
    this.#now = now;
    this.#onError = onError;
    this.#maxPendingRows = maxPendingRows;
    this.#timer = setInterval(() => void this.flush(), flushIntervalMs);
    // Pending totals must not keep a finished process alive; `close` writes them.
    this.#timer.unref();
  }

  /** Rows not yet written (for tests and metrics). */
  get pendingRows(): number {
    return this.#pending.size;
  }

  record(event: UsageEvent): void {
    if (this.#closed) return;
    const day = this.#dayOf(event.at ?? this.#now());
    const provider = event.provider ?? NOT_CHOSEN;
    const model = event.model ?? NOT_CHOSEN;
    const id = `${day}\u0000${event.tenant}\u0000${event.keyId}\u0000${provider}\u0000${model}`;
    let row = this.#pending.get(id);
    if (row === undefined) {
      if (this.#pending.size >= this.#maxPendingRows) {
        this.#onError(new Error(`usage not recorded: ${this.#maxPendingRows} rows are waiting for the store`));
        return;
      }
      row = { day, tenant: event.tenant, keyId: event.keyId, provider, model, ...emptyCounters() };
      this.#pending.set(id, row);
    }
    const usage = event.usage;
    row.requests += 1;
    if (usage !== undefined) {
      row.promptTokens += usage.promptTokens;
      row.completionTokens += usage.completionTokens;
      row.cachedTokens += usage.cachedTokens ?? 0;
    }
    row.costUsd += event.costUsd ?? 0;
    if (event.error === true) row.errors += 1;
    if (event.partial === true) row.partialStreams += 1;
    if (event.estimated === true) row.estimatedRequests += 1;
  }

  /** Writes what is pending. Flushes run one after another, never overlapping. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  /** Stored usage with everything recorded so far included. */
  async query(query?: UsageQuery): Promise<UsageRow[]> {
    await this.flush();
    return this.#store.query(query);
  }

  /** Stops the timer and writes what is pending; later events are ignored. Does not close the store. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#closed = true;
    await this.flush();
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.#store.add([...batch.values()]);
    } catch (error) {
      // Put the batch back (adding what arrived meanwhile), so nothing counted is lost.
      for (const [id, row] of batch) {
        const newer = this.#pending.get(id);
        if (newer !== undefined) addCounters(row, newer);
        this.#pending.set(id, row);
      }
      this.#onError(error);
    }
  }

  /** The UTC day of `ms`, remembered so most events skip the date formatting. */
  #dayOf(ms: number): string {
    if (ms < this.#dayStart || ms >= this.#dayEnd) {
      this.#dayStart = periodStart('day', ms);
      this.#dayEnd = periodEnd('day', this.#dayStart);
      this.#day = utcDay(ms);
    }
    return this.#day;
  }
}
