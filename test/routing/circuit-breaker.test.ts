// node:test's describe() and it() return promises that the runner itself tracks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker } from '../../src/routing/circuit-breaker.js';

function makeBreaker(): { breaker: CircuitBreaker; clock: { time: number } } {
  const clock = { time: 1_000 };
  const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, now: () => clock.time });
  return { breaker, clock };
}

describe('CircuitBreaker', () => {
  it('starts closed and lets calls through', () => {
    const { breaker } = makeBreaker();
    assert.equal(breaker.state('openai/gpt-4o'), 'closed');
    assert.equal(breaker.tryAcquire('openai/gpt-4o'), true);
    assert.deepEqual(breaker.snapshot(), []);
  });

  it('opens after the threshold of consecutive failures, per target', () => {
    const { breaker } = makeBreaker();
    breaker.recordFailure('a/m');
    breaker.recordFailure('a/m');
    assert.equal(breaker.state('a/m'), 'closed');
    breaker.recordFailure('a/m');
    assert.equal(breaker.state('a/m'), 'open');
    assert.equal(breaker.tryAcquire('a/m'), false);
    assert.equal(breaker.state('b/m'), 'closed');
  });

  it('counts only consecutive failures: a success resets the count', () => {
    const { breaker } = makeBreaker();
    breaker.recordFailure('a/m');
    breaker.recordFailure('a/m');
    breaker.recordSuccess('a/m');
    breaker.recordFailure('a/m');
    breaker.recordFailure('a/m');
    assert.equal(breaker.state('a/m'), 'closed');
  });

  it('turns half-open after the cooldown and lets exactly one trial through', () => {
    const { breaker, clock } = makeBreaker();
    for (let index = 0; index < 3; index++) breaker.recordFailure('a/m');
    clock.time += 9_999;
    assert.equal(breaker.state('a/m'), 'open');
    clock.time += 1;
    assert.equal(breaker.state('a/m'), 'half_open');
    assert.equal(breaker.tryAcquire('a/m'), true);
    assert.equal(breaker.tryAcquire('a/m'), false);
    assert.equal(breaker.tryAcquire('a/m'), false);
  });

  it('closes when the trial succeeds', () => {
    const { breaker, clock } = makeBreaker();
    for (let index = 0; index < 3; index++) breaker.recordFailure('a/m');
    clock.time += 10_000;
    assert.equal(breaker.tryAcquire('a/m'), true);
    breaker.recordSuccess('a/m');
    assert.equal(breaker.state('a/m'), 'closed');
    assert.equal(breaker.tryAcquire('a/m'), true);
    assert.equal(breaker.tryAcquire('a/m'), true);
  });

  it('re-opens for a full cooldown when the trial fails', () => {
    const { breaker, clock } = makeBreaker();
    for (let index = 0; index < 3; index++) breaker.recordFailure('a/m');
    clock.time += 10_000;
    assert.equal(breaker.tryAcquire('a/m'), true);
    breaker.recordFailure('a/m');
    assert.equal(breaker.state('a/m'), 'open');
    clock.time += 9_999;
    assert.equal(breaker.tryAcquire('a/m'), false);
    clock.time += 1;
    assert.equal(breaker.tryAcquire('a/m'), true);
  });

  it('does not extend an open circuit on a late failure', () => {
    const { breaker, clock } = makeBreaker();
    for (let index = 0; index < 3; index++) breaker.recordFailure('a/m');
    clock.time += 5_000;
    breaker.recordFailure('a/m');
    clock.time += 5_000;
    assert.equal(breaker.state('a/m'), 'half_open');
  });

  it('hands the trial out again when it is released or lapses', () => {
    const { breaker, clock } = makeBreaker();
    for (let index = 0; index < 3; index++) breaker.recordFailure('a/m');
    clock.time += 10_000;
    assert.equal(breaker.tryAcquire('a/m'), true);
    breaker.release('a/m');
    assert.equal(breaker.tryAcquire('a/m'), true);
    assert.equal(breaker.tryAcquire('a/m'), false);
    clock.time += 10_000;
    assert.equal(breaker.tryAcquire('a/m'), true, 'a trial nobody reported on lapses after a cooldown');
  });

  it('snapshots every target it has seen fail', () => {
    const { breaker, clock } = makeBreaker();
    for (let index = 0; index < 3; index++) breaker.recordFailure('a/m');
    breaker.recordFailure('b/m');
    clock.time += 4_000;
    assert.deepEqual(breaker.snapshot(), [
      { id: 'a/m', state: 'open', consecutiveFailures: 3, reopensInMs: 6_000 },
      { id: 'b/m', state: 'closed', consecutiveFailures: 1 },
    ]);
  });
});
