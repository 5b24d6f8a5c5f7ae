import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../src/cli/duration.js';

test('seconds, minutes, hours and days become milliseconds', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('12h'), 43_200_000);
  assert.equal(parseDuration('30d'), 2_592_000_000);
});

test('anything else is an error', () => {
  for (const bad of ['', '30', 'd', '1.5h', '-5m', '3w', '10 m', '1h30m', '0s', '99999999999999999d']) {
    assert.throws(() => parseDuration(bad), /invalid duration/, bad);
  }
});
