import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Detector } from '../../../../src/security/guardrails/data/detector.js';
import { FALLBACK_HOLD_CHARACTERS, streamScanPlan } from '../../../../src/security/guardrails/data/stream-scan-plan.js';

const detector = (id: string, pattern: RegExp): Detector => ({ id, category: 'secret', placeholder: `[REDACTED_${id}]`, pattern });

test('mayMatch: one search says whether any detector can match in a range, case-insensitive ones too', () => {
  const plan = streamScanPlan([detector('a', /ACME-[0-9]{4}/g), detector('b', /project\s+falcon/gi)]);
  const text = 'see acme-1234 and ACME-2024 about PROJECT  Falcon';
  assert.equal(plan.mayMatch(text, 0, 10), false, 'acme in lower case is no match of a case-sensitive pattern');
  assert.equal(plan.mayMatch(text, 0, 19), true);
  assert.equal(plan.mayMatch(text, 28, 35), true, 'the case-insensitive pattern');
  assert.equal(plan.mayMatch(text, 36, text.length), false);
});

test('patterns that cannot share one regex (a repeated group name) are searched one by one', () => {
  const plan = streamScanPlan([detector('a', /(?<value>x[0-9]{3})/g), detector('b', /(?<value>y[0-9]{3})/g)]);
  assert.equal(plan.mayMatch('abc y123', 0, 8), true);
  assert.equal(plan.mayMatch('abc y12', 0, 7), false);
});

test('holdStart: the earliest beginning over all detectors, each search resumed where it stopped', () => {
  const plan = streamScanPlan([detector('a', /ACME-[0-9]{4}/g), detector('b', /(["'])codename\1/g)]);
  const holdFrom = plan.initialHoldFrom();
  const prose = 'x'.repeat(FALLBACK_HOLD_CHARACTERS * 2);
  // The back-reference has no partial pattern: a fixed window stands in for it.
  assert.equal(plan.holdStart(prose, holdFrom), prose.length - FALLBACK_HOLD_CHARACTERS);
  const text = `${prose} ACME-12`;
  assert.equal(plan.holdStart(text, holdFrom), text.length - FALLBACK_HOLD_CHARACTERS);
  assert.deepEqual(holdFrom, [prose.length + 1, text.length - FALLBACK_HOLD_CHARACTERS]);
  const partialOnly = streamScanPlan([detector('a', /ACME-[0-9]{4}/g), detector('c', /ghp_[A-Za-z0-9]{36}/g)]);
  assert.equal(partialOnly.holdStart(text, partialOnly.initialHoldFrom()), prose.length + 1);
  assert.equal(partialOnly.holdStart(`${text} ghp_ab`, partialOnly.initialHoldFrom()), text.length + 1, 'a beginning that left its pattern is not held');
});
