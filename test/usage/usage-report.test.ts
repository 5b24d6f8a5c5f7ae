import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/core/errors.js';
import { emptyCounters, type UsageQuery, type UsageRow } from '../../src/store/usage-store.js';
import { describeUsage } from '../../src/usage/usage-answer.js';
import { usageEventOf } from '../../src/usage/usage-event-of.js';
import { summarizeUsage, type UsageDimension } from '../../src/usage/usage-report.js';
import { formatUsageTable } from '../../src/usage/usage-table.js';

function row(day: string, tenant: string, keyId: string, provider: string, model: string, requests: number, costUsd: number): UsageRow {
  return { day, tenant, keyId, provider, model, ...emptyCounters(), requests, promptTokens: requests * 10, completionTokens: requests * 2, costUsd };
}

const rows: UsageRow[] = [
  row('2026-11-01', 'acme', 'k1', 'openai', 'gpt-4o', 3, 0.3),
  row('2026-11-01', 'acme', 'k2', 'anthropic', 'claude-sonnet-4-5', 1, 0.5),
  row('2026-11-02', 'globex', 'k3', 'openai', 'gpt-4o-mini', 5, 0.05),
  row('2026-11-02', 'acme', 'k1', 'openai', 'gpt-4o', 2, 0.2),
];

test('each dimension sums the rows per value, and totals sum everything', () => {
  const sums = (by: UsageDimension): Record<string, number> => {
    const report = summarizeUsage(rows, { by });
    assert.equal(report.totals.requests, 11);
    assert.equal(report.totals.promptTokens, 110);
    return Object.fromEntries(report.rows.map((group) => [Object.values(group)[0] as string, group.requests]));
  };
  assert.deepEqual(sums('tenant'), { acme: 6, globex: 5 });
  assert.deepEqual(sums('key'), { k1: 5, k2: 1, k3: 5 });
  assert.deepEqual(sums('provider'), { openai: 10, anthropic: 1 });
  assert.deepEqual(sums('model'), { 'gpt-4o': 5, 'claude-sonnet-4-5': 1, 'gpt-4o-mini': 5 });
  assert.deepEqual(sums('day'), { '2026-11-01': 4, '2026-11-02': 7 });
});

test('grouped rows hold only their dimension; days run in order, other groups dearest first', () => {
  const byKey = summarizeUsage(rows, { by: 'key' });
  assert.deepEqual(byKey.rows.map((group) => group.keyId), ['k1', 'k2', 'k3'], 'equal cost: more requests first');
  assert.deepEqual(Object.keys(byKey.rows[0] ?? {}).filter((name) => ['day', 'tenant', 'keyId', 'provider', 'model'].includes(name)), ['keyId']);
  assert.deepEqual(summarizeUsage([...rows].reverse(), { by: 'day' }).rows.map((group) => group.day), ['2026-11-01', '2026-11-02']);
  assert.equal(summarizeUsage(rows).rows.length, 4, 'ungrouped: the stored rows');
});

test('the table has a header, aligned rows and a totals line', () => {
  const table = formatUsageTable(summarizeUsage(rows, { by: 'tenant', since: '2026-11-01' }));
  const lines = table.trimEnd().split('\n');
  assert.equal(lines[0], 'Usage (2026-11-01 to today, UTC)');
  assert.match(lines[1] ?? '', /^TENANT\s+REQUESTS\s+PROMPT\s+COMPLETION\s+CACHED\s+COST_USD\s+ERRORS\s+PARTIAL\s+ESTIMATED$/);
  assert.match(lines[2] ?? '', /^acme\s+6\s+60\s+12\s+0\s+1\.000000\s+0\s+0\s+0$/);
  assert.match(lines.at(-1) ?? '', /^TOTAL\s+11\s+110\s+22\s+0\s+1\.050000/);
  assert.equal(new Set(lines.slice(1).map((line) => line.length)).size, 1, 'every line has the same width');
  assert.equal(formatUsageTable(summarizeUsage([])), 'no usage recorded (all days, UTC)\n');
});

test('usage events come from the request context: refusals are errors under provider -', () => {
  const principal = { keyId: 'k1', tenant: 'acme', admin: false };
  assert.equal(usageEventOf({ status: 401, partial: false }), undefined, 'no principal, no tenant to file it under');
  assert.deepEqual(usageEventOf({ principal, request: { model: 'smart' } as never, status: 429, errorCode: 'rate_limited', partial: true }), {
    tenant: 'acme',
    keyId: 'k1',
    model: 'smart',
    error: true,
  });
  const target = { provider: 'openai', model: 'gpt-4o', id: 'openai/gpt-4o' };
  assert.deepEqual(usageEventOf({ principal, target, usage: { promptTokens: 1, completionTokens: 2 }, cost: { usd: 0.1, priced: true }, status: 200, partial: true }, { estimated: true }), {
    tenant: 'acme',
    keyId: 'k1',
    provider: 'openai',
    model: 'gpt-4o',
    usage: { promptTokens: 1, completionTokens: 2 },
    costUsd: 0.1,
    partial: true,
    estimated: true,
  });
});

test('GET /admin/usage parameters: by, since and until pass to the query; bad ones are 400 naming the parameter', async () => {
  const asked: UsageQuery[] = [];
  const source = {
    async query(query?: UsageQuery): Promise<UsageRow[]> {
      asked.push(query ?? {});
      return rows;
    },
  };
  const now = Date.UTC(2026, 10, 10, 8);
  const answer = await describeUsage('/admin/usage?by=provider&since=7d&until=2026-11-09', source, { describeTenants: () => [] }, now);
  assert.deepEqual(asked, [{ since: '2026-11-04', until: '2026-11-09' }]);
  assert.equal(answer.object, 'usage');
  assert.equal(answer.by, 'provider');
  assert.deepEqual(answer.budgets, []);
  for (const [url, param] of [['/admin/usage?by=planet', 'by'], ['/admin/usage?since=last-week', 'since'], ['/admin/usage?until=2026-02-30', 'until']] as const) {
    await assert.rejects(describeUsage(url, source, undefined, now), (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === param);
  }
});
