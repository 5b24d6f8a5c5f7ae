import { addCounters, emptyCounters, type UsageCounters, type UsageKey, type UsageRow } from '../store/usage-store.js';

/** What `--by` may group on. */
export const USAGE_DIMENSIONS = ['tenant', 'key', 'provider', 'model', 'day'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

/** A grouped row holds only the field it is grouped on; an ungrouped row holds all five. */
export type UsageReportRow = Partial<UsageKey> & UsageCounters;

export interface UsageReport {
  object: 'usage';
  since?: string;
  until?: string;
  by?: UsageDimension;
  rows: UsageReportRow[];
  totals: UsageCounters;
}

export interface SummarizeOptions {
  by?: UsageDimension;
  since?: string;
  until?: string;
}

const FIELD_OF: Readonly<Record<UsageDimension, keyof UsageKey>> = {
  tenant: 'tenant',
  key: 'keyId',
  provider: 'provider',
  model: 'model',
  day: 'day',
};

export function isUsageDimension(text: string): text is UsageDimension {
  return (USAGE_DIMENSIONS as readonly string[]).includes(text);
}

/**
 * The report `securellm usage` and `GET /admin/usage` give: stored rows as they are (day, tenant,
 * key, provider, model) or summed per value of one dimension, with totals. Grouped by day, rows
 * run oldest first; grouped otherwise, the most expensive come first.
 */
export function summarizeUsage(rows: readonly UsageRow[], options: SummarizeOptions = {}): UsageReport {
  const totals = emptyCounters();
  for (const row of rows) addCounters(totals, row);
  const report: UsageReport = { object: 'usage', rows: [], totals };
  if (options.since !== undefined) report.since = options.since;
  if (options.until !== undefined) report.until = options.until;
  if (options.by === undefined) {
    report.rows = rows.map((row) => ({ ...row }));
    return report;
  }
  report.by = options.by;
  const field = FIELD_OF[options.by];
  const groups = new Map<string, UsageReportRow>();
  for (const row of rows) {
    const value = row[field];
    let group = groups.get(value);
    if (group === undefined) {
      group = { [field]: value, ...emptyCounters() };
      groups.set(value, group);
    }
    addCounters(group, row);
  }
  report.rows = [...groups.values()].sort(options.by === 'day' ? byField(field) : byCostThen(field));
  return report;
}

function byField(field: keyof UsageKey): (a: UsageReportRow, b: UsageReportRow) => number {
  return (a, b) => (a[field] ?? '').localeCompare(b[field] ?? '');
}

function byCostThen(field: keyof UsageKey): (a: UsageReportRow, b: UsageReportRow) => number {
  const byName = byField(field);
  return (a, b) => b.costUsd - a.costUsd || b.requests - a.requests || byName(a, b);
}
