import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../src/audit/canonical-json.js';

test('keys are sorted at every depth, with no whitespace, and undefined members left out', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, e: undefined }), '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
});

test('the same value gives the same bytes whatever order its keys were written in', () => {
  const parsed = JSON.parse('{"z":1,"a":[{"q":"\\n","p":-0}]}') as unknown;
  assert.equal(canonicalJson(parsed), canonicalJson({ a: [{ p: 0, q: '\n' }], z: 1 }));
});

test('strings are escaped as JSON.stringify escapes them: control characters, quotes, lone surrogates', () => {
  for (const text of ['plain', 'a"b\\c', 'line\nbreak\r\u0000\u001f\u007f', '\u2028\u2029', '\ud800', 'emoji 😀', 'é']) {
    assert.equal(canonicalJson(text), JSON.stringify(text));
    assert.equal(JSON.parse(canonicalJson(text)), text);
  }
  assert.ok(!canonicalJson({ key: 'a\nb' }).includes('\n'));
});

test('numbers are written in their shortest round-trip form; NaN and Infinity are refused', () => {
  assert.equal(canonicalJson([1, 0.1, 1e21, -5e-7, 123456789012345680000]), JSON.stringify([1, 0.1, 1e21, -5e-7, 123456789012345680000]));
  assert.throws(() => canonicalJson(Number.NaN), TypeError);
  assert.throws(() => canonicalJson(Infinity), TypeError);
  assert.throws(() => canonicalJson(() => 1), TypeError);
});
