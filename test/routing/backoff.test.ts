// node:test's describe() and it() return promises that the runner itself tracks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../../src/routing/backoff.js';

const options = { backoff_initial_ms: 250, backoff_max_ms: 8000 };
const almostOne = 1 - Number.EPSILON;

describe('backoffDelay', () => {
  it('draws below a ceiling that doubles from the initial delay', () => {
    assert.equal(backoffDelay(0, options, () => 0.5), 125);
    assert.equal(backoffDelay(1, options, () => 0.5), 250);
    assert.equal(backoffDelay(2, options, () => 0.5), 500);
    assert.ok(backoffDelay(3, options, () => almostOne) < 2000);
    assert.ok(backoffDelay(3, options, () => almostOne) > 1999);
  });

  it('is full jitter: the draw reaches zero', () => {
    assert.equal(backoffDelay(4, options, () => 0), 0);
  });

  it('never exceeds the maximum, even for huge attempt numbers', () => {
    assert.equal(backoffDelay(5, options, () => 0.5), 4000);
    assert.equal(backoffDelay(6, options, () => 0.5), 4000);
    assert.equal(backoffDelay(5000, options, () => 0.5), 4000);
    for (let attempt = 0; attempt < 40; attempt++) {
      const delay = backoffDelay(attempt, options, () => almostOne);
      assert.ok(delay >= 0 && delay < 8000, `attempt ${attempt} gave ${delay}`);
    }
  });

  it('uses Math.random when no draw is injected and stays in bounds', () => {
    for (let index = 0; index < 100; index++) {
      const delay = backoffDelay(1, options);
      assert.ok(delay >= 0 && delay < 500);
    }
  });
});
