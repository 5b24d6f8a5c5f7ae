export interface LatencyTrackerOptions {
  /** Weight of the newest sample in the moving average (0 < smoothing ≤ 1); default 0.3. */
  smoothing?: number;
  /** A target not heard from for this long counts as unobserved again, so it is probed anew; default 5 minutes. */
  maxAgeMs?: number;
  /** Targets remembered at most (ids may come from clients); the least recently updated go first. Default 1000. */
  maxTargets?: number;
  now?: () => number;
}

interface Observation {
  averageMs: number;
  updatedAt: number;
}

/**
 * Time to first chunk per target, as an exponentially weighted moving average of the latencies the
 * router observed on successful tries; a failed try counts as `upstream_timeout_ms`. In memory, per gateway process: each replica learns its own
 * view of the upstreams, which is what its requests will see.
 */
export class LatencyTracker {
  readonly #smoothing: number;
  readonly #maxAgeMs: number;
  readonly #maxTargets: number;
  readonly #now: () => number;
  readonly #observations = new Map<string, Observation>();

  constructor(options: LatencyTrackerOptions = {}) {
    const { smoothing = 0.3, maxAgeMs = 5 * 60_000, maxTargets = 1000, now = Date.now } = options;
    if (!(smoothing > 0 && smoothing <= 1)) throw new RangeError('smoothing must be in (0, 1]');
    this.#smoothing = smoothing;
    this.#maxAgeMs = maxAgeMs;
    this.#maxTargets = maxTargets;
    this.#now = now;
  }

  /** Adds one observed latency (milliseconds) of `targetId`. */
  record(targetId: string, latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    const now = this.#now();
    const previous = this.#observations.get(targetId);
    const fresh = previous !== undefined && now - previous.updatedAt <= this.#maxAgeMs;
    const averageMs = fresh ? previous.averageMs + this.#smoothing * (latencyMs - previous.averageMs) : latencyMs;
    // Re-inserted so the map's order is least recently updated first.
    this.#observations.delete(targetId);
    this.#observations.set(targetId, { averageMs, updatedAt: now });
    if (this.#observations.size > this.#maxTargets) {
      const oldest = this.#observations.keys().next().value;
      if (oldest !== undefined) this.#observations.delete(oldest);
    }
  }

  /** The moving average of `targetId` in milliseconds, or undefined when unobserved (or not for `maxAgeMs`). */
  estimate(targetId: string): number | undefined {
    const observation = this.#observations.get(targetId);
    if (observation === undefined || this.#now() - observation.updatedAt > this.#maxAgeMs) return undefined;
    return observation.averageMs;
  }
}
