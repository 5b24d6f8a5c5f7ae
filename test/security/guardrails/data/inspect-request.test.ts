import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../../src/core/errors.js';
import type { ChatRequest } from '../../../../src/core/types.js';
import { createDataGuard } from '../../../../src/security/guardrails/data/create-data-guard.js';
import { createSensitiveDataError } from '../../../../src/security/guardrails/data/sensitive-data-error.js';
import { chatRequest, SAMPLE_SECRETS, userMessage } from './data-guard-fixtures.js';

const redacting = createDataGuard({ pii: 'redact', secrets: 'redact', denyPatterns: [] });

function conversation(): ChatRequest {
  return chatRequest(
    [
      { role: 'system', content: [{ type: 'text', text: `Deploy with ${SAMPLE_SECRETS.github_token}` }] },
      userMessage('Email jane.doe@example.com, card 4111 1111 1111 1111.'),
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Looking it up.' }],
        toolCalls: [{ id: 'call_1', name: 'lookup', arguments: JSON.stringify({ phone: '+44 20 7946 0958', note: 'ok' }) }],
      },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: `{"iban":"DE89370400440532013000","key":"${SAMPLE_SECRETS.aws_access_key_id}"}` }] },
      { role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'thanks' }] },
    ],
    { user: 'jane.doe@example.com' },
  );
}

test('redact: every text part, tool-call argument and the end-user id get typed placeholders; the original is untouched', () => {
  const request = conversation();
  const before = structuredClone(request);
  const { request: redacted, verdict } = redacting.inspectRequest(request);
  assert.deepEqual(request, before, 'the original request is not mutated');
  assert.notEqual(redacted, request);
  const texts = redacted.messages.map((message) => message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('|'));
  assert.deepEqual(texts, ['Deploy with [REDACTED_GITHUB_TOKEN]', 'Email [REDACTED_EMAIL], card [REDACTED_CARD].', 'Looking it up.', '{"iban":"[REDACTED_IBAN]","key":"[REDACTED_AWS_ACCESS_KEY_ID]"}', 'thanks']);
  const callArguments = redacted.messages[2]?.toolCalls?.[0]?.arguments ?? '';
  assert.deepEqual(JSON.parse(callArguments), { phone: '[REDACTED_PHONE]', note: 'ok' }, 'tool-call arguments stay valid JSON');
  assert.equal(redacted.user, '[REDACTED_EMAIL]');
  assert.equal(redacted.messages[4], request.messages[4], 'unchanged messages are shared, not copied');
  assert.equal(verdict.action, 'redact');
  assert.equal(verdict.redactions, 7);
  assert.deepEqual(Object.fromEntries(verdict.findings.map((finding) => [finding.detector, finding.count])), { github_token: 1, email: 2, card: 1, phone: 1, iban: 1, aws_access_key_id: 1 });
  assert.ok(!JSON.stringify(verdict).includes('jane.doe'), 'the verdict never holds matched text');
});

test('nothing found: the very same request object comes back with an allow verdict', () => {
  const request = chatRequest([userMessage('What is the capital of France? Commit 9fceb02d0ae598e95dc970b74767f19372d61af8.')]);
  const result = redacting.inspectRequest(request);
  assert.equal(result.request, request);
  assert.deepEqual(result.verdict, { action: 'allow', findings: [], redactions: 0 });
});

test('block: the verdict says block, the request is returned unchanged, and the error names detectors only', () => {
  const guard = createDataGuard({ pii: 'redact', secrets: 'block', denyPatterns: [] });
  const request = conversation();
  const { request: same, verdict } = guard.inspectRequest(request);
  assert.equal(same, request);
  assert.equal(verdict.action, 'block');
  const error = createSensitiveDataError(verdict, 'request');
  assert.ok(error instanceof GatewayError);
  assert.equal(error.status, 422);
  assert.match(error.message, /github_token ×1/);
  assert.ok(!error.message.includes(SAMPLE_SECRETS.github_token));
});

test('local_only: personal data stays in place and the verdict asks for local routing; secrets are still redacted', () => {
  const guard = createDataGuard({ pii: 'local_only', secrets: 'redact', denyPatterns: [] });
  const { request, verdict } = guard.inspectRequest(chatRequest([userMessage(`I am jane@example.com, key ${SAMPLE_SECRETS.openai_key}`)]));
  assert.equal(verdict.action, 'local_only');
  assert.equal(verdict.redactions, 1);
  const part = request.messages[0]?.content[0];
  assert.deepEqual(part, { type: 'text', text: 'I am jane@example.com, key [REDACTED_OPENAI_KEY]' });
});

test('flag records without changing anything; off does not look', () => {
  const request = chatRequest([userMessage(`jane@example.com ${SAMPLE_SECRETS.slack_token}`)]);
  const flagged = createDataGuard({ pii: 'flag', secrets: 'flag', denyPatterns: [] }).inspectRequest(request);
  assert.equal(flagged.request, request);
  assert.equal(flagged.verdict.action, 'flag');
  assert.equal(flagged.verdict.findings.length, 2);
  const off = createDataGuard({ pii: 'off', secrets: 'off', denyPatterns: [] }).inspectRequest(request);
  assert.equal(off.request, request);
  assert.equal(off.verdict.action, 'allow');
  const piiOnly = createDataGuard({ pii: 'redact', secrets: 'off', denyPatterns: [] }).inspectRequest(request);
  assert.deepEqual(piiOnly.request.messages[0]?.content[0], { type: 'text', text: `[REDACTED_EMAIL] ${SAMPLE_SECRETS.slack_token}` });
});
