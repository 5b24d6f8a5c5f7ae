export interface CachedReadingOptions {
  /** How long a successful reading is reused; 0 asks again every time. */
  ttlMs: number;
  /** Bound on one shared fetch, whoever waits for it. */
  timeoutMs: number;
  now?: () => number;
}

/**
 * One upstream reading shared by concurrent requests: fetched at most once per `ttlMs`, with
 * callers that arrive during a fetch waiting for that same fetch. A failure is not kept, so the
 * next request asks again. A caller's abort stops its own wait, not the shared fetch.
 */
export class CachedReading<T> {
  readonly #read: (signal: AbortSignal) => Promise<T>;
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #value: { at: number; value: T } | undefined;
  #pending: Promise<T> | undefined;

  constructor(read: (signal: AbortSignal) => Promise<T>, options: CachedReadingOptions) {
    this.#read = read;
    this.#ttlMs = options.ttlMs;
    this.#timeoutMs = options.timeoutMs;
    this.#now = options.now ?? Date.now;
  }

  async get(signal?: AbortSignal): Promise<T> {
    const cached = this.#value;
    if (cached !== undefined && this.#now() - cached.at < this.#ttlMs) return cached.value;
    this.#pending ??= this.#fetch();
    return signal === undefined ? this.#pending : raceAbort(this.#pending, signal);
  }

  async #fetch(): Promise<T> {
    try {
      const value = await this.#read(AbortSignal.timeout(this.#timeoutMs));
      this.#value = { at: this.#now(), value };
      return value;
    } finally {
      this.#pending = undefined;
    }
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('the request was aborted', 'AbortError');
}
