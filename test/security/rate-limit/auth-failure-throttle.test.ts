import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthFailureThrottle } from '../../../src/security/rate-limit/auth-failure-throttle.js';
import { clientAddressKey } from '../../../src/security/rate-limit/client-address-key.js';
import { manualClock } from './rate-limit-fixtures.js';

test('an address is refused after its burst of failures, before any lookup', () => {
  const clock = manualClock();
  const throttle = new AuthFailureThrottle({ failuresPerMinute: 30, burst: 10, now: clock.now });
  for (let failure = 0; failure < 10; failure += 1) {
    assert.deepEqual(throttle.check('203.0.113.7'), { ok: true });
    throttle.recordFailure('203.0.113.7');
  }
  const decision = throttle.check('203.0.113.7');
  assert.ok(!(decision instanceof Promise) && !decision.ok);
  assert.equal(decision.error.code, 'rate_limited');
  assert.equal(decision.error.retryAfterMs, 2000, '30 per minute is one every two seconds');
  assert.deepEqual(decision.headers, { 'retry-after': '2' });
  assert.deepEqual(throttle.check('203.0.113.8'), { ok: true }, 'other addresses are not affected');
  clock.advance(2000);
  assert.deepEqual(throttle.check('203.0.113.7'), { ok: true }, 'one more try after the wait');
});

test('checks take nothing: a client that never fails is never throttled', () => {
  const throttle = new AuthFailureThrottle({ burst: 1, now: manualClock().now });
  for (let request = 0; request < 1000; request += 1) assert.deepEqual(throttle.check('198.51.100.1'), { ok: true });
});

test('failures that raced past the check are all charged, so the average rate holds', () => {
  const clock = manualClock();
  const throttle = new AuthFailureThrottle({ failuresPerMinute: 30, burst: 10, now: clock.now });
  // 100 guesses fired at once all passed the check; each failure is still counted.
  for (let failure = 0; failure < 100; failure += 1) throttle.recordFailure('203.0.113.9');
  const decision = throttle.check('203.0.113.9');
  assert.ok(!(decision instanceof Promise) && !decision.ok);
  assert.equal(decision.error.retryAfterMs, 182_000, '91 failures over budget at two seconds each');
  const snapshot = throttle.snapshot();
  assert.ok(!(snapshot instanceof Promise));
  assert.deepEqual(snapshot, [{ address: '203.0.113.9', remaining: 0, resetMs: 200_000 }]);
});

test('addresses are keyed so one client cannot dodge the throttle by notation or within its /64', () => {
  assert.equal(clientAddressKey('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(clientAddressKey('192.0.2.1'), '192.0.2.1');
  assert.equal(clientAddressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientAddressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
  assert.equal(clientAddressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(clientAddressKey('::1'), '0:0:0:0::/64');
  assert.equal(clientAddressKey(undefined), 'unknown');
  const throttle = new AuthFailureThrottle({ burst: 1, now: manualClock().now });
  throttle.recordFailure('2001:db8:1:2::10');
  const decision = throttle.check('2001:db8:1:2::20');
  assert.ok(!(decision instanceof Promise) && !decision.ok);
});
