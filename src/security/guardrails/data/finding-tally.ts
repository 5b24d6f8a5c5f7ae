import type { DataHandling } from './data-policy.js';
import type { DataAction, DataCategory, DataFinding, DataVerdict } from './data-verdict.js';
import type { Span } from './detector.js';

const ACTION_RANK: Readonly<Record<DataAction, number>> = { allow: 0, flag: 1, redact: 2, local_only: 3, block: 4 };

/** Counts findings per detector and keeps the strongest action; becomes a `DataVerdict`. */
export class FindingTally {
  readonly #counts = new Map<string, { category: DataCategory; count: number }>();
  #action: DataAction = 'allow';
  #redactions = 0;

  record(span: Span, handling: DataHandling): void {
    const detector = span.detector;
    const entry = this.#counts.get(detector.id);
    if (entry === undefined) this.#counts.set(detector.id, { category: detector.category, count: 1 });
    else entry.count++;
    if (handling === 'redact') this.#redactions++;
    if (ACTION_RANK[handling] > ACTION_RANK[this.#action]) this.#action = handling;
  }

  get action(): DataAction {
    return this.#action;
  }

  verdict(): DataVerdict {
    const findings: DataFinding[] = [];
    for (const [detector, { category, count }] of this.#counts) findings.push({ detector, category, count });
    return { action: this.#action, findings, redactions: this.#redactions };
  }
}
