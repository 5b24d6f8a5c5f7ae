import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDenyPatterns, DenyPatternError } from '../../../../src/security/guardrails/data/compile-deny-patterns.js';
import { createDataGuard } from '../../../../src/security/guardrails/data/create-data-guard.js';
import { chatRequest, detectorIds, userMessage } from './data-guard-fixtures.js';

function refusal(pattern: string): DenyPatternError {
  try {
    compileDenyPatterns(['fine', pattern]);
  } catch (error) {
    assert.ok(error instanceof DenyPatternError, String(error));
    assert.equal(error.index, 1);
    assert.ok(error.message.startsWith(`security.guardrails.deny_patterns[1] ${JSON.stringify(pattern)}: `), error.message);
    return error;
  }
  assert.fail(`${pattern} was accepted`);
}

test('invalid syntax and empty matches are errors naming the pattern', () => {
  assert.match(refusal('(unclosed').message, /not a valid regular expression/);
  assert.match(refusal('[z-a]').message, /not a valid regular expression/);
  assert.match(refusal('').message, /empty pattern/);
  assert.match(refusal('x?').message, /matches the empty string/);
});

test('shapes that backtrack catastrophically are refused, each with its reason', () => {
  const nested = /nested quantifiers/;
  const overlapping = /alternatives inside a repeated group/;
  const cases: [string, RegExp][] = [
    ['(a+)+', nested],
    ['(a*)*', nested],
    ['(a+)*b', nested],
    ['([a-z]+\\.)+com', nested],
    ['(a{1,3}){2,}', nested],
    ['(?:x(?:ab+)c)+', nested],
    ['(a|aa)+', overlapping],
    ['(ab|ac)+', overlapping],
    ['(\\w|\\d)+x', overlapping],
    ['(?:foo|f\\w)+', overlapping],
    ['(?i)(A|a)+', overlapping],
    ['(a?)*b', nested],
    ['(?:)*b', /can match nothing/],
    ['(|a)+b', /can match nothing/],
    ['\\d+\\d*x', /same characters in a row/],
    ['.*.*=x', /same characters in a row/],
    ['\\s*-?\\s*x', /same characters in a row/],
    ['(a)\\1', /back-references/],
    ['(?<n>a)\\k<n>', /back-references/],
    ['foo(?=bar)', /lookarounds/],
    ['foo(?!bar)', /lookarounds/],
    ['(?<=foo)bar', /lookarounds/],
    ['(?<!foo)bar', /lookarounds/],
    ['a{1,5000}', /above 1000/],
  ];
  for (const [pattern, reason] of cases) assert.match(refusal(pattern).message, reason, pattern);
});

test('ordinary patterns are accepted: fixed counts, disjoint alternatives, separated repetitions', () => {
  const detectors = compileDenyPatterns(['project[ -]?falcon', '(?i)internal use only', 'ACME-[0-9]{6}', '(\\d{3}-){2}\\d{4}', '(cat|dog)+s', 'password\\s*[:=]\\s*\\S+', '[^\\s@]+@corp\\.internal']);
  assert.deepEqual(detectors.map((detector) => detector.id), ['deny:0', 'deny:1', 'deny:2', 'deny:3', 'deny:4', 'deny:5', 'deny:6']);
  assert.ok(detectors.every((detector) => detector.category === 'secret'));
  assert.deepEqual(detectorIds('Notes on Project Falcon: INTERNAL USE ONLY, ticket ACME-123456', detectors), ['deny:1', 'deny:2']);
  assert.deepEqual(detectorIds('codename project-falcon', detectors), ['deny:0']);
});

test('unbounded repetitions are capped at 256 so a deny match fits the stream hold-back', () => {
  const [detector] = compileDenyPatterns(['secret: x+']);
  assert.equal(detector?.pattern.source, 'secret: x{1,256}');
  const text = `secret: ${'x'.repeat(300)}`;
  assert.deepEqual(detectorIds(text, detector === undefined ? [] : [detector]), ['deny:0']);
});

test('deny matches follow the secrets mode: redacted with their own placeholder, or blocking', () => {
  const guard = createDataGuard({ pii: 'off', secrets: 'redact', denyPatterns: ['(?i)project falcon'] });
  const { request, verdict } = guard.inspectRequest(chatRequest([userMessage('Status of Project Falcon?')]));
  assert.deepEqual(request.messages[0]?.content[0], { type: 'text', text: 'Status of [REDACTED_DENY_PATTERN]?' });
  assert.deepEqual(verdict.findings, [{ detector: 'deny:0', category: 'secret', count: 1 }]);
  const blocking = createDataGuard({ pii: 'off', secrets: 'block', denyPatterns: ['falcon'] });
  const filter = blocking.createOutputFilter();
  assert.throws(() => filter.push('the fal') + filter.push('con plan') + filter.end(), /deny:0/);
});

test('the static check is fast on hostile input for every accepted pattern', () => {
  const detectors = compileDenyPatterns(['(cat|dog)+s', 'password\\s*[:=]\\s*\\S+', 'a.*b', '[a-z]+@x']);
  const hostile = `${'catdog'.repeat(5000)} ${'password '.repeat(3000)} ${'a'.repeat(30000)} ${'abc'.repeat(10000)}`;
  const started = performance.now();
  detectorIds(hostile, detectors);
  assert.ok(performance.now() - started < 2000, 'linear enough');
});
