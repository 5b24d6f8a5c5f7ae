import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLocalModel, chooseLocalModel, rankLocalModels, type LocalModelSpec, type LocalResourceState } from '../../../src/providers/local/choose-local-model.js';

const SMALL: LocalModelSpec = { name: 'llama-3.2-3b-instruct', vramMb: 3000, contextTokens: 8192 };
const LARGE: LocalModelSpec = { name: 'qwen2.5-7b-instruct', vramMb: 6000, contextTokens: 32768 };
const LONG_SMALL: LocalModelSpec = { name: 'llama-3.2-3b-128k', vramMb: 3000, contextTokens: 131072 };
const MODELS = [SMALL, LARGE];

function state(overrides: Partial<LocalResourceState> = {}): LocalResourceState {
  return { available: new Set([SMALL.name, LARGE.name, LONG_SMALL.name]), freeMb: 20_000, thresholdMb: 2048, neededTokens: 100, ...overrides };
}

describe('rankLocalModels', () => {
  it('puts the larger vram_mb first, then the larger context, then config order', () => {
    const tie: LocalModelSpec = { name: 'same-as-small', vramMb: 3000, contextTokens: 8192 };
    assert.deepEqual(rankLocalModels([SMALL, tie, LONG_SMALL, LARGE]).map((model) => model.name), [LARGE.name, LONG_SMALL.name, SMALL.name, tie.name]);
  });
});

describe('chooseLocalModel (local/auto)', () => {
  it('picks the most capable model when everything fits', () => {
    const choice = chooseLocalModel(MODELS, state());
    assert.deepEqual(choice, { ok: true, model: LARGE });
  });

  it('steps down to the smaller model when the free VRAM only holds that one', () => {
    const choice = chooseLocalModel(MODELS, state({ freeMb: 4000 }));
    assert.deepEqual(choice, { ok: true, model: SMALL });
  });

  it('takes a model needing exactly the free VRAM', () => {
    assert.deepEqual(chooseLocalModel(MODELS, state({ freeMb: 6000 })), { ok: true, model: LARGE });
    assert.deepEqual(chooseLocalModel(MODELS, state({ freeMb: 5999 })), { ok: true, model: SMALL });
  });

  it('skips a model whose context is too small for the prompt plus max_tokens', () => {
    const choice = chooseLocalModel([SMALL, LONG_SMALL], state({ freeMb: 4000, neededTokens: 9000 }));
    assert.deepEqual(choice, { ok: true, model: LONG_SMALL });
    const none = chooseLocalModel(MODELS, state({ freeMb: 4000, neededTokens: 9000 }));
    assert.equal(none.ok, false);
    assert.match(none.ok ? '' : none.reason, /llama-3\.2-3b-instruct: context of 8192 tokens, the request needs 9000/);
  });

  it('skips a model the upstream does not serve', () => {
    const choice = chooseLocalModel(MODELS, state({ available: new Set([SMALL.name]) }));
    assert.deepEqual(choice, { ok: true, model: SMALL });
  });

  it('declines with every model’s reason when none fits the free VRAM', () => {
    const choice = chooseLocalModel(MODELS, state({ freeMb: 2500 }));
    assert.equal(choice.ok, false);
    const reason = choice.ok ? '' : choice.reason;
    assert.match(reason, /2500 MB VRAM free/);
    assert.match(reason, /qwen2\.5-7b-instruct: needs 6000 MB of VRAM, 2500 MB free/);
    assert.match(reason, /llama-3\.2-3b-instruct: needs 3000 MB of VRAM, 2500 MB free/);
  });

  it('declines everything below vram_threshold_mb, even a model that would fit', () => {
    const choice = chooseLocalModel([{ name: 'tiny', vramMb: 500, contextTokens: 4096 }], state({ freeMb: 2000, available: new Set(['tiny']) }));
    assert.deepEqual(choice, { ok: false, reason: 'only 2000 MB of VRAM free, below vram_threshold_mb = 2048' });
  });

  it('declines when no model is configured', () => {
    const choice = chooseLocalModel([], state());
    assert.equal(choice.ok, false);
    assert.match(choice.ok ? '' : choice.reason, /needs \[\[providers\.local\.models\]\]/);
  });
});

describe('checkLocalModel (local/<name>)', () => {
  it('passes a configured model that fits, and names free and needed MB when it does not', () => {
    assert.equal(checkLocalModel(LARGE.name, LARGE, state()), undefined);
    assert.equal(checkLocalModel(LARGE.name, LARGE, state({ freeMb: 4000 })), 'local model qwen2.5-7b-instruct cannot run now: needs 6000 MB of VRAM, 4000 MB free');
  });

  it('applies only the threshold to a model with no configured size', () => {
    assert.equal(checkLocalModel('unlisted', undefined, state({ freeMb: 2048 })), undefined);
    assert.match(checkLocalModel('unlisted', undefined, state({ freeMb: 100 })) ?? '', /below vram_threshold_mb/);
  });
});
