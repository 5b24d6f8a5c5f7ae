import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Detector } from '../../../../src/security/guardrails/data/detector.js';
import { EXACT_HOLD_CHARACTERS, FALLBACK_HOLD_CHARACTERS, RECHECK_DIVISOR, type ScanMeter, streamScanPlan } from '../../../../src/security/guardrails/data/stream-scan-plan.js';

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

test('holdStart: a long hold is searched again only once the text has grown by 1/RECHECK_DIVISOR of it; a short one on every call', () => {
  const plan = streamScanPlan([detector('block', /BEGIN[a-z]{0,5000}END/g)]);
  const holdFrom = plan.initialHoldFrom();
  const checkedTo = plan.initialHoldFrom();
  const meter: ScanMeter = { holdSearched: 0, releaseScanned: 0 };
  let text = `x BEGIN${'a'.repeat(EXACT_HOLD_CHARACTERS * 4)}`;
  assert.equal(plan.holdStart(text, holdFrom, checkedTo, meter), 2);
  assert.deepEqual(checkedTo, [text.length], 'where the beginning was confirmed');
  const held = text.length - 2;
  const searched = meter.holdSearched;
  // The beginning stops being one (`!` cannot continue it), but the text has grown by less than 1/RECHECK_DIVISOR.
  text += '!';
  assert.equal(plan.holdStart(text, holdFrom, checkedTo, meter), 2, 'still held: not searched again yet');
  assert.equal(meter.holdSearched, searched);
  // The growth counts in the hold too: searched again at the first growth g with RECHECK_DIVISOR × g ≥ held + g.
  const due = Math.ceil(held / (RECHECK_DIVISOR - 1));
  text += 'b'.repeat(due - 2);
  assert.equal(plan.holdStart(text, holdFrom, checkedTo, meter), 2, 'a character short: still not searched');
  text += 'b';
  assert.equal(plan.holdStart(text, holdFrom, checkedTo, meter), text.length, 'searched again: nothing is held');
  assert.ok(meter.holdSearched > searched);

  // A short hold is searched on every call, and let go as soon as it ends.
  const short = `x BEGIN${'a'.repeat(EXACT_HOLD_CHARACTERS - 20)}`;
  const shortFrom = plan.initialHoldFrom();
  const shortChecked = plan.initialHoldFrom();
  assert.equal(plan.holdStart(short, shortFrom, shortChecked), 2);
  assert.equal(plan.holdStart(`${short}!`, shortFrom, shortChecked), short.length + 1);
  // Without `checkedTo` every call searches.
  assert.equal(plan.holdStart(`${text.slice(0, held + 2)}!`, plan.initialHoldFrom()), held + 3);
});
