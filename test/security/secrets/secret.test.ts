import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { format, inspect } from 'node:util';
import { credentialHeaders } from '../../../src/providers/create-provider-transport.js';
import { Transport } from '../../../src/providers/transport.js';
import { Secret } from '../../../src/security/secrets/secret.js';

const KEY = 'sk-ant-api03-do-not-print-me-0123456789';

describe('Secret', () => {
  const secret = new Secret(KEY);

  it('gives its value only to reveal()', () => {
    assert.equal(secret.reveal(), KEY);
  });

  it('never prints through util.inspect, console formatting, JSON, templates or concatenation', () => {
    const holder = { provider: 'anthropic', credentials: { 'x-api-key': secret }, list: [secret] };
    const renderings = [
      inspect(secret),
      inspect(holder, { depth: 10, showHidden: true }),
      format('%s %o %O %j', secret, secret, holder, holder),
      JSON.stringify(holder),
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- a template string is what is being tested
      `${secret}`,
      String(secret),
      // eslint-disable-next-line @typescript-eslint/restrict-plus-operands -- concatenation is what is being tested
      'key: ' + secret,
    ];
    for (const text of renderings) {
      assert.doesNotMatch(text, /do-not-print-me/, text);
      assert.match(text, /\[secret\]/, text);
    }
  });

  it('is not copied by a spread, Object.entries or structuredClone', () => {
    assert.deepEqual(Object.keys(secret), []);
    assert.doesNotMatch(JSON.stringify({ ...secret }), /do-not-print-me/);
    assert.doesNotMatch(inspect(structuredClone({ secret })), /do-not-print-me/);
  });

  it('is what a transport holds its provider key in, so a transport can be inspected', async () => {
    const transport = new Transport({
      provider: 'anthropic',
      baseUrl: 'http://127.0.0.1:9',
      headersTimeoutMs: 1000,
      idleTimeoutMs: 1000,
      maxResponseBytes: 1024,
      credentials: credentialHeaders('anthropic', KEY),
    });
    try {
      assert.doesNotMatch(inspect(transport, { depth: 10 }), /do-not-print-me/);
    } finally {
      await transport.close();
    }
  });

  it('becomes the header each provider API expects', () => {
    assert.equal(credentialHeaders('anthropic', 'k1')['x-api-key']?.reveal(), 'k1');
    assert.equal(credentialHeaders('openai', 'k2')['authorization']?.reveal(), 'Bearer k2');
    assert.equal(credentialHeaders('ollama', 'k3')['authorization']?.reveal(), 'Bearer k3');
  });

  it('refuses to be empty', () => {
    assert.throws(() => new Secret(''), TypeError);
  });
});
