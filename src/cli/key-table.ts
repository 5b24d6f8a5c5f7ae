import type { KeySummary } from '../security/key-summary.js';

const COLUMNS = ['ID', 'NAME', 'TENANT', 'STATUS', 'ADMIN', 'CREATED', 'EXPIRES'] as const;

/** The human view of `keys list`: one padded row per key, times to the minute in UTC. */
export function formatKeyTable(summaries: readonly KeySummary[]): string {
  if (summaries.length === 0) return 'no API keys (create one with: securellm keys create)\n';
  const rows = summaries.map((summary) => [
    summary.id,
    summary.name ?? '-',
    summary.tenant,
    summary.status,
    summary.admin ? 'yes' : 'no',
    shortTime(summary.createdAt),
    summary.expiresAt === undefined ? 'never' : shortTime(summary.expiresAt),
  ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[format(COLUMNS), ...rows.map(format)].join('\n')}\n`;
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}
