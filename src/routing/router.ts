import { setTimeout as sleepFor } from 'node:timers/promises';
import type { RoutingConfig } from '../config/schema.js';
import { GatewayError, ProviderError, isRetryableKind } from '../core/errors.js';
import type { Provider } from '../core/provider.js';
import type { ChatChunk, ChatRequest } from '../core/types.js';
import { backoffDelay } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { LatencyTracker } from './latency-tracker.js';
import type { Target } from './target.js';

/** One try at one target, for the audit record, logs and metrics. `attempt` counts from 1 per target. */
export interface AttemptRecord {
  target: string;
  attempt: number;
  outcome: 'ok' | 'error' | 'skipped_circuit_open' | 'skipped_refused';
  code?: string;
  durationMs: number;
}

export interface OpenOptions {
  /** Each try is appended here as it ends, so the caller has them even when `open` throws. */
  attempts?: AttemptRecord[];
  /**
   * Asked once before the first try at each target; an error skips the target (the rate limiter
   * refusing another provider's budget, say). When every target is skipped, the last error is thrown.
   */
  beforeTarget?: (target: Target) => GatewayError | undefined | Promise<GatewayError | undefined>;
}

/** How a committed stream ended, for the circuit breaker. */
export type StreamOutcome = 'ok' | 'failed' | 'abandoned';

/** A stream the upstream accepted: `first` is its first chunk (normally `start`), `rest` the remainder. */
export interface RoutedStream {
  target: Target;
  first: ChatChunk;
  rest: AsyncIterator<ChatChunk>;
  attempts: AttemptRecord[];
}

export interface RouterOptions {
  routing: Readonly<RoutingConfig>;
  providers: ReadonlyMap<string, Provider>;
  /** Shared with readiness and metrics; one is made from `routing` when not given. */
  breaker?: CircuitBreaker;
  now?: () => number;
  /** Must reject as soon as `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Hears each successful try's time to first chunk (the `fastest` strategy); one is made when not given. */
  latency?: LatencyTracker;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });

/**
 * Sends a request to the first target that accepts it: retries with backoff on the same target,
 * then falls back to the next, skipping targets whose circuit is open.
 *
 * Only the part before the upstream's first chunk is ever retried: once a chunk exists it may
 * already be on its way to the client, so the stream is handed over as it is.
 */
export class Router {
  readonly breaker: CircuitBreaker;
  readonly latency: LatencyTracker;
  readonly #routing: Readonly<RoutingConfig>;
  readonly #providers: ReadonlyMap<string, Provider>;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #random: () => number;

  constructor(options: RouterOptions) {
    this.#routing = options.routing;
    this.#providers = options.providers;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
    this.latency = options.latency ?? new LatencyTracker();
    this.breaker =
      options.breaker ??
      new CircuitBreaker({
        failureThreshold: options.routing.circuit_breaker_failures,
        cooldownMs: options.routing.circuit_breaker_cooldown_ms,
        now: this.#now,
      });
  }

  /**
   * @throws the signal's abort error at once when `signal` aborts (no retry, no fallback);
   *   the upstream's `bad_request` error at once (the request itself is wrong, another target
   *   would refuse it too); otherwise the last target's error when all failed, or
   *   `no_provider_available` when every target was skipped by an open circuit.
   */
  async open(request: ChatRequest, targets: Target[], signal: AbortSignal, options: OpenOptions = {}): Promise<RoutedStream> {
    const attempts = options.attempts ?? [];
    if (targets.length === 0) throw new GatewayError('model_not_found', 'no target to send the request to', { param: 'model' });
    const routing = this.#routing;
    const breaker = this.breaker;
    let lastError: GatewayError | undefined;

    for (const target of targets) {
      const provider = this.#providers.get(target.provider);
      if (provider === undefined) {
        lastError = new GatewayError('no_provider_available', `provider '${target.provider}' is not enabled`);
        attempts.push({ target: target.id, attempt: 1, outcome: 'error', code: lastError.code, durationMs: 0 });
        continue;
      }
      const refusal = options.beforeTarget === undefined ? undefined : await options.beforeTarget(target);
      if (refusal !== undefined) {
        lastError = refusal;
        attempts.push({ target: target.id, attempt: 1, outcome: 'skipped_refused', code: refusal.code, durationMs: 0 });
        continue;
      }
      for (let attempt = 0; attempt <= routing.max_retries; attempt++) {
        signal.throwIfAborted();
        if (!breaker.tryAcquire(target.id)) {
          attempts.push({ target: target.id, attempt: attempt + 1, outcome: 'skipped_circuit_open', durationMs: 0 });
          break;
        }
        const startedAt = this.#now();
        let failure: ProviderError;
        try {
          const iterator = provider.chat(request, { model: target.model, signal })[Symbol.asyncIterator]();
          const first = await iterator.next();
          if (first.done === true) {
            throw new ProviderError('unavailable', `provider '${target.provider}' ended its answer before sending anything`, {
              provider: target.provider,
            });
          }
          // No verdict yet: an upstream that accepts every request and then dies mid-stream must
          // still open its circuit. The caller reports the stream's end through recordOutcome.
          const durationMs = this.#now() - startedAt;
          this.latency.record(target.id, durationMs);
          attempts.push({ target: target.id, attempt: attempt + 1, outcome: 'ok', durationMs });
          return { target, first: first.value, rest: iterator, attempts };
        } catch (error) {
          if (signal.aborted) {
            breaker.release(target.id);
            throw error;
          }
          failure = asProviderError(error, target.provider);
        }
        attempts.push({ target: target.id, attempt: attempt + 1, outcome: 'error', code: failure.code, durationMs: this.#now() - startedAt });
        lastError = failure;
        // A failure counts as the slowest answer there is, so `fastest` aliases stop trying first a
        // target that cannot answer (a revoked key, no VRAM) and never opens the circuit breaker.
        if (failure.kind !== 'bad_request') this.latency.record(target.id, routing.upstream_timeout_ms);
        if (!isRetryableKind(failure.kind)) {
          // Says nothing about the target's health (auth, not found, no VRAM, a bad request).
          breaker.release(target.id);
          if (failure.kind === 'bad_request') throw failure;
          break;
        }
        breaker.recordFailure(target.id);
        if (attempt === routing.max_retries) break;
        const retryAfterMs = failure.retryAfterMs;
        // An upstream asking for a long pause is better served by the next target right away.
        if (retryAfterMs !== undefined && retryAfterMs > routing.retry_after_max_ms) break;
        const delay = retryAfterMs ?? backoffDelay(attempt, routing, this.#random);
        if (delay > 0) await this.#sleep(delay, signal);
      }
    }

    throw lastError ?? new GatewayError('no_provider_available', 'every provider for this model is failing; try again later');
  }

  /**
   * Called by the pipeline when a committed stream ends, so the breaker learns of it: `ok` when it
   * completed, `failed` when the upstream failed mid-stream, `abandoned` when the client went away
   * (no verdict on the target's health; a half-open trial is given back).
   */
  recordOutcome(target: Target, outcome: StreamOutcome): void {
    if (outcome === 'ok') this.breaker.recordSuccess(target.id);
    else if (outcome === 'failed') this.breaker.recordFailure(target.id);
    else this.breaker.release(target.id);
  }
}

/** Anything a provider throws that is not a ProviderError is taken as the upstream being unavailable. */
function asProviderError(error: unknown, provider: string): ProviderError {
  if (error instanceof ProviderError) return error;
  // The cause keeps the detail for logs; the message, which reaches the client, names no host or address.
  return new ProviderError('unavailable', `provider '${provider}' is unavailable`, { provider, cause: error });
}
