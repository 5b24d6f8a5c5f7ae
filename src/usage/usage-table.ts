import type { UsageCounters, UsageKey } from '../store/usage-store.js';
import type { UsageDimension, UsageReport, UsageReportRow } from './usage-report.js';

const KEY_COLUMNS: readonly [string, keyof UsageKey][] = [
  ['DAY', 'day'],
  ['TENANT', 'tenant'],
  ['KEY', 'keyId'],
  ['PROVIDER', 'provider'],
  ['MODEL', 'model'],
];
const DIMENSION_COLUMN: Readonly<Record<UsageDimension, [string, keyof UsageKey]>> = {
  day: ['DAY', 'day'],
  tenant: ['TENANT', 'tenant'],
  key: ['KEY', 'keyId'],
  provider: ['PROVIDER', 'provider'],
  model: ['MODEL', 'model'],
};
const COUNTER_TITLES = ['REQUESTS', 'PROMPT', 'COMPLETION', 'CACHED', 'COST_USD', 'ERRORS', 'PARTIAL', 'ESTIMATED'] as const;

/** The human view of a usage report: names left-aligned, numbers right-aligned, a totals line last. */
export function formatUsageTable(report: UsageReport): string {
  const window = describeWindow(report);
  if (report.rows.length === 0) return `no usage recorded ${window}\n`;
  const keyColumns = report.by === undefined ? KEY_COLUMNS : [DIMENSION_COLUMN[report.by]];
  const titles = [...keyColumns.map(([title]) => title), ...COUNTER_TITLES];
  const rows = report.rows.map((row: UsageReportRow) => [...keyColumns.map(([, field]) => row[field] ?? '-'), ...counterCells(row)]);
  const totals = ['TOTAL', ...keyColumns.slice(1).map(() => ''), ...counterCells(report.totals)];
  const widths = titles.map((title, column) => Math.max(title.length, ...[...rows, totals].map((row) => row[column]?.length ?? 0)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < keyColumns.length ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return `Usage ${window}\n${[format(titles), ...rows.map(format), rule, format(totals)].join('\n')}\n`;
}

function counterCells(counters: UsageCounters): string[] {
  return [
    String(counters.requests),
    String(counters.promptTokens),
    String(counters.completionTokens),
    String(counters.cachedTokens),
    counters.costUsd.toFixed(6),
    String(counters.errors),
    String(counters.partialStreams),
    String(counters.estimatedRequests),
  ];
}

function describeWindow(report: UsageReport): string {
  if (report.since === undefined && report.until === undefined) return '(all days, UTC)';
  return `(${report.since ?? 'first day'} to ${report.until ?? 'today'}, UTC)`;
}
