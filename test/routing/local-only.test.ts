import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, ProviderError } from '../../src/core/errors.js';
import { createRequestContext } from '../../src/core/request-context.js';
import type { Provider } from '../../src/core/provider.js';
import { isLocalTarget, localOnlyFailure, localOnlyReasons } from '../../src/routing/local-only.js';
import { reserveAlongTargets } from '../../src/routing/reserve-along-targets.js';
import type { AttemptRecord } from '../../src/routing/router.js';
import type { Target } from '../../src/routing/target.js';

const context = (options: { localOnlyKey?: boolean; tenant?: string; pii?: boolean }) => {
  const result = createRequestContext('req_1', 'openai', new AbortController().signal);
  result.principal = { keyId: 'k', tenant: options.tenant ?? 'test', admin: false, ...(options.localOnlyKey === true ? { localOnly: true } : {}) };
  if (options.pii === true) result.localOnly = true;
  return result;
};

describe('localOnlyReasons', () => {
  it('names key, tenant and personal data, strongest first', () => {
    assert.deepEqual(localOnlyReasons(context({}), ['acme']), []);
    assert.deepEqual(localOnlyReasons(context({ tenant: 'acme' }), ['acme']), ['tenant']);
    assert.deepEqual(localOnlyReasons(context({ localOnlyKey: true, tenant: 'acme', pii: true }), ['acme']), ['key', 'tenant', 'pii']);
  });
});

describe('localOnlyFailure', () => {
  it('turns an upstream failure or decline into 503 local_only_unavailable, keeping the reason', () => {
    const declined = new ProviderError('insufficient_resources', 'only 500 MB of VRAM free', { provider: 'local' });
    const failure = localOnlyFailure(declined, ['pii']);
    assert.ok(failure instanceof GatewayError);
    assert.equal(failure.code, 'local_only_unavailable');
    assert.equal(failure.status, 503);
    assert.match(failure.message, /personal data may only go to a local provider, and none can serve it now: only 500 MB of VRAM free/);
    const missing = localOnlyFailure(new ProviderError('model_not_found', 'not pulled', { provider: 'ollama' }), ['key']);
    assert.equal((missing as GatewayError).code, 'local_only_unavailable');
  });

  it('keeps a malformed request’s 400 and the client’s own 429', () => {
    const bad = new ProviderError('bad_request', 'bad', { provider: 'local' });
    assert.equal(localOnlyFailure(bad, ['pii']), bad);
    const limited = new GatewayError('rate_limited', 'slow down');
    assert.equal(localOnlyFailure(limited, ['pii']), limited);
  });
});

describe('reserveAlongTargets', () => {
  const targets: Target[] = [
    { provider: 'openai', model: 'gpt-4o', id: 'openai/gpt-4o' },
    { provider: 'local', model: 'auto', id: 'local/auto' },
  ];

  it('moves past a provider refusal, recording it as a skipped attempt', async () => {
    const attempts: AttemptRecord[] = [];
    const admitted = await reserveAlongTargets(targets, attempts, async (from) => {
      if (from[0]?.provider === 'openai') throw new GatewayError('budget_exceeded', 'over budget');
    });
    assert.deepEqual(admitted, [targets[1]]);
    assert.deepEqual(attempts, [{ target: 'openai/gpt-4o', attempt: 1, outcome: 'skipped_refused', code: 'budget_exceeded', durationMs: 0 }]);
  });

  it('throws the first refusal when no target is admitted, and any other error at once', async () => {
    const calls: string[] = [];
    await assert.rejects(
      reserveAlongTargets(targets, [], async (from) => {
        calls.push(from[0]?.id ?? '');
        throw new GatewayError('rate_limited', `refused at ${from[0]?.id ?? ''}`);
      }),
      /refused at openai\/gpt-4o/,
    );
    assert.deepEqual(calls, ['openai/gpt-4o', 'local/auto']);
    const tried: string[] = [];
    await assert.rejects(
      reserveAlongTargets(targets, [], async (from) => {
        tried.push(from[0]?.id ?? '');
        throw new GatewayError('forbidden', 'no');
      }),
      /no/,
    );
    assert.deepEqual(tried, ['openai/gpt-4o']);
  });
});

describe('isLocalTarget', () => {
  const ollama = { kind: 'ollama' } as Provider;
  const local = { kind: 'local' } as Provider;
  const cloud = { kind: 'openai' } as Provider;
  const target = (provider: string, model: string): Target => ({ provider, model, id: `${provider}/${model}` });

  it('takes a local provider kind on a loopback or private base_url, or one declared on premises', () => {
    assert.equal(isLocalTarget(target('ollama', 'llama3.2'), ollama, { enabled: true, allow_private_network: false }), true, 'default base_url is localhost');
    assert.equal(isLocalTarget(target('ollama', 'llama3.2'), ollama, { enabled: true, allow_private_network: false, base_url: 'http://127.0.0.1:11434' }), true);
    assert.equal(isLocalTarget(target('local', 'auto'), local, { enabled: true, allow_private_network: true, base_url: 'http://10.1.2.3:9000' }), true);
    assert.equal(isLocalTarget(target('local', 'auto'), local, { enabled: true, allow_private_network: false, base_url: 'http://gpu-box.internal:9000' }), false, 'a name may resolve anywhere');
    assert.equal(isLocalTarget(target('local', 'auto'), local, { enabled: true, allow_private_network: false, base_url: 'http://gpu-box.internal:9000', on_premises: true }), true);
    assert.equal(isLocalTarget(target('ollama', 'llama3.2'), ollama, { enabled: true, allow_private_network: false, base_url: 'https://ollama.example.com' }), false);
  });

  it("refuses Ollama's cloud models, which the local daemon sends to ollama.com, and cloud provider kinds", () => {
    assert.equal(isLocalTarget(target('ollama', 'gpt-oss:120b-cloud'), ollama, { enabled: true, allow_private_network: false }), false);
    assert.equal(isLocalTarget(target('ollama', 'kimi-k2:cloud'), ollama, { enabled: true, allow_private_network: false }), false);
    assert.equal(isLocalTarget(target('openai', 'gpt-4o'), cloud, { enabled: true, allow_private_network: false, base_url: 'http://127.0.0.1:8080' }), false);
    assert.equal(isLocalTarget(target('ollama', 'llama3.2'), undefined, undefined), false);
  });
});
