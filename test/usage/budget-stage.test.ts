import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../src/core/types.js';
import { BudgetLedger } from '../../src/usage/budget-ledger.js';
import { reserveBudget, retargetBudget, seedBudgetLedger, settleBudget, type BudgetStageContext } from '../../src/usage/budget-stage.js';
import { Pricing } from '../../src/usage/pricing.js';
import { emptyCounters, type UsageQuery } from '../../src/store/usage-store.js';

const NOV_1_NOON = Date.UTC(2026, 10, 1, 12);
const pricing = new Pricing({ 'test/model': { prompt: 1000, completion: 1000 }, 'test/dear': { prompt: 10_000, completion: 10_000 } });
const request = { model: 'test/model', messages: [], stream: false, includeUsage: false, metadata: { requestId: 'r', clientFormat: 'openai' } } as ChatRequest;
const targets = [{ provider: 'test', model: 'model', id: 'test/model' }];

function ledger(): BudgetLedger {
  return new BudgetLedger({ config: { enabled: true, key_period: 'month', tenants: {} }, pricing, now: () => NOV_1_NOON, estimateTokens: () => ({ promptTokens: 50, completionTokens: 50 }) });
}

function context(budgetUsd: number): BudgetStageContext & { released: number } {
  const holder = {
    released: 0,
    principal: { keyId: 'k1', tenant: 'acme', admin: false, budgetUsd },
    reservation: {
      estimate: { promptTokens: 100, completionTokens: 100 },
      release: () => {
        holder.released += 1;
      },
    },
  };
  return holder;
}

test('reserveBudget reuses the rate limiter estimate and keeps the hold on the context', () => {
  const budgets = ledger();
  const first = context(1);
  reserveBudget(budgets, first, request, targets);
  assert.equal(first.budget?.estimateUsd, 0.2, '200 tokens from the limiter, not the 100 the ledger would count');
});

test('a budget refusal is thrown and releases the rate limiter hold, since the request goes nowhere', () => {
  const budgets = ledger();
  const refusedContext = context(0.1);
  assert.throws(() => reserveBudget(budgets, refusedContext, request, targets), /request too expensive/);
  assert.equal(refusedContext.released, 1);
  assert.equal(refusedContext.budget, undefined);
});

test('settleBudget refunds when no target answered and charges the cost when one did', () => {
  const budgets = ledger();
  const failed = context(1);
  reserveBudget(budgets, failed, request, targets);
  settleBudget(failed);
  const principal = failed.principal;
  assert.ok(principal);
  assert.deepEqual(budgets.describe(principal).map((label) => [label.spentUsd, label.reservedUsd]), [[0, 0]], 'upstream failed: refunded');

  const answered = context(1);
  reserveBudget(budgets, answered, request, targets);
  answered.target = targets[0];
  answered.cost = { usd: 0.07, priced: true };
  settleBudget(answered);
  assert.deepEqual(budgets.describe(principal).map((label) => [label.spentUsd, label.reservedUsd]), [[0.07, 0]]);
});

test('retargetBudget skips a fallback the budget cannot take', () => {
  const budgets = ledger();
  const held = context(1);
  reserveBudget(budgets, held, request, targets);
  assert.match(retargetBudget(held, { provider: 'test', model: 'dear', id: 'test/dear' })?.message ?? '', /request too expensive/);
  assert.equal(retargetBudget(held, { provider: 'test', model: 'model', id: 'test/model' }), undefined);
});

test('seedBudgetLedger asks the store for this month only', async () => {
  const budgets = ledger();
  const asked: UsageQuery[] = [];
  await seedBudgetLedger(budgets, {
    async query(query) {
      asked.push(query ?? {});
      return [{ day: '2026-11-01', tenant: 'acme', keyId: 'k1', provider: 'test', model: 'model', ...emptyCounters(), costUsd: 0.95 }];
    },
  }, NOV_1_NOON);
  assert.deepEqual(asked, [{ since: '2026-11-01' }]);
  assert.throws(() => reserveBudget(budgets, context(1), request, targets), /budget exceeded: API key k1's monthly budget of \$1\.00 is spent \(\$0\.95 used/);
});
