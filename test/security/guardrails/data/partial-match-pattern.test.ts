import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partialMatchPattern } from '../../../../src/security/guardrails/data/partial-match-pattern.js';

/** Where the held tail of `text` starts for `pattern`: the earliest beginning of a match reaching the end. */
function holdFrom(pattern: RegExp, text: string): number {
  const partial = partialMatchPattern(pattern);
  assert.ok(partial !== undefined, pattern.source);
  return partial.exec(text)?.index ?? -1;
}

test('every prefix of a match is a beginning; text that left the pattern is not', () => {
  const cases: [RegExp, string][] = [
    [/sk-[A-Za-z0-9]{20,40}/g, 'key sk-Abc123Def456Ghi789Jkl0'],
    [/[A-Z]{2}[0-9]{2}(?: [A-Z0-9]{4}){2,7}/g, 'iban DE89 3704 0044 0532'],
    [/-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9\s]{0,100}(?:-----END (?:RSA )?PRIVATE KEY-----)?/g, 'x -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'],
    [/(?<![0-9])\+[1-9][0-9]{0,3}(?:[ .-][0-9]{1,6}){1,4}(?![0-9])/g, 'call +44 20 7946 0958'],
    [/(?:project|plan)\s+falcon/gi, 'the Project  Falcon'],
  ];
  for (const [pattern, text] of cases) {
    const start = text.indexOf(' ') + 1;
    for (let end = start + 1; end <= text.length; end++) assert.equal(holdFrom(pattern, text.slice(0, end)), start, `${pattern.source} on ${JSON.stringify(text.slice(0, end))}`);
    assert.equal(holdFrom(pattern, `${text} and more`), text.length + ' and more'.length, `${pattern.source}: a finished match followed by prose is not held`);
  }
});

test('look-arounds: a negative look-ahead that fails ends the beginning, a positive one may still come', () => {
  assert.equal(holdFrom(/sk-(?!ant-)[a-z0-9]{4,8}/g, 'x sk-ant-'), 'x sk-ant-'.length);
  assert.equal(holdFrom(/sk-(?!ant-)[a-z0-9]{4,8}/g, 'x sk-an'), 2);
  assert.equal(holdFrom(/id=(?=[0-9]{4})[0-9a-f]{4,8}/g, 'x id=12'), 2);
  assert.equal(holdFrom(/id=(?=[0-9]{4})[0-9a-f]{4,8}/g, 'x id=1a'), 'x id=1a'.length);
  assert.equal(holdFrom(/(?<![a-z])key-[0-9]{3}/g, 'monkey-12'), 'monkey-12'.length);
});

test('capture groups become non-capturing (named groups too), lazy quantifiers and escapes are read', () => {
  const partial = partialMatchPattern(/(?<scheme>https?):\/\/(a|b)+?\x41\u0042[\]\\]/g);
  assert.ok(partial !== undefined);
  assert.ok(!partial.source.includes('(?<scheme>'));
  assert.equal(partial.exec('go https://abAB\\')?.index, 3);
  assert.equal(partialMatchPattern(/(a)\1/g), undefined, 'back-references are not handled');
  assert.equal(partialMatchPattern(/a$/gm), undefined, 'the m flag changes what $ means');
});
