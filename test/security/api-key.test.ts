import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto, { createHash } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { API_KEY_PREFIX, generateApiKey, hashSecret, isKeyId, parseApiKey, verifySecret } from '../../src/security/api-key.js';

test('a generated key is sk-sllm-<12 hex id>-<43 base64url secret>', () => {
  const { id, key } = generateApiKey();
  assert.match(id, /^[0-9a-f]{12}$/);
  assert.match(key, /^sk-sllm-[0-9a-f]{12}-[A-Za-z0-9_-]{43}$/);
  assert.ok(key.startsWith(`${API_KEY_PREFIX}${id}-`));
  const secret = key.slice(`${API_KEY_PREFIX}${id}-`.length);
  assert.equal(Buffer.from(secret, 'base64url').length, 32);
});

test('generated keys differ and the stored hash is the hex SHA-256 of the secret, not of the key', () => {
  const first = generateApiKey();
  const second = generateApiKey();
  assert.notEqual(first.key, second.key);
  assert.notEqual(first.id, second.id);
  const parsed = parseApiKey(first.key);
  assert.ok(parsed);
  assert.equal(first.hash, createHash('sha256').update(parsed.secret).digest('hex'));
  assert.equal(first.hash, hashSecret(parsed.secret));
  assert.ok(!first.hash.includes(parsed.secret));
});

test('parsing splits id and secret even when the secret holds dashes', () => {
  const secret = `-${'A'.repeat(40)}-_`;
  assert.deepEqual(parseApiKey(`sk-sllm-0123456789ab-${secret}`), { id: '0123456789ab', secret });
});

test('keys not in the format do not parse', () => {
  const secret = 'A'.repeat(43);
  for (const bad of [
    '',
    `sk-0123456789ab-${secret}`,
    `sk-sllm-0123456789AB-${secret}`,
    `sk-sllm-0123456789a-${secret}`,
    `sk-sllm-0123456789ab-${secret}A`,
    `sk-sllm-0123456789ab-${'A'.repeat(42)}=`,
    ` sk-sllm-0123456789ab-${secret}`,
  ]) {
    assert.equal(parseApiKey(bad), undefined, bad);
  }
});

test('isKeyId accepts only the 12-character id', () => {
  assert.equal(isKeyId('0123456789ab'), true);
  assert.equal(isKeyId('0123456789abc'), false);
  assert.equal(isKeyId(`sk-sllm-0123456789ab-${'A'.repeat(43)}`), false);
});

test('verifySecret accepts the right secret and refuses a wrong one or a damaged hash', () => {
  const { key, hash } = generateApiKey();
  const parsed = parseApiKey(key);
  assert.ok(parsed);
  assert.equal(verifySecret(parsed.secret, hash), true);
  const wrong = `${parsed.secret.slice(0, -1)}${parsed.secret.endsWith('A') ? 'B' : 'A'}`;
  assert.equal(verifySecret(wrong, hash), false);
  assert.equal(verifySecret(parsed.secret, hash.slice(0, 62)), false, 'a short hash must not throw or pass');
  assert.equal(verifySecret(parsed.secret, ''), false);
});

test('verifySecret compares with crypto.timingSafeEqual (constant time)', (t) => {
  const { key, hash } = generateApiKey();
  const parsed = parseApiKey(key);
  assert.ok(parsed);
  const compare = t.mock.method(crypto, 'timingSafeEqual');
  syncBuiltinESMExports();
  t.after(() => {
    compare.mock.restore();
    syncBuiltinESMExports();
  });
  assert.equal(verifySecret(parsed.secret, hash), true);
  assert.equal(verifySecret('wrong', hash), false);
  assert.equal(compare.mock.callCount(), 2);
});
