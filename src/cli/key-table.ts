import type { KeySummary } from '../security/key-summary.js';

const COLUMNS = ['ID', 'NAME', 'TENANT', 'STATUS', 'ADMIN', 'CREATED', 'EXPIRES', 'SCOPES'] as const;

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
    scopes(summary),
  ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[format(COLUMNS), ...rows.map(format)].join('\n')}\n`;
}

/** What narrows the key, `-` for none: `providers=a,b models=x rpm=30 budget=$25 local-only`. */
function scopes(summary: KeySummary): string {
  const parts: string[] = [];
  if (summary.providers !== undefined) parts.push(`providers=${summary.providers.join(',')}`);
  if (summary.models !== undefined) parts.push(`models=${summary.models.join(',')}`);
  if (summary.rpm !== undefined) parts.push(`rpm=${summary.rpm}`);
  if (summary.budgetUsd !== undefined) parts.push(`budget=$${summary.budgetUsd}`);
  if (summary.localOnly === true) parts.push('local-only');
  return parts.length === 0 ? '-' : parts.join(' ');
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}
