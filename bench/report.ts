import type { LoadResult } from './load.js';

export type BenchMode = 'non-stream' | 'stream';
export type BenchTarget = 'direct' | 'gateway';

export interface BenchRow {
  mode: BenchMode;
  connections: number;
  target: BenchTarget;
  result: LoadResult;
  /** Peak RSS of the gateway process during a gateway run; undefined for direct runs. */
  gatewayPeakRssMb: number | undefined;
}

const HEADINGS = ['mode', 'conns', 'target', 'req/s', 'p50 ms', 'p99 ms', 'TTFB p50 ms', 'errors', 'gateway RSS MB', '+p50 ms', '+TTFB ms'];
/** Text columns read left-aligned, numbers right-aligned so digits line up. */
const LEFT_ALIGNED = new Set([0, 2]);

function number(value: number | undefined, digits: number): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function difference(value: number | undefined, baseline: number | undefined): string {
  if (value === undefined || baseline === undefined || Number.isNaN(value) || Number.isNaN(baseline)) return '-';
  const delta = value - baseline;
  return `${delta >= 0 ? '+' : ''}${delta.toFixed(2)}`;
}

/**
 * One table for every run. A gateway row also shows its overhead over the direct row with the same
 * mode and connections: the difference of the p50 latencies (and of the p50 time to first byte).
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => {
    const direct = rows.find((other) => other.target === 'direct' && other.mode === row.mode && other.connections === row.connections);
    const isGateway = row.target === 'gateway';
    const { result } = row;
    return [
      row.mode,
      String(row.connections),
      row.target,
      result.requestsPerSecond.toFixed(0),
      number(result.latencyP50Ms, 2),
      number(result.latencyP99Ms, 2),
      number(result.timeToFirstByteP50Ms, 2),
      String(result.errors),
      number(row.gatewayPeakRssMb, 1),
      isGateway ? difference(result.latencyP50Ms, direct?.result.latencyP50Ms) : '',
      isGateway && row.mode === 'stream' ? difference(result.timeToFirstByteP50Ms, direct?.result.timeToFirstByteP50Ms) : '',
    ];
  });
  const widths = HEADINGS.map((heading, column) => Math.max(heading.length, ...cells.map((line) => (line[column] ?? '').length)));
  const format = (line: readonly string[]): string =>
    line
      .map((cell, column) => (LEFT_ALIGNED.has(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(HEADINGS), rule, ...cells.map(format)].join('\n');
}

/** The kinds of error each failing run saw, with one example each, so no failure goes unexplained. */
export function formatErrors(rows: readonly BenchRow[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    for (const [kind, { count, example }] of row.result.errorKinds) {
      lines.push(`${row.mode} c=${row.connections} ${row.target}: ${count} × ${kind}: ${example.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
  return lines.join('\n');
}
