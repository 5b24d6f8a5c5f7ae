import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../../src/core/errors.js';
import { createDataGuard } from '../../../../src/security/guardrails/data/create-data-guard.js';
import { HOLD_BACK_CHARACTERS, type OutputFilter } from '../../../../src/security/guardrails/data/output-filter.js';
import { detectorIds, readLabelledLines, SAMPLE_SECRETS } from './data-guard-fixtures.js';

const redacting = createDataGuard({ pii: 'redact', secrets: 'redact', denyPatterns: [] });
const PROSE = 'The quarterly report is attached; numbers improved in every region and the team shipped on time. ';
const BEFORE = PROSE.repeat(4);
const AFTER = ` ${PROSE.repeat(3)}`;

const PLACEHOLDERS: Record<keyof typeof SAMPLE_SECRETS, string> = {
  openai_key: '[REDACTED_OPENAI_KEY]',
  openai_legacy_key: '[REDACTED_OPENAI_KEY]',
  anthropic_key: '[REDACTED_ANTHROPIC_KEY]',
  securellm_key: '[REDACTED_SECURELLM_KEY]',
  github_token: '[REDACTED_GITHUB_TOKEN]',
  github_fine_grained: '[REDACTED_GITHUB_TOKEN]',
  slack_token: '[REDACTED_SLACK_TOKEN]',
  stripe_key: '[REDACTED_STRIPE_KEY]',
  google_api_key: '[REDACTED_GOOGLE_API_KEY]',
  aws_access_key_id: '[REDACTED_AWS_ACCESS_KEY_ID]',
  aws_secret_key: 'aws_secret_access_key = [REDACTED_AWS_SECRET_KEY]',
  jwt: '[REDACTED_JWT]',
  private_key: '[REDACTED_PRIVATE_KEY]',
};

/** Streams `chunks` through a fresh filter; returns every released piece (the last is end()'s). */
function stream(chunks: readonly string[], filter: OutputFilter = redacting.createOutputFilter()): string[] {
  const pieces = chunks.map((chunk) => filter.push(chunk));
  pieces.push(filter.end());
  return pieces;
}

test('a secret split at every position across two chunks is redacted, never released in part', () => {
  for (const [name, secret] of Object.entries(SAMPLE_SECRETS)) {
    const text = BEFORE + secret + AFTER;
    const expected = BEFORE + PLACEHOLDERS[name as keyof typeof SAMPLE_SECRETS] + AFTER;
    for (let split = BEFORE.length - 1; split <= BEFORE.length + secret.length + 1; split++) {
      // The pieces partition the output, so an exact match means no piece held part of the secret.
      assert.equal(stream([text.slice(0, split), text.slice(split)]).join(''), expected, `${name} split at ${split}`);
    }
  }
});

test('a secret streamed one character at a time is redacted, and text before it flows before end()', () => {
  for (const [name, secret] of Object.entries(SAMPLE_SECRETS)) {
    const text = BEFORE + secret + AFTER;
    const pieces = stream([...text]);
    assert.equal(pieces.join(''), BEFORE + PLACEHOLDERS[name as keyof typeof SAMPLE_SECRETS] + AFTER, name);
    assert.ok(pieces.slice(0, -1).join('').length >= BEFORE.length - HOLD_BACK_CHARACTERS, `${name}: text before the secret was released while streaming`);
  }
});

test('personal data split anywhere is redacted with its typed placeholder', () => {
  const samples: [string, string][] = [
    ['jane.doe@example.com', '[REDACTED_EMAIL]'],
    ['4111 1111 1111 1111', '[REDACTED_CARD]'],
    ['DE89 3704 0044 0532 0130 00', '[REDACTED_IBAN]'],
    ['+44 20 7946 0958', '[REDACTED_PHONE]'],
    ['123-45-6789', '[REDACTED_US_SSN]'],
  ];
  for (const [value, placeholder] of samples) {
    const text = `${BEFORE}contact: ${value}${AFTER}`;
    for (let split = BEFORE.length; split <= BEFORE.length + 10 + value.length; split++) {
      assert.equal(stream([text.slice(0, split), text.slice(split)]).join(''), `${BEFORE}contact: ${placeholder}${AFTER}`, `${value} split at ${split}`);
    }
  }
});

test('a long private key in small chunks is held whole and redacted', () => {
  const body = Array.from({ length: 50 }, (_, index) => `MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0g${String(index).padStart(2, '0')}`).join('\n');
  const text = `${BEFORE}-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----${AFTER}`;
  const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
  assert.equal(stream(chunks).join(''), `${BEFORE}[REDACTED_PRIVATE_KEY]${AFTER}`);
});

test('the hold-back keeps at most the window plus one scan step, and end() releases the rest', () => {
  const filter = redacting.createOutputFilter();
  assert.equal(filter.push('Hello'), '');
  assert.deepEqual(filter.pendingChannels(), ['text']);
  assert.equal(filter.end(), 'Hello');
  assert.deepEqual(filter.pendingChannels(), []);

  const long = PROSE.repeat(20);
  let released = '';
  for (let index = 0; index < long.length; index += 5) {
    released += filter.push(long.slice(index, index + 5));
    assert.ok(index + 5 - released.length <= HOLD_BACK_CHARACTERS + 32 + 5, `lag at ${index}`);
  }
  assert.equal(released + filter.end(), long);
});

test('channels are separate streams: text, reasoning and tool-call arguments each hold back their own text', () => {
  const filter = redacting.createOutputFilter();
  const key = SAMPLE_SECRETS.github_token;
  const half = key.length / 2;
  let text = filter.push(`token ${key.slice(0, half)}`, 'text');
  let reasoning = filter.push('thinking about it', 'reasoning');
  let toolArguments = filter.push('{"path":"/tmp/a"}', 'tool:0');
  text += filter.push(key.slice(half), 'text');
  assert.deepEqual(filter.pendingChannels().sort(), ['reasoning', 'text', 'tool:0']);
  text += filter.end('text');
  reasoning += filter.end('reasoning');
  toolArguments += filter.end('tool:0');
  assert.equal(text, 'token [REDACTED_GITHUB_TOKEN]');
  assert.equal(reasoning, 'thinking about it');
  assert.equal(toolArguments, '{"path":"/tmp/a"}');
});

test('block on output throws before any part of the secret is released', () => {
  const guard = createDataGuard({ pii: 'flag', secrets: 'block', denyPatterns: [] });
  const secret = SAMPLE_SECRETS.anthropic_key;
  const text = BEFORE + secret + AFTER;
  for (const split of [BEFORE.length + 3, BEFORE.length + 20, BEFORE.length + secret.length - 1]) {
    const filter = guard.createOutputFilter();
    let released = '';
    assert.throws(() => {
      released += filter.push(text.slice(0, split));
      released += filter.push(text.slice(split));
      released += filter.end();
    }, (error: unknown) => error instanceof GatewayError && error.status === 422 && !error.message.includes(secret) && error.message.includes('anthropic_key'));
    assert.ok(BEFORE.startsWith(released), `nothing past the prose was released (split ${split})`);
    assert.equal(filter.verdict().action, 'block');
    assert.throws(() => filter.push('more'), GatewayError, 'a blocked filter stays blocked');
  }
});

test('flag only: text passes through at once and findings are still counted', () => {
  const guard = createDataGuard({ pii: 'flag', secrets: 'flag', denyPatterns: [] });
  const filter = guard.createOutputFilter();
  const secret = SAMPLE_SECRETS.stripe_key;
  const chunks = [...`${BEFORE}mail jane@example.com key ${secret}${AFTER}`];
  assert.deepEqual(chunks.map((chunk) => filter.push(chunk)), chunks);
  assert.equal(filter.end(), '');
  const verdict = filter.verdict();
  assert.equal(verdict.action, 'flag');
  assert.deepEqual([...verdict.findings].sort((left, right) => left.detector.localeCompare(right.detector)), [
    { detector: 'email', category: 'pii', count: 1 },
    { detector: 'stripe_key', category: 'secret', count: 1 },
  ]);
  assert.equal(verdict.redactions, 0);
});

test('response verdicts count redactions and never hold the matched text; local_only acts as flag on output', () => {
  const guard = createDataGuard({ pii: 'local_only', secrets: 'redact', denyPatterns: [] });
  const filter = guard.createOutputFilter();
  const secret = SAMPLE_SECRETS.openai_key;
  const output = filter.push(`${secret} and ${secret} for jane@example.com`) + filter.end();
  assert.equal(output, '[REDACTED_OPENAI_KEY] and [REDACTED_OPENAI_KEY] for jane@example.com');
  const verdict = filter.verdict();
  assert.equal(verdict.action, 'redact');
  assert.equal(verdict.redactions, 2);
  assert.deepEqual(verdict.findings, [
    { detector: 'openai_key', category: 'secret', count: 2 },
    { detector: 'email', category: 'pii', count: 1 },
  ]);
  assert.ok(!JSON.stringify(verdict).includes('jane@example.com'));
});

test('with both guards off the filter is a pass-through', () => {
  const filter = createDataGuard({ pii: 'off', secrets: 'off', denyPatterns: [] }).createOutputFilter();
  assert.equal(filter.push(SAMPLE_SECRETS.jwt), SAMPLE_SECRETS.jwt);
  assert.equal(filter.end(), '');
  assert.equal(filter.verdict().action, 'allow');
});

test('streamed in random chunk sizes, every labelled line comes out exactly as redacting it whole', () => {
  let seed = 7;
  const nextSize = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return 1 + (seed % 23);
  };
  for (const line of [...readLabelledLines('sensitive.jsonl'), ...readLabelledLines('clean.jsonl')]) {
    const text = BEFORE + line.text + AFTER;
    const whole = redacting.createOutputFilter();
    const expected = whole.push(text) + whole.end();
    const chunks: string[] = [];
    for (let index = 0; index < text.length; ) {
      const size = nextSize();
      chunks.push(text.slice(index, index + size));
      index += size;
    }
    assert.equal(stream(chunks).join(''), expected, line.text);
    assert.equal(expected !== text, detectorIds(line.text).length > 0, line.text);
  }
});
