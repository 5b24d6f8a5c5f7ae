import type { Counter } from 'prom-client';

/** One labelled series of a counter, as a plain number: incrementing it is an addition. */
export class CounterCell<T extends string> {
  value = 0;

  constructor(readonly labels: Readonly<Record<T, string>>) {}

  inc(amount = 1): void {
    this.value += amount;
  }
}

/**
 * The per-request counters keep their series in cells and hand them to prom-client only at scrape
 * time (the counter's `collect`). A prom-client label child would hash its label values into a
 * string and validate them on every increment; a request bumps half a dozen counters, so that
 * work is moved from every request to every scrape.
 */
export class CounterCells<T extends string> {
  readonly #cells: CounterCell<T>[] = [];

  /** Made once per label set (at start, or the first time a status appears), then kept. */
  cell(labels: Readonly<Record<T, string>>): CounterCell<T> {
    const cell = new CounterCell(labels);
    this.#cells.push(cell);
    return cell;
  }

  /** Writes the totals into the counter; an untouched cell shows no series, as an unused child would not. */
  flushInto(counter: Counter<T>): void {
    counter.reset();
    for (const cell of this.#cells) if (cell.value > 0) counter.inc(cell.labels, cell.value);
  }
}
