import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyTracker } from '../../src/routing/latency-tracker.js';

describe('LatencyTracker', () => {
  it('starts a target at its first sample, then moves by the smoothing weight', () => {
    const tracker = new LatencyTracker({ smoothing: 0.5, now: () => 0 });
    assert.equal(tracker.estimate('a/m'), undefined);
    tracker.record('a/m', 100);
    assert.equal(tracker.estimate('a/m'), 100);
    tracker.record('a/m', 200);
    assert.equal(tracker.estimate('a/m'), 150);
    tracker.record('a/m', 50);
    assert.equal(tracker.estimate('a/m'), 100);
  });

  it('forgets a target not heard from for maxAgeMs, so it is probed again', () => {
    let now = 0;
    const tracker = new LatencyTracker({ maxAgeMs: 1_000, now: () => now });
    tracker.record('a/m', 500);
    now = 1_000;
    assert.equal(tracker.estimate('a/m'), 500);
    now = 1_001;
    assert.equal(tracker.estimate('a/m'), undefined);
    tracker.record('a/m', 20);
    assert.equal(tracker.estimate('a/m'), 20, 'a stale average does not weigh on the new sample');
  });

  it('remembers at most maxTargets, dropping the least recently updated', () => {
    const tracker = new LatencyTracker({ maxTargets: 2, now: () => 0 });
    tracker.record('a/m', 1);
    tracker.record('b/m', 2);
    tracker.record('a/m', 1);
    tracker.record('c/m', 3);
    assert.equal(tracker.estimate('b/m'), undefined);
    assert.notEqual(tracker.estimate('a/m'), undefined);
    assert.notEqual(tracker.estimate('c/m'), undefined);
  });

  it('ignores impossible samples', () => {
    const tracker = new LatencyTracker();
    tracker.record('a/m', Number.NaN);
    tracker.record('a/m', -1);
    assert.equal(tracker.estimate('a/m'), undefined);
  });
});
