import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAuditRecord } from '../../src/audit/format-audit-record.js';

const base = { type: 'request', seq: 7, timestamp: '2026-11-28T10:00:00.000Z', request_id: 'req_1', user_id: 'ops', tenant: 'acme', provider: null, model: null, prompt_tokens: null, completion_tokens: null, total_cost: null, duration_ms: 3, reason_code: null };

test('a route record shows its method, endpoint and admin action, with no provider or tokens', () => {
  const line = formatAuditRecord({ ...base, status: 201, decision: 'allowed', method: 'POST', endpoint: '/admin/keys', action: 'key_created', action_key_id: 'abcdefabcdef' });
  assert.equal(line, '2026-11-28T10:00:00.000Z #7 201 allowed POST /admin/keys action=key_created:abcdefabcdef request=req_1 user=ops tenant=acme 3ms');
});

test('a parser refusal has no method or endpoint, and a hostile path cannot drive the terminal', () => {
  assert.equal(formatAuditRecord({ ...base, status: 400, decision: 'refused', reason_code: 'malformed_http_request', method: null, endpoint: null, user_id: null, tenant: null }), '2026-11-28T10:00:00.000Z #7 400 refused (malformed_http_request) request=req_1 3ms');
  assert.match(formatAuditRecord({ ...base, status: 404, decision: 'refused', method: 'GET', endpoint: '/x\u001b[2J' }), /GET \/x\\u001b\[2J/);
});
