/**
 * The pre-parse scan refuses what JSON.parse would silently accept (deep nesting, duplicate keys,
 * prototype keys, lone surrogate escapes), names where, and costs little on a large body.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/core/errors.js';
import { scanJsonText } from '../../../src/server/validation/scan-json-text.js';

function refusal(text: string, maxDepth = 64): GatewayError {
  try {
    scanJsonText(text, maxDepth);
  } catch (error) {
    assert.ok(error instanceof GatewayError, 'a GatewayError');
    assert.equal(error.code, 'invalid_json');
    assert.equal(error.status, 400);
    return error;
  }
  assert.fail(`accepted: ${text.slice(0, 80)}`);
}

describe('scanJsonText', () => {
  it('accepts ordinary bodies, including escapes, surrogate pairs and keys that only look alike', () => {
    const bodies = [
      '{"model":"m","messages":[{"role":"user","content":"hi \\"there\\" \\\\ \\n"}]}',
      '{"a":"\\ud83d\\ude00","b":"😀","c":"\\u00e9"}',
      '{"a":1,"A":2,"a ":3}',
      '[{"a":1},{"a":2}]',
      '{"nested":{"a":1},"other":{"a":1}}',
      '{"key\\"with quote":1,"key":2}',
      '"just a string"',
      '',
    ];
    for (const body of bodies) scanJsonText(body, 64);
  });

  it('refuses nesting deeper than the limit and accepts exactly the limit', () => {
    scanJsonText('['.repeat(64) + ']'.repeat(64), 64);
    const error = refusal('['.repeat(65) + ']'.repeat(65));
    assert.match(error.message, /deeper than 64/);
    refusal('{"a":'.repeat(10) + '1' + '}'.repeat(10), 5);
  });

  it('refuses a depth bomb without ever balancing it, quickly', () => {
    const bomb = '['.repeat(1_000_000);
    const started = performance.now();
    refusal(bomb);
    assert.ok(performance.now() - started < 100);
  });

  it('ignores brackets inside strings', () => {
    scanJsonText(`{"text":"${'['.repeat(500)}"}`, 2);
  });

  it('refuses duplicate keys, naming the key and where it is', () => {
    const top = refusal('{"model":"a","messages":[],"model":"b"}');
    assert.equal(top.param, 'model');
    assert.match(top.message, /'model' twice/);
    const nested = refusal('{"messages":[{"role":"user"},{"role":"user","role":"system"}]}');
    assert.equal(nested.param, 'messages[1].role');
  });

  it('sees a duplicate spelled with an escape', () => {
    const error = refusal('{"role":"user","\\u0072ole":"system"}');
    assert.equal(error.param, 'role');
  });

  it('refuses __proto__, constructor and prototype keys at any depth, however spelled', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      assert.equal(refusal(`{"${key}":{}}`).param, key);
      assert.equal(refusal(`{"a":[{"b":{"${key}":1}}]}`).param, `a[0].b.${key}`);
    }
    assert.equal(refusal('{"\\u005f_proto__":{"admin":true}}').param, '__proto__');
    // As values they are only text.
    scanJsonText('{"a":"__proto__","b":["constructor"]}', 64);
  });

  it('refuses lone surrogate escapes, high or low, and keeps valid pairs', () => {
    assert.match(refusal('{"content":"\\ud800"}').message, /lone high surrogate/);
    assert.match(refusal('{"content":"\\ud800x"}').message, /lone high surrogate/);
    assert.match(refusal('{"content":"\\ud800\\u0041"}').message, /lone high surrogate/);
    assert.match(refusal('{"content":"\\udc00"}').message, /lone low surrogate/);
    assert.match(refusal('{"content":"\\ude00\\ud83d"}').message, /lone low surrogate/);
    assert.equal(refusal('{"messages":[{"content":"ok \\uDBFF"}]}').param, 'messages[0].content');
    scanJsonText('{"content":"\\uD83D\\uDE00\\udbff\\udfff"}', 64);
  });

  it('leaves syntax errors to JSON.parse, without false refusals or crashes', () => {
    for (const broken of ['{"a":', '{"a":"unterminated', '{"a":"\\u12"}', '}}}]]]', '{"a" "a" "a"}', '{,,,}', 'nul', '{"a":1} trailing']) {
      scanJsonText(broken, 64);
    }
  });

  it('scans a 1 MB body in a few milliseconds', (context) => {
    const message = { role: 'user', content: 'The quick brown fox jumps over the lazy dog. \\"quoted\\" é 😀 '.repeat(8) };
    const messages = [];
    let text = '';
    while (text.length < 1_048_576) {
      messages.push(message);
      if (messages.length % 100 === 0) text = JSON.stringify({ model: 'openai/gpt-4o', messages });
    }
    for (let warmup = 0; warmup < 5; warmup++) scanJsonText(text, 64);
    const runs = 20;
    const started = performance.now();
    for (let run = 0; run < runs; run++) scanJsonText(text, 64);
    const scanMs = (performance.now() - started) / runs;
    const parseStarted = performance.now();
    for (let run = 0; run < runs; run++) JSON.parse(text);
    const parseMs = (performance.now() - parseStarted) / runs;
    context.diagnostic(`scan of ${text.length} chars: ${scanMs.toFixed(2)} ms (JSON.parse: ${parseMs.toFixed(2)} ms)`);
    console.log(`scanJsonText: ${(text.length / 1_048_576).toFixed(2)} MB in ${scanMs.toFixed(2)} ms; JSON.parse ${parseMs.toFixed(2)} ms`);
    assert.ok(scanMs < 50, `scan took ${scanMs} ms`);
  });
});
