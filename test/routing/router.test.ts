// node:test's describe() and it() return promises that the runner itself tracks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, type RoutingConfig } from '../../src/config/schema.js';
import { GatewayError, ProviderError } from '../../src/core/errors.js';
import type { Provider } from '../../src/core/provider.js';
import { CircuitBreaker } from '../../src/routing/circuit-breaker.js';
import { Router, type RouterOptions } from '../../src/routing/router.js';
import type { Target } from '../../src/routing/target.js';
import { FakeProvider, failWith, providerMap, testRequest, type Step } from './fake-provider.js';

const targetA: Target = { provider: 'a', model: 'model-a', id: 'a/model-a' };
const targetB: Target = { provider: 'b', model: 'model-b', id: 'b/model-b' };

function routingConfig(overrides: Partial<RoutingConfig> = {}): RoutingConfig {
  return configSchema.parse({
    routing: { max_retries: 2, backoff_initial_ms: 100, backoff_max_ms: 1000, retry_after_max_ms: 5000, circuit_breaker_failures: 5, ...overrides },
  }).routing;
}

interface Harness {
  router: Router;
  sleeps: number[];
  clock: { time: number };
}

/** A router with a fake clock, a draw of 0.5 and a sleep that only records its delay. */
function harness(providers: Provider[], overrides: Partial<RouterOptions> = {}): Harness {
  const sleeps: number[] = [];
  const clock = { time: 0 };
  const router = new Router({
    routing: routingConfig(),
    providers: providerMap(...providers),
    now: () => clock.time,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { router, sleeps, clock };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

const always = (step: Step): Step[] => [step];

describe('Router.open', () => {
  it('commits on the first chunk and hands over the rest of the stream', async () => {
    const a = new FakeProvider('a', [{ kind: 'ok' }]);
    const { router, sleeps } = harness([a]);
    const routed = await router.open(testRequest, [targetA], new AbortController().signal);
    assert.deepEqual(routed.first, { type: 'start', id: 'a-1', model: 'model-a' });
    assert.equal(routed.target, targetA);
    assert.deepEqual(await routed.rest.next(), { done: false, value: { type: 'text', text: 'hello from a' } });
    assert.deepEqual(routed.attempts, [{ target: 'a/model-a', attempt: 1, outcome: 'ok', durationMs: 0 }]);
    assert.equal(a.calls[0]?.model, 'model-a');
    assert.deepEqual(sleeps, []);
  });

  it('tries a retryable failure max_retries + 1 times with backoff, then throws it', async () => {
    const a = new FakeProvider('a', always(failWith('overloaded')), { repeatLast: true });
    const { router, sleeps } = harness([a]);
    const error = await rejection(router.open(testRequest, [targetA], new AbortController().signal));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'overloaded');
    assert.equal(a.calls.length, 3);
    // random 0.5 × min(1000, 100 × 2^attempt)
    assert.deepEqual(sleeps, [50, 100]);
  });

  it('waits the upstream’s Retry-After instead of the backoff', async () => {
    const a = new FakeProvider('a', [failWith('rate_limited', 1500), { kind: 'ok' }]);
    const { router, sleeps } = harness([a]);
    const routed = await router.open(testRequest, [targetA], new AbortController().signal);
    assert.deepEqual(sleeps, [1500]);
    assert.equal(a.calls.length, 2);
    assert.deepEqual(
      routed.attempts.map((attempt) => [attempt.attempt, attempt.outcome, attempt.code]),
      [
        [1, 'error', 'upstream_rate_limited'],
        [2, 'ok', undefined],
      ],
    );
  });

  it('falls back at once, without sleeping, when Retry-After exceeds the cap', async () => {
    const a = new FakeProvider('a', [failWith('rate_limited', 5001)]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router, sleeps } = harness([a, b]);
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(routed.target, targetB);
    assert.equal(a.calls.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('throws a bad request at once: no retry, no fallback', async () => {
    const badRequest = failWith('bad_request');
    const a = new FakeProvider('a', [badRequest]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router, sleeps } = harness([a, b]);
    const error = await rejection(router.open(testRequest, [targetA, targetB], new AbortController().signal));
    assert.ok(badRequest.kind === 'throw');
    assert.equal(error, badRequest.error);
    assert.equal(a.calls.length, 1);
    assert.equal(b.calls.length, 0);
    assert.deepEqual(sleeps, []);
    assert.deepEqual(router.breaker.snapshot(), [], 'a bad request says nothing about the target');
  });

  it('falls back to the next target after exhausting retries, recording every attempt', async () => {
    const a = new FakeProvider('a', always(failWith('unavailable')), { repeatLast: true, onCall: () => (clock.time += 7) });
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router, clock } = harness([a, b]);
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(routed.target, targetB);
    assert.equal(a.calls.length, 3);
    assert.equal(b.calls.length, 1);
    assert.deepEqual(routed.attempts, [
      { target: 'a/model-a', attempt: 1, outcome: 'error', code: 'upstream_unavailable', durationMs: 7 },
      { target: 'a/model-a', attempt: 2, outcome: 'error', code: 'upstream_unavailable', durationMs: 7 },
      { target: 'a/model-a', attempt: 3, outcome: 'error', code: 'upstream_unavailable', durationMs: 7 },
      { target: 'b/model-b', attempt: 1, outcome: 'ok', durationMs: 0 },
    ]);
  });

  it('falls back without retrying on an auth error, and throws the last error when all fail', async () => {
    const a = new FakeProvider('a', [failWith('auth')]);
    const b = new FakeProvider('b', [failWith('not_found')]);
    const { router, sleeps } = harness([a, b]);
    const error = await rejection(router.open(testRequest, [targetA, targetB], new AbortController().signal));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'not_found');
    assert.equal(a.calls.length, 1);
    assert.equal(b.calls.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('moves on at once from a target the egress policy refused, without retrying it', async () => {
    const a = new FakeProvider('a', [failWith('forbidden_destination')]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router, sleeps } = harness([a, b]);
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(routed.target, targetB);
    assert.equal(a.calls.length, 1);
    assert.deepEqual(sleeps, []);
    assert.equal(router.breaker.state(targetA.id), 'closed', 'a refused destination says nothing about the upstream');
  });

  it('treats an empty stream and foreign errors as unavailable (retried), without leaking their message', async () => {
    const a = new FakeProvider('a', [{ kind: 'empty' }, { kind: 'throw', error: new Error('connect ECONNREFUSED 10.1.2.3:443') }, { kind: 'ok' }]);
    const { router } = harness([a]);
    const routed = await router.open(testRequest, [targetA], new AbortController().signal);
    assert.deepEqual(
      routed.attempts.map((attempt) => attempt.code),
      ['upstream_unavailable', 'upstream_unavailable', undefined],
    );
    const b = new FakeProvider('b', always({ kind: 'throw', error: new TypeError('socket 10.1.2.3') }), { repeatLast: true });
    const error = await rejection(harness([b]).router.open(testRequest, [targetB], new AbortController().signal));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'unavailable');
    assert.doesNotMatch(error.message, /10\.1\.2\.3/);
    assert.ok(error.cause instanceof TypeError);
  });

  it('skips a target whose circuit is open without calling it', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => 0 });
    breaker.recordFailure(targetA.id);
    const a = new FakeProvider('a', [{ kind: 'ok' }]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router } = harness([a, b], { breaker });
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(a.calls.length, 0);
    assert.equal(routed.target, targetB);
    assert.deepEqual(routed.attempts[0], { target: 'a/model-a', attempt: 1, outcome: 'skipped_circuit_open', durationMs: 0 });
  });

  it('answers no_provider_available when every circuit is open', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => 0 });
    breaker.recordFailure(targetA.id);
    breaker.recordFailure(targetB.id);
    const a = new FakeProvider('a', []);
    const b = new FakeProvider('b', []);
    const error = await rejection(harness([a, b], { breaker }).router.open(testRequest, [targetA, targetB], new AbortController().signal));
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'no_provider_available');
    assert.equal(a.calls.length + b.calls.length, 0);
  });

  it('opens the circuit from retryable failures and stops retrying a target once it is open', async () => {
    const a = new FakeProvider('a', always(failWith('timeout')), { repeatLast: true });
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router } = harness([a, b], { routing: routingConfig({ circuit_breaker_failures: 2 }) });
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(a.calls.length, 2);
    assert.deepEqual(
      routed.attempts.map((attempt) => `${attempt.target}#${attempt.attempt}:${attempt.outcome}`),
      ['a/model-a#1:error', 'a/model-a#2:error', 'a/model-a#3:skipped_circuit_open', 'b/model-b#1:ok'],
    );
    assert.equal(router.breaker.state(targetA.id), 'open');
  });

  it('lets one half-open trial through: success closes, failure re-opens and falls back', async () => {
    const clock = { time: 0 };
    const routing = routingConfig({ circuit_breaker_failures: 1, circuit_breaker_cooldown_ms: 1000 });
    const a = new FakeProvider('a', [failWith('overloaded'), { kind: 'ok' }]);
    const b = new FakeProvider('b', []);
    const { router } = harness([a, b], { routing, now: () => clock.time });
    router.breaker.recordFailure(targetA.id);
    clock.time = 1000;
    assert.equal(router.breaker.state(targetA.id), 'half_open');

    const fallback = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(fallback.target, targetB, 'the failed trial re-opened the circuit, so no retry on a');
    assert.equal(a.calls.length, 1);
    assert.equal(router.breaker.state(targetA.id), 'open');

    clock.time = 2000;
    const trial = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(trial.target, targetA);
    assert.equal(router.breaker.state(targetA.id), 'half_open', 'no verdict until the stream ends');
    router.recordOutcome(trial.target, 'ok');
    assert.equal(router.breaker.state(targetA.id), 'closed');
  });

  it('gives back a half-open trial that ended with no verdict on the target (auth error, abort)', async () => {
    const clock = { time: 0 };
    const routing = routingConfig({ circuit_breaker_failures: 1, circuit_breaker_cooldown_ms: 1000 });
    const controller = new AbortController();
    const a = new FakeProvider('a', [failWith('auth'), { kind: 'hang_until_abort' }, { kind: 'ok' }], {
      onCall: () => {
        if (a.calls.length === 2) setImmediate(() => controller.abort());
      },
    });
    const b = new FakeProvider('b', []);
    const { router } = harness([a, b], { routing, now: () => clock.time });
    router.breaker.recordFailure(targetA.id);
    clock.time = 1000;

    assert.equal((await router.open(testRequest, [targetA, targetB], new AbortController().signal)).target, targetB);
    await rejection(router.open(testRequest, [targetA, targetB], controller.signal));
    assert.equal(router.breaker.state(targetA.id), 'half_open');
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(routed.target, targetA, 'the trial was free again for a third request');
    assert.equal(a.calls.length, 3);
    router.recordOutcome(routed.target, 'abandoned');
    assert.equal(router.breaker.state(targetA.id), 'half_open', 'an abandoned stream gives the trial back');
    router.recordOutcome((await router.open(testRequest, [targetA, targetB], new AbortController().signal)).target, 'ok');
    assert.equal(router.breaker.state(targetA.id), 'closed');
  });

  it('stops everything when the client aborts during a backoff sleep', async () => {
    const controller = new AbortController();
    const clientGone = new Error('client went away');
    const a = new FakeProvider('a', always(failWith('unavailable')), { repeatLast: true });
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const slept: number[] = [];
    const { router } = harness([a, b], {
      sleep: (ms, signal) =>
        new Promise<void>((_resolve, reject) => {
          slept.push(ms);
          signal.addEventListener('abort', () => reject(clientGone), { once: true });
          controller.abort(clientGone);
        }),
    });
    const error = await rejection(router.open(testRequest, [targetA, targetB], controller.signal));
    assert.equal(error, clientGone);
    assert.deepEqual(slept, [50]);
    assert.equal(a.calls.length, 1);
    assert.equal(b.calls.length, 0);
  });

  it('ends the default sleep early on abort', async () => {
    const controller = new AbortController();
    const a = new FakeProvider('a', always(failWith('unavailable')), {
      repeatLast: true,
      onCall: () => setTimeout(() => controller.abort(), 5),
    });
    const router = new Router({
      routing: routingConfig({ backoff_initial_ms: 60_000, backoff_max_ms: 60_000 }),
      providers: providerMap(a),
      random: () => 1,
    });
    const startedAt = Date.now();
    const error = await rejection(router.open(testRequest, [targetA], controller.signal));
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'AbortError');
    assert.ok(Date.now() - startedAt < 5_000);
    assert.equal(a.calls.length, 1);
  });

  it('rethrows an abort during the upstream call with no retry, no fallback and no breaker verdict', async () => {
    const controller = new AbortController();
    const a = new FakeProvider('a', [{ kind: 'hang_until_abort' }], { onCall: () => setImmediate(() => controller.abort()) });
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router, sleeps } = harness([a, b], { routing: routingConfig({ circuit_breaker_failures: 1 }) });
    const error = await rejection(router.open(testRequest, [targetA, targetB], controller.signal));
    assert.ok(error instanceof Error);
    assert.equal(error.message, 'aborted by client');
    assert.equal(b.calls.length, 0);
    assert.deepEqual(sleeps, []);
    assert.equal(router.breaker.state(targetA.id), 'closed');
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const a = new FakeProvider('a', [{ kind: 'ok' }]);
    await rejection(harness([a]).router.open(testRequest, [targetA], controller.signal));
    assert.equal(a.calls.length, 0);
  });

  it('never retries a stream that fails after start: the caller sees the error', async () => {
    const midStream = new ProviderError('unavailable', 'connection reset', { provider: 'a' });
    const a = new FakeProvider('a', [{ kind: 'fail_after_start', error: midStream }]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router } = harness([a, b], { routing: routingConfig({ circuit_breaker_failures: 1 }) });
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(routed.first.type, 'start');
    await assert.rejects(routed.rest.next(), (error: unknown) => error === midStream);
    assert.equal(a.calls.length, 1);
    assert.equal(b.calls.length, 0);
    router.recordOutcome(routed.target, 'failed');
    assert.equal(router.breaker.state(targetA.id), 'open', 'the pipeline reports the failure to the breaker');
    router.recordOutcome(routed.target, 'ok');
    assert.equal(router.breaker.state(targetA.id), 'closed');
  });

  it('falls back past a target whose provider is not enabled', async () => {
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router } = harness([b]);
    const routed = await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(routed.target, targetB);
    assert.equal(routed.attempts[0]?.code, 'no_provider_available');
  });

  it('answers model_not_found for an empty target list', async () => {
    const error = await rejection(harness([]).router.open(testRequest, [], new AbortController().signal));
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'model_not_found');
  });

  it('skips a target that beforeTarget refuses, asks once per target (not per retry), and throws the last refusal when all are refused', async () => {
    const a = new FakeProvider('a', [failWith('overloaded'), { kind: 'ok' }]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const asked: string[] = [];
    const refused = new GatewayError('rate_limited', 'provider b budget is spent');
    const { router } = harness([a, b]);
    const routed = await router.open(testRequest, [targetB, targetA], new AbortController().signal, {
      beforeTarget: (target) => {
        asked.push(target.id);
        return target.provider === 'b' ? refused : undefined;
      },
    });
    assert.equal(routed.target, targetA);
    assert.deepEqual(asked, ['b/model-b', 'a/model-a'], 'a retry on a did not ask again');
    assert.equal(b.calls.length, 0);
    assert.equal(routed.attempts[0]?.outcome, 'skipped_refused');
    assert.equal(routed.attempts[0]?.code, 'rate_limited');

    const error = await rejection(
      router.open(testRequest, [targetA, targetB], new AbortController().signal, { beforeTarget: async () => refused }),
    );
    assert.equal(error, refused);
  });
});

describe('Router latency for fastest aliases', () => {
  it('counts a failed try as the upstream timeout, so a failing target sorts after one that answers', async () => {
    const a = new FakeProvider('a', [failWith('auth')]);
    const b = new FakeProvider('b', [{ kind: 'ok' }]);
    const { router, clock } = harness([a, b]);
    clock.time = 0;
    await router.open(testRequest, [targetA, targetB], new AbortController().signal);
    assert.equal(router.latency.estimate(targetA.id), routingConfig().upstream_timeout_ms);
    assert.equal(router.latency.estimate(targetB.id), 0);
  });

  it('learns nothing from a request the upstream found malformed', async () => {
    const a = new FakeProvider('a', [failWith('bad_request')]);
    const { router } = harness([a]);
    await rejection(router.open(testRequest, [targetA], new AbortController().signal));
    assert.equal(router.latency.estimate(targetA.id), undefined);
  });
});
