import type { Counter } from 'prom-client';
import { OTHER_LABEL } from './label-values.js';
import type { CounterChild } from './target-series.js';

/** How guards report a verdict; injected into them so they need not know the metrics. */
export type GuardVerdictRecorder = (guard: string, action: string) => void;

/** Guard and action names are code, not client text; still, a bug must not grow the series count. */
const LABEL_SHAPE = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_SERIES = 64;

/**
 * `securellm_guard_verdicts_total{guard,action}`, e.g. (`prompt_injection`, `block`), (`pii`,
 * `redact`). A name that is not lower-case snake case, or any pair beyond the first 64, is counted
 * as `other`, so the label set stays closed whatever the guards send.
 */
export class GuardVerdicts {
  readonly #counter: Counter<'guard' | 'action'>;
  readonly #children = new Map<string, Map<string, CounterChild>>();
  #series = 0;

  constructor(counter: Counter<'guard' | 'action'>) {
    this.#counter = counter;
  }

  record(guard: string, action: string): void {
    this.#childOf(guard, action).inc();
  }

  #childOf(guard: string, action: string): CounterChild {
    const known = this.#children.get(guard)?.get(action);
    if (known !== undefined) return known;
    const admitted = LABEL_SHAPE.test(guard) && LABEL_SHAPE.test(action) && this.#series < MAX_SERIES;
    if (!admitted) return this.#otherChild();
    return this.#remember(guard, action);
  }

  #otherChild(): CounterChild {
    return this.#children.get(OTHER_LABEL)?.get(OTHER_LABEL) ?? this.#remember(OTHER_LABEL, OTHER_LABEL);
  }

  #remember(guard: string, action: string): CounterChild {
    let byAction = this.#children.get(guard);
    if (byAction === undefined) {
      byAction = new Map();
      this.#children.set(guard, byAction);
    }
    const child = this.#counter.labels(guard, action);
    byAction.set(action, child);
    this.#series += 1;
    return child;
  }
}
