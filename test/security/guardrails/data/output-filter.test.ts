import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../../src/core/errors.js';
import { createDataGuard } from '../../../../src/security/guardrails/data/create-data-guard.js';
import { createDataPolicy, type DataPolicy } from '../../../../src/security/guardrails/data/data-policy.js';
import type { Detector } from '../../../../src/security/guardrails/data/detector.js';
import { createOutputFilter, MAX_HOLD_CHARACTERS, type OutputFilter } from '../../../../src/security/guardrails/data/output-filter.js';
import { FALLBACK_HOLD_CHARACTERS, type ScanMeter } from '../../../../src/security/guardrails/data/stream-scan-plan.js';
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
    assert.ok(pieces.slice(0, -1).join('').startsWith(BEFORE), `${name}: text before the secret was released while streaming`);
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

test('prose is held back by at most its trailing partial word, and end() releases the rest', () => {
  const filter = redacting.createOutputFilter();
  assert.equal(filter.push('Hello there, how are you'), 'Hello there, how are ');
  assert.deepEqual(filter.pendingChannels(), ['text']);
  assert.equal(filter.end(), 'you');
  assert.deepEqual(filter.pendingChannels(), []);

  const long = PROSE.repeat(20);
  let released = '';
  for (let index = 0; index < long.length; index += 5) {
    released += filter.push(long.slice(index, index + 5));
    const sent = long.slice(0, index + 5);
    const held = sent.slice(released.length);
    assert.ok(sent.startsWith(released) && /^\S*$/.test(held), `held ${JSON.stringify(held)} after ${index + 5} characters`);
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

/** At least one example per detector (secrets, then PII); each is found when the text is whole. */
const DETECTOR_EXAMPLES: readonly string[] = [
  ...Object.values(SAMPLE_SECRETS),
  JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n', client_id: '1234' }),
  'DefaultEndpointsProtocol=https;AccountName=devstore;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net',
  '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
  'jane.doe@example.com',
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '4111111111111111',
  'DE89 3704 0044 0532 0130 00',
  'GB82 WEST 1234 5698 7654 32',
  'NL91ABNA0417164300',
  '123-45-6789',
  '078 05 1121',
  'AB 12 34 56 C',
  'JG103759A',
  'DNI 12345678-Z',
  'NIE X1234567L',
  'SIN 130 692 544',
  '+44 (0)20 7946 0958',
  '+1 (415) 555-2671',
  '(212) 555-0147',
  '415.555.2671',
  '020 7946 0958',
  '07700900123',
];

/** The reference: the whole text through one filter in one piece. */
function redactWhole(text: string, filter: OutputFilter = redacting.createOutputFilter()): string {
  return filter.push(text) + filter.end();
}

test('every detector: an example split at every position, and streamed one character at a time, comes out as redacted whole', () => {
  const covered = new Set<string>();
  for (const example of DETECTOR_EXAMPLES) {
    for (const [before, after] of [[`${PROSE}see `, `, thanks. ${PROSE}`], ['', ''], ['"', '"']] as const) {
      const text = before + example + after;
      const expected = redactWhole(text);
      assert.ok(!expected.includes(example), `${example} is found when whole`);
      for (const id of detectorIds(example)) covered.add(id);
      for (let split = 0; split <= text.length; split++) {
        assert.equal(stream([text.slice(0, split), text.slice(split)]).join(''), expected, `${JSON.stringify(example)} split at ${split}`);
      }
      assert.equal(stream([...text]).join(''), expected, `${JSON.stringify(example)} one character at a time`);
    }
  }
  const all = new Set(createDataPolicy({ pii: 'redact', secrets: 'redact', denyDetectors: [] }, 'response').detectors.map((detector) => detector.id));
  assert.deepEqual([...all].filter((id) => !covered.has(id)), [], 'every detector has an example');
});

test('deny patterns: held while their tail could still match an operator pattern', () => {
  const guard = createDataGuard({ pii: 'off', secrets: 'redact', denyPatterns: ['(?i)project\\s+falcon', 'ACME-[0-9]{4}', 'ticket #[0-9]{3,6}'] });
  for (const value of ['Project   Falcon', 'ACME-2024', 'ticket #40213']) {
    const text = `${PROSE}about ${value} today. ${PROSE}`;
    const expected = redactWhole(text, guard.createOutputFilter());
    assert.ok(expected.includes('[REDACTED_DENY_PATTERN]') && !expected.includes(value), value);
    for (let split = 0; split <= text.length; split++) {
      assert.equal(stream([text.slice(0, split), text.slice(split)], guard.createOutputFilter()).join(''), expected, `${value} split at ${split}`);
    }
  }
});

test('the hold-back is capped: a private key that never ends cannot grow the buffer without bound', () => {
  const filter = redacting.createOutputFilter();
  const line = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n';
  let sent = 'Here it is: -----BEGIN PRIVATE KEY-----\n';
  let released = filter.push(sent);
  for (let index = 0; index < 800; index++) {
    released += filter.push(line);
    sent += line;
    assert.ok(sent.length - released.length <= MAX_HOLD_CHARACTERS + line.length, `held ${sent.length - released.length} characters`);
  }
  released += filter.end();
  assert.ok(released.startsWith('Here it is: [REDACTED_PRIVATE_KEY]'), released.slice(0, 60));
  assert.ok(!released.includes('-----BEGIN'));
});

test('a pattern the partial-match builder cannot read (a back-reference) falls back to a fixed window', () => {
  const detector: Detector = { id: 'quoted', category: 'secret', placeholder: '[REDACTED_QUOTED]', pattern: /(["'])codename\1/g };
  const policy: DataPolicy = { detectors: [detector], handling: () => 'redact', altersText: true };
  const text = `${PROSE.repeat(4)}say 'codename' twice. ${PROSE}`;
  const expected = redactWhole(text, createOutputFilter(policy));
  assert.ok(expected.includes('say [REDACTED_QUOTED] twice'));
  for (let split = 0; split <= text.length; split++) {
    assert.equal(stream([text.slice(0, split), text.slice(split)], createOutputFilter(policy)).join(''), expected, `split at ${split}`);
  }
  const filter = createOutputFilter(policy);
  assert.equal(filter.push(text).length, text.length - FALLBACK_HOLD_CHARACTERS);
});

/** Streams `text` in pieces of `size` through a filter that counts its work; returns the output. */
function meteredStream(text: string, size: number, policy: DataPolicy = responsePolicy): { output: string; meter: ScanMeter } {
  const meter: ScanMeter = { holdSearched: 0, releaseScanned: 0 };
  const filter = createOutputFilter(policy, { meter });
  let output = '';
  for (let index = 0; index < text.length; index += size) output += filter.push(text.slice(index, index + size));
  return { output: output + filter.end(), meter };
}

const responsePolicy = createDataPolicy({ pii: 'redact', secrets: 'redact', denyDetectors: [] }, 'response');

test('hostile answers cost work linear in their length: repeated PEM headers with no footer, in 1- and 4-character pieces', () => {
  let text = '';
  while (text.length < 89_000) text += `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(40)}\n`;
  const whole = redactWhole(text);
  for (const size of [1, 4]) {
    const { output, meter } = meteredStream(text, size);
    assert.equal(output, whole, `${size}-character pieces come out as the whole text redacted`);
    // Each match stops at its 12,000-character body bound; what follows up to the next header is not a key.
    assert.ok(!output.includes('-----BEGIN'), 'every header is redacted');
    // Searches for held beginnings: one per detector and piece; scans of released text: prefilter and full scan.
    const holdPerDetector = meter.holdSearched / responsePolicy.detectors.length;
    assert.ok(holdPerDetector < 20 * text.length, `held beginnings searched ${holdPerDetector} characters per detector for ${text.length}`);
    assert.ok(meter.releaseScanned < 20 * text.length, `released text scanned ${meter.releaseScanned} characters for ${text.length}`);
  }
});

test('other hostile shapes (key prefixes, digit runs, JWT-like runs, one long word) cost work linear in their length', () => {
  const shapes: [string, string][] = [
    ['sk- repeated', 'sk-'.repeat(30_000)],
    ['ghp_ repeated', 'ghp_'.repeat(22_000)],
    ['a digit run', '1234567890'.repeat(10_000)],
    ['eyJ repeated', 'eyJ'.repeat(30_000)],
    ['JWT headers repeated', 'eyJhbGciOiJIUzI1NiJ9.'.repeat(4_000)],
    ['one word', 'a'.repeat(100_000)],
  ];
  for (const [name, text] of shapes) {
    for (const size of [1, 4]) {
      const { output, meter } = meteredStream(text, size);
      assert.equal(output, redactWhole(text), `${name} in ${size}-character pieces`);
      const holdPerDetector = meter.holdSearched / responsePolicy.detectors.length;
      assert.ok(holdPerDetector < 20 * text.length, `${name} (${size}): held beginnings searched ${holdPerDetector} characters per detector for ${text.length}`);
      assert.ok(meter.releaseScanned < 40 * text.length, `${name} (${size}): released text scanned ${meter.releaseScanned} characters for ${text.length}`);
    }
  }
});

test('a release forced by the cap keeps the longest private key held whole after it', () => {
  // An operator pattern whose beginning (`[[` never closed) holds everything after it until the cap.
  const tag: Detector = { id: 'deny:0', category: 'secret', placeholder: '[REDACTED_DENY_PATTERN]', pattern: /\[\[[^\]]{0,30000}\]\]/g };
  const policy: DataPolicy = { ...responsePolicy, detectors: [tag, ...responsePolicy.detectors] };
  const line = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gu\n';
  const body = line.repeat(Math.floor(11_990 / line.length));
  const key = `-----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----`;
  const text = `[[ ${PROSE.repeat(60)}${key}${AFTER}`;
  for (const size of [1, 7]) {
    const { output, meter } = meteredStream(text, size, policy);
    assert.equal(output, `[[ ${PROSE.repeat(60)}[REDACTED_PRIVATE_KEY]${AFTER}`, `${size}-character pieces`);
    assert.ok(meter.releaseScanned < 20 * text.length, `released text scanned ${meter.releaseScanned} characters`);
  }
});
