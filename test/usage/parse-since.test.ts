import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSince } from '../../src/usage/parse-since.js';

const NOV_10_0030 = Date.UTC(2026, 10, 10, 0, 30);

test('a number of days counts today as the first: 1d is today, 7d goes back six days', () => {
  assert.equal(parseSince('1d', NOV_10_0030), '2026-11-10');
  assert.equal(parseSince('7d', NOV_10_0030), '2026-11-04');
  assert.equal(parseSince('30d', NOV_10_0030), '2026-10-12');
  assert.equal(parseSince(' 10d ', Date.UTC(2026, 0, 5)), '2025-12-27', 'across a year');
});

test('a UTC date is taken as it is', () => {
  assert.equal(parseSince('2026-11-01', NOV_10_0030), '2026-11-01');
  assert.equal(parseSince('2024-02-29', NOV_10_0030), '2024-02-29');
});

test('anything else is refused with a reason, impossible dates included', () => {
  for (const text of ['', '0d', '7', '7h', '-7d', '1.5d', '2026-11', '2026-13-01', '2026-02-30', '2025-02-29', 'yesterday', '26-11-01']) {
    assert.throws(() => parseSince(text, NOV_10_0030), /invalid --since/, text);
  }
});
