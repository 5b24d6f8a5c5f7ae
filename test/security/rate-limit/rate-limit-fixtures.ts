import assert from 'node:assert/strict';
import type { Principal } from '../../../src/core/principal.js';
import type { ChatRequest } from '../../../src/core/types.js';
import type { ReserveResult } from '../../../src/security/rate-limit/rate-limiter.js';
import type { RateLimitReservation } from '../../../src/security/rate-limit/rate-limit-reservation.js';
import type { RateLimitConfig } from '../../../src/security/rate-limit/rate-limit-policy.js';

/** A clock the test moves by hand. */
export interface ManualClock {
  ms: number;
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = 1_000_000): ManualClock {
  const clock: ManualClock = {
    ms: start,
    now: () => clock.ms,
    advance: (ms: number) => {
      clock.ms += ms;
    },
  };
  return clock;
}

export function rateLimitConfig(overrides: Partial<RateLimitConfig> = {}): RateLimitConfig {
  return {
    enabled: true,
    requests_per_minute: 60,
    burst_size: 10,
    per_provider: true,
    default_max_tokens: 1024,
    auth_failures_per_minute: 30,
    auth_failures_burst: 10,
    ...overrides,
  };
}

export function principal(keyId: string, extra: Partial<Principal> = {}): Principal {
  return { keyId, tenant: 'default', admin: false, ...extra };
}

export function chatRequest(text = 'hello', maxTokens?: number): ChatRequest {
  const request: ChatRequest = {
    model: 'openai/gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    stream: false,
    includeUsage: false,
    metadata: { requestId: 'request-1', clientFormat: 'openai' },
  };
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  return request;
}

/** Narrows a synchronous reserve result to an admitted reservation, failing the test otherwise. */
export function admitted(result: ReserveResult | Promise<ReserveResult>): RateLimitReservation {
  assert.ok(!(result instanceof Promise), 'the in-memory store answers synchronously');
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result;
}

export function refused(result: ReserveResult | Promise<ReserveResult>): Extract<ReserveResult, { ok: false }> {
  assert.ok(!(result instanceof Promise), 'the in-memory store answers synchronously');
  assert.ok(!result.ok, 'expected a refusal');
  return result;
}
