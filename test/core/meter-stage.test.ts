import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { meterStream } from '../../src/core/meter-stage.js';
import { createRequestContext } from '../../src/core/request-context.js';
import type { ChatChunk } from '../../src/core/types.js';
import type { RoutedStream, Router } from '../../src/routing/router.js';
import type { Target } from '../../src/routing/target.js';
import { Pricing } from '../../src/usage/pricing.js';

async function* rest(): AsyncGenerator<ChatChunk> {
  yield { type: 'text', text: 'hi' };
  yield { type: 'usage', usage: { promptTokens: 1_000_000, completionTokens: 1_000_000 } };
  yield { type: 'finish', reason: 'stop' };
}

describe('meter stage', () => {
  it('prices local/auto at the local model it chose (the one the audit record and usage name)', async () => {
    const auto: Target = { provider: 'local', model: 'auto', id: 'local/auto' };
    const chosen: Target = { provider: 'local', model: 'qwen2.5-7b-instruct', id: 'local/qwen2.5-7b-instruct' };
    const pricing = new Pricing({ 'local/qwen2.5-7b-instruct': { prompt: 1, completion: 2 } });
    const router = { recordOutcome: () => undefined } as unknown as Router;
    const context = createRequestContext('request-1', 'openai', new AbortController().signal);
    // gateway.route sets the served target before the answer is metered (served-target.ts).
    context.target = chosen;
    const routed: RoutedStream = { target: auto, first: { type: 'start', id: 'x', model: chosen.model }, rest: rest(), attempts: [] };
    for await (const chunk of meterStream({ pricing, router, defaultMaxTokens: 16 }, context, routed)) assert.ok(chunk);
    assert.deepEqual(context.cost, { usd: 3, priced: true });
  });
});
