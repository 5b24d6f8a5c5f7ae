export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive retryable failures that open the circuit (`routing.circuit_breaker_failures`). */
  failureThreshold: number;
  /** How long an open circuit skips its target (`routing.circuit_breaker_cooldown_ms`). */
  cooldownMs: number;
  now?: () => number;
}

export interface CircuitSnapshot {
  id: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** While open: how long until the half-open trial is allowed. */
  reopensInMs?: number;
}

interface Circuit {
  consecutiveFailures: number;
  /** Undefined while closed; otherwise when the cooldown ends (open before it, half-open after). */
  openUntil: number | undefined;
  /** When the half-open trial was handed out; undefined while none is in flight. */
  trialSince: number | undefined;
}

/**
 * Per-target circuit breaker. After `failureThreshold` consecutive retryable failures the target
 * is skipped for `cooldownMs`; then exactly one trial call is let through (half-open): its success
 * closes the circuit, its failure opens it again for another cooldown.
 *
 * A target that has never failed has no entry, so the common path allocates nothing.
 */
export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  readonly #circuits = new Map<string, Circuit>();

  constructor(options: CircuitBreakerOptions) {
    this.#failureThreshold = options.failureThreshold;
    this.#cooldownMs = options.cooldownMs;
    this.#now = options.now ?? Date.now;
  }

  state(id: string): CircuitState {
    const circuit = this.#circuits.get(id);
    return circuit === undefined ? 'closed' : this.#stateOf(circuit, this.#now());
  }

  /**
   * Asks to send one call to the target. Closed: yes. Open: no. Half-open: yes for the first
   * caller only (the trial); the caller must then report `recordSuccess`, `recordFailure` or,
   * when the call ended with no verdict on the target's health, `release`.
   */
  tryAcquire(id: string): boolean {
    const circuit = this.#circuits.get(id);
    if (circuit === undefined) return true;
    const now = this.#now();
    const state = this.#stateOf(circuit, now);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    // A trial whose caller never reported (a crash, a forgotten stream) lapses after one more
    // cooldown, so the target cannot stay half-open forever.
    if (circuit.trialSince !== undefined && now - circuit.trialSince < this.#cooldownMs) return false;
    circuit.trialSince = now;
    return true;
  }

  recordSuccess(id: string): void {
    const circuit = this.#circuits.get(id);
    if (circuit === undefined) return;
    circuit.consecutiveFailures = 0;
    circuit.openUntil = undefined;
    circuit.trialSince = undefined;
  }

  recordFailure(id: string): void {
    const now = this.#now();
    let circuit = this.#circuits.get(id);
    if (circuit === undefined) {
      circuit = { consecutiveFailures: 0, openUntil: undefined, trialSince: undefined };
      this.#circuits.set(id, circuit);
    }
    circuit.consecutiveFailures += 1;
    const state = this.#stateOf(circuit, now);
    // While open, a late failure (from a call begun before the circuit opened) does not extend it.
    if (state === 'open') return;
    if (state === 'half_open' || circuit.consecutiveFailures >= this.#failureThreshold) {
      circuit.openUntil = now + this.#cooldownMs;
      circuit.trialSince = undefined;
    }
  }

  /** Gives back a half-open trial whose call ended without saying anything about the target (an abort, a bad request). */
  release(id: string): void {
    const circuit = this.#circuits.get(id);
    if (circuit !== undefined) circuit.trialSince = undefined;
  }

  /** Every target that has failed at least once since start, for readiness and metrics. */
  snapshot(): CircuitSnapshot[] {
    const now = this.#now();
    const result: CircuitSnapshot[] = [];
    for (const [id, circuit] of this.#circuits) {
      const state = this.#stateOf(circuit, now);
      const entry: CircuitSnapshot = { id, state, consecutiveFailures: circuit.consecutiveFailures };
      if (state === 'open' && circuit.openUntil !== undefined) entry.reopensInMs = circuit.openUntil - now;
      result.push(entry);
    }
    return result;
  }

  #stateOf(circuit: Circuit, now: number): CircuitState {
    if (circuit.openUntil === undefined) return 'closed';
    return now < circuit.openUntil ? 'open' : 'half_open';
  }
}
