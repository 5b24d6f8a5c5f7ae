import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BudgetsConfig } from '../../src/config/schema.js';
import type { GatewayError } from '../../src/core/errors.js';
import type { Principal } from '../../src/core/principal.js';
import type { ChatRequest } from '../../src/core/types.js';
import { emptyCounters, type UsageRow } from '../../src/store/usage-store.js';
import { BudgetLedger, type BudgetReserveResult } from '../../src/usage/budget-ledger.js';
import { BUDGET_EXCEEDED_CODE, BUDGET_HELD_RETRY_MS } from '../../src/usage/budget-refusal.js';
import type { BudgetReservation } from '../../src/usage/budget-reservation.js';
import { Pricing } from '../../src/usage/pricing.js';

// $1000 per million tokens: a token costs a tenth of a cent, so estimates are round numbers.
const pricing = new Pricing({ 'test/model': { prompt: 1000, completion: 1000 }, 'test/dear': { prompt: 5000, completion: 5000 } });
// 40 prompt + 60 completion tokens: every request is estimated at $0.10 on test/model.
const estimateTokens = (): { promptTokens: number; completionTokens: number } => ({ promptTokens: 40, completionTokens: 60 });
const request = { model: 'test/model', messages: [], stream: false, includeUsage: false, metadata: { requestId: 'r', clientFormat: 'openai' } } as ChatRequest;

const NOV_1_NOON = Date.UTC(2026, 10, 1, 12);
const HOUR = 3_600_000;

function config(overrides: Partial<BudgetsConfig> = {}): BudgetsConfig {
  return { enabled: true, key_period: 'month', tenants: {}, ...overrides };
}

function principal(keyId: string, overrides: Partial<Principal> = {}): Principal {
  return { keyId, tenant: 'acme', admin: false, ...overrides };
}

function ledgerWith(budgets: BudgetsConfig, clock: { now: number }): BudgetLedger {
  return new BudgetLedger({ config: budgets, pricing, estimateTokens, now: () => clock.now });
}

function admitted(result: BudgetReserveResult): BudgetReservation {
  if (!result.ok) assert.fail(`refused: ${result.error.message}`);
  return result;
}

function refused(result: BudgetReserveResult): GatewayError {
  if (result.ok) assert.fail('admitted');
  return result.error;
}

function reserve(ledger: BudgetLedger, who: Principal, model = 'model'): BudgetReserveResult {
  return ledger.reserve({ principal: who, provider: 'test', model, request });
}

test('a reservation holds priced prompt + max_tokens, and settling replaces the hold with the real cost', () => {
  const clock = { now: NOV_1_NOON };
  const ledger = ledgerWith(config(), clock);
  const key = principal('k1', { budgetUsd: 1 });
  const held = admitted(reserve(ledger, key));
  assert.equal(held.estimateUsd, 0.1);
  assert.deepEqual(ledger.describe(key).map((label) => [label.spentUsd, label.reservedUsd, label.limitUsd, label.period]), [[0, 0.1, 1, 'month']]);
  held.settle(0.04);
  assert.deepEqual(ledger.describe(key).map((label) => [label.spentUsd, label.reservedUsd]), [[0.04, 0]]);
  held.settle(5);
  held.release();
  assert.deepEqual(ledger.describe(key).map((label) => [label.spentUsd, label.reservedUsd]), [[0.04, 0]], 'only the first ending counts');
});

test('the rate limiter estimate is used when given, so the prompt is not counted twice', () => {
  const ledger = new BudgetLedger({ config: config(), pricing, now: () => NOV_1_NOON, estimateTokens: () => assert.fail('counted again') });
  const held = admitted(ledger.reserve({ principal: principal('k1', { budgetUsd: 1 }), provider: 'test', model: 'model', request, tokens: { promptTokens: 100, completionTokens: 100 } }));
  assert.equal(held.estimateUsd, 0.2);
});

test('200 concurrent reservations admit exactly floor(budget / estimate), with no floating-point drift', async () => {
  for (const [budgetUsd, expected] of [[1.05, 10], [0.3, 3], [0.7, 7], [20, 200]] as const) {
    const clock = { now: NOV_1_NOON };
    const ledger = ledgerWith(config(), clock);
    const key = principal('k1', { budgetUsd });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const result = reserve(ledger, key);
        if (!result.ok) return false;
        await new Promise((resolve) => setImmediate(resolve)); // the upstream call
        result.settle(0.1);
        return true;
      }),
    );
    assert.equal(outcomes.filter(Boolean).length, expected, `budget $${budgetUsd}`);
    const [label] = ledger.describe(key);
    assert.ok((label?.spentUsd ?? 0) <= budgetUsd + 1e-9, 'never overspent');
  }
});

test('a spent budget names itself, its use and its reset, with Retry-After at the reset', () => {
  const clock = { now: NOV_1_NOON };
  const ledger = ledgerWith(config(), clock);
  const key = principal('k1', { budgetUsd: 0.25 });
  admitted(reserve(ledger, key)).settle(0.1);
  admitted(reserve(ledger, key)).settle(0.1);
  const error = refused(reserve(ledger, key));
  assert.equal(error.code, BUDGET_EXCEEDED_CODE);
  assert.equal(error.status, 429);
  assert.match(error.message, /^budget exceeded: API key k1's monthly budget of \$0\.25 is spent \(\$0\.20 used; this request may cost up to \$0\.10\); it resets at 2026-12-01T00:00:00\.000Z, in 708h0m0s$/);
  assert.equal(error.retryAfterMs, Date.UTC(2026, 11, 1) - NOV_1_NOON);
});

test('a budget held by requests in flight asks for a retry in a second instead', () => {
  const ledger = ledgerWith(config(), { now: NOV_1_NOON });
  const key = principal('k1', { budgetUsd: 0.25 });
  const first = admitted(reserve(ledger, key));
  admitted(reserve(ledger, key));
  const error = refused(reserve(ledger, key));
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.retryAfterMs, BUDGET_HELD_RETRY_MS);
  assert.match(error.message, /^budget busy: \$0\.20 of API key k1's monthly budget of \$0\.25 is held by requests in flight/);
  first.settle(0.01);
  admitted(reserve(ledger, key));
});

test('a request dearer than the whole budget is refused as too expensive, without a Retry-After', () => {
  const ledger = ledgerWith(config({ tenants: { acme: { daily_usd: 0.05 } } }), { now: NOV_1_NOON });
  const error = refused(reserve(ledger, principal('k1')));
  assert.match(error.message, /^request too expensive: it may cost up to \$0\.10 .* tenant acme's daily budget of \$0\.05 allows; lower max_tokens$/);
  assert.equal(error.retryAfterMs, undefined);
  assert.equal(error.code, 'request_too_expensive');
  assert.equal(error.status, 402);
});

test('a daily tenant budget resets at UTC midnight, a monthly key budget on the first of the month', () => {
  const clock = { now: Date.UTC(2026, 10, 30, 23) };
  const ledger = ledgerWith(config({ tenants: { acme: { daily_usd: 0.1 } } }), clock);
  const key = principal('k1', { budgetUsd: 0.2 });
  admitted(reserve(ledger, key)).settle(0.1);
  assert.match(refused(reserve(ledger, key)).message, /tenant acme's daily budget .* resets at 2026-12-01T00:00:00\.000Z, in 1h0m0s/);
  clock.now += HOUR; // 1 December, 00:00: a new day and a new month
  admitted(reserve(ledger, key)).settle(0.1);
  clock.now += 24 * HOUR; // 2 December: the day budget is back, the key's month holds $0.10
  admitted(reserve(ledger, key)).settle(0.1);
  clock.now += 24 * HOUR;
  assert.match(refused(reserve(ledger, key)).message, /API key k1's monthly budget of \$0\.20 is spent .* resets at 2027-01-01T00:00:00\.000Z/);
});

test('key_period = "day" makes a key budget daily', () => {
  const clock = { now: NOV_1_NOON };
  const ledger = ledgerWith(config({ key_period: 'day' }), clock);
  const key = principal('k1', { budgetUsd: 0.1 });
  admitted(reserve(ledger, key)).settle(0.1);
  assert.match(refused(reserve(ledger, key)).message, /API key k1's daily budget of \$0\.10 .* resets at 2026-11-02T00:00:00\.000Z, in 12h0m0s/);
  clock.now += 12 * HOUR;
  admitted(reserve(ledger, key));
});

test('tenant and key budgets apply together: each key its own, all keys of a tenant the tenant one', () => {
  const ledger = ledgerWith(config({ tenants: { acme: { daily_usd: 0.5, monthly_usd: 10 } } }), { now: NOV_1_NOON });
  const small = principal('small', { budgetUsd: 0.2 });
  const open = principal('open');
  admitted(reserve(ledger, small)).settle(0.1);
  admitted(reserve(ledger, small)).settle(0.1);
  assert.match(refused(reserve(ledger, small)).message, /API key small's monthly budget/);
  admitted(reserve(ledger, open)).settle(0.1);
  admitted(reserve(ledger, open)).settle(0.1);
  admitted(reserve(ledger, open)).settle(0.1);
  const error = refused(reserve(ledger, open));
  assert.match(error.message, /tenant acme's daily budget of \$0\.50 is spent \(\$0\.50 used/);
  // Both spent: the one that resets last binds (the key's month outlasts the tenant's day).
  assert.match(refused(reserve(ledger, small)).message, /API key small's monthly budget/);
  admitted(reserve(ledger, principal('other', { tenant: 'globex' })));
  assert.deepEqual(ledger.describeTenants().map((label) => [label.period, label.spentUsd]), [['day', 0.5], ['month', 0.5]]);
});

test('release gives the whole hold back when the upstream call failed', () => {
  const ledger = ledgerWith(config(), { now: NOV_1_NOON });
  const key = principal('k1', { budgetUsd: 0.1 });
  const held = admitted(reserve(ledger, key));
  refused(reserve(ledger, key));
  held.release();
  assert.deepEqual(ledger.describe(key).map((label) => [label.spentUsd, label.reservedUsd]), [[0, 0]]);
  admitted(reserve(ledger, key));
});

test('a request that ends after midnight is charged to the new day, and its old hold is simply gone', () => {
  const clock = { now: Date.UTC(2026, 10, 1, 23, 59) };
  const ledger = ledgerWith(config({ tenants: { acme: { daily_usd: 1 } } }), clock);
  const held = admitted(reserve(ledger, principal('k1')));
  clock.now += 2 * 60_000;
  held.settle(0.3);
  assert.deepEqual(ledger.describeTenants().map((label) => [label.spentUsd, label.reservedUsd, label.resetsAt]), [[0.3, 0, '2026-11-03T00:00:00.000Z']]);
});

test('retarget re-prices the hold at the fallback model, or refuses and keeps the hold as it was', () => {
  const ledger = ledgerWith(config(), { now: NOV_1_NOON });
  const key = principal('k1', { budgetUsd: 0.3 });
  const held = admitted(reserve(ledger, key));
  const refusal = held.retarget('test', 'dear'); // $0.50 > $0.30
  assert.ok(refusal);
  assert.match(refusal.error.message, /request too expensive/);
  assert.equal(held.estimateUsd, 0.1);
  assert.equal(held.retarget('test', 'unpriced'), undefined);
  assert.equal(held.estimateUsd, 0);
  assert.deepEqual(ledger.describe(key).map((label) => label.reservedUsd), [0]);
});

test('an unpriced model costs nothing to hold but still needs budget left; a budget of 0 refuses everything', () => {
  const ledger = ledgerWith(config(), { now: NOV_1_NOON });
  admitted(reserve(ledger, principal('k1', { budgetUsd: 1 }), 'unpriced'));
  refused(reserve(ledger, principal('k2', { budgetUsd: 0 }), 'unpriced'));
});

test('budgets off, or none set, admit everything and hold nothing', () => {
  const ledger = ledgerWith(config({ enabled: false, tenants: { acme: { daily_usd: 0 } } }), { now: NOV_1_NOON });
  assert.equal(admitted(reserve(ledger, principal('k1', { budgetUsd: 0 }))).estimateUsd, 0);
  const none = ledgerWith(config(), { now: NOV_1_NOON });
  assert.equal(admitted(reserve(none, principal('k1'))).estimateUsd, 0);
});

test('seed loads this month into monthly budgets and today into daily ones', () => {
  const clock = { now: Date.UTC(2026, 10, 15, 9) };
  const ledger = ledgerWith(config({ tenants: { acme: { daily_usd: 1, monthly_usd: 2 } } }), clock);
  const row = (day: string, keyId: string, costUsd: number): UsageRow => ({ day, tenant: 'acme', keyId, provider: 'test', model: 'model', ...emptyCounters(), requests: 1, costUsd });
  ledger.seed([row('2026-10-31', 'k1', 50), row('2026-11-01', 'k1', 0.5), row('2026-11-15', 'k1', 0.75), row('2026-11-15', 'k2', 0.2)]);
  const key = principal('k1', { budgetUsd: 1.4 });
  assert.deepEqual(
    ledger.describe(key).map((label) => [label.scope, label.period, Number(label.spentUsd.toFixed(9))]),
    [['key', 'month', 1.25], ['tenant', 'day', 0.95], ['tenant', 'month', 1.45]],
  );
  assert.match(refused(reserve(ledger, key)).message, /tenant acme's daily budget/);
});
