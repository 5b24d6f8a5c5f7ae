import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRequestId } from '../../src/server/request-id.js';

test('request ids are req_ and 24 hex digits, and stay unique across refills of the random pool', () => {
  // 256 ids are drawn per refill: 10,000 ids cross many refills, so a pool reused without being
  // refilled would repeat ids.
  const ids = new Set<string>();
  for (let index = 0; index < 10_000; index++) {
    const id = newRequestId();
    assert.match(id, /^req_[0-9a-f]{24}$/);
    ids.add(id);
  }
  assert.equal(ids.size, 10_000);
});
