// node:test's describe() and it() return promises that the runner itself tracks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import { GatewayError } from '../../src/core/errors.js';
import { resolveTargets } from '../../src/routing/resolve-targets.js';
import { FakeProvider, providerMap } from './fake-provider.js';

const config = configSchema.parse({
  providers: {
    openai: { model: 'gpt-4o-mini' },
    anthropic: {},
    local: {},
    ollama: { enabled: false },
  },
  models: {
    smart: { targets: ['openai/gpt-4o', 'ollama/llama3.2', 'anthropic/claude-sonnet-4-5', 'local/auto'] },
    offline: { targets: ['ollama/llama3.2'] },
    openai: { targets: ['anthropic/claude-sonnet-4-5'] },
  },
});

// ollama is disabled, so it is not in the map; anthropic has a provider default, local has none.
const providers = providerMap(
  new FakeProvider('openai', [], { defaultModel: 'gpt-4o' }),
  new FakeProvider('anthropic', [], { defaultModel: 'claude-haiku-4-5' }),
  new FakeProvider('local', []),
);

function assertModelNotFound(modelId: string, messagePart: RegExp): void {
  assert.throws(
    () => resolveTargets(modelId, config, providers),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.code, 'model_not_found');
      assert.equal(error.status, 404);
      assert.equal(error.param, 'model');
      assert.match(error.message, messagePart);
      return true;
    },
  );
}

describe('resolveTargets', () => {
  it('turns provider/model into one target', () => {
    assert.deepEqual(resolveTargets('anthropic/claude-sonnet-4-5', config, providers), [
      { provider: 'anthropic', model: 'claude-sonnet-4-5', id: 'anthropic/claude-sonnet-4-5' },
    ]);
  });

  it('splits at the first slash, so the model may contain slashes', () => {
    assert.deepEqual(resolveTargets('local/org/model-7b', config, providers), [
      { provider: 'local', model: 'org/model-7b', id: 'local/org/model-7b' },
    ]);
  });

  it('gives a bare provider name the configured default model, before the provider’s own', () => {
    assert.deepEqual(resolveTargets('openai', {
      ...config,
      models: {},
    }, providers), [{ provider: 'openai', model: 'gpt-4o-mini', id: 'openai/gpt-4o-mini' }]);
    assert.deepEqual(resolveTargets('anthropic', config, providers), [
      { provider: 'anthropic', model: 'claude-haiku-4-5', id: 'anthropic/claude-haiku-4-5' },
    ]);
  });

  it('expands an alias in order, skipping targets whose provider is not enabled', () => {
    assert.deepEqual(
      resolveTargets('smart', config, providers).map((target) => target.id),
      ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'local/auto'],
    );
  });

  it('prefers an alias over a provider of the same name', () => {
    assert.deepEqual(resolveTargets('openai', config, providers).map((target) => target.id), ['anthropic/claude-sonnet-4-5']);
  });

  it('refuses an alias with no enabled target', () => {
    assertModelNotFound('offline', /alias 'offline'/);
  });

  it('refuses unknown names, disabled providers and malformed ids', () => {
    assertModelNotFound('gpt-5', /unknown model 'gpt-5'/);
    assertModelNotFound('ollama/llama3.2', /provider 'ollama' is unknown or not enabled/);
    assertModelNotFound('ollama', /unknown model 'ollama'/);
    assertModelNotFound('mistral/large', /provider 'mistral'/);
    assertModelNotFound('openai/', /not a provider\/model id/);
    assertModelNotFound('/gpt-4o', /not a provider\/model id/);
    assertModelNotFound('', /unknown model/);
  });

  it('refuses a bare provider with no default model', () => {
    assertModelNotFound('local', /no default model: name one as local\/MODEL/);
  });

  it('does not resolve prototype keys as aliases or providers', () => {
    assertModelNotFound('constructor', /unknown model/);
    assertModelNotFound('__proto__', /unknown model/);
  });

  it('cuts a huge model id short in the message', () => {
    const error = (() => {
      try {
        resolveTargets('x'.repeat(10_000), config, providers);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof GatewayError);
    assert.ok(error.message.length < 400);
  });
});
