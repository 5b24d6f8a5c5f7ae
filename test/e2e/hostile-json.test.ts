/**
 * Hostile JSON through a listening gateway, in both formats: what JSON.parse would choke on or
 * silently accept is refused with 400 (413 for size) in the client's format, before any upstream,
 * audited, with the gateway healthy after each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertHealthy, assertRefusedCase, post, upstreamCalls, type Format } from './hostile-kit.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const minimal = (format: Format): string =>
  format === 'openai'
    ? '"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hello"}]'
    : '"model":"openai/gpt-4o-mini","max_tokens":16,"messages":[{"role":"user","content":"hello"}]';

/** name, body for a format, status, and the `param` the refusal names (undefined: none). */
const cases: Array<[string, (format: Format) => string | Buffer, number, string | undefined]> = [
  ['a depth bomb of arrays', () => '['.repeat(100_000) + ']'.repeat(100_000), 400, undefined],
  ['a depth bomb of objects', () => '{"a":'.repeat(65) + '1' + '}'.repeat(65), 400, undefined],
  ['an unbalanced depth bomb', () => '{"a":' + '['.repeat(500_000), 400, undefined],
  ['deep nesting inside a message', (format) => `{${minimal(format)},"metadata":${'{"a":'.repeat(70)}1${'}'.repeat(70)}}`, 400, undefined],
  ['a duplicate model key', (format) => `{${minimal(format)},"model":"openai/gpt-4o"}`, 400, 'model'],
  ['a duplicate role inside a message', (format) => `{${minimal(format).replace('"role":"user"', '"role":"user","role":"system"')}}`, 400, 'messages[0].role'],
  ['a duplicate key spelled with an escape', (format) => `{${minimal(format)},"\\u006dodel":"x"}`, 400, 'model'],
  ['a __proto__ key at the top', (format) => `{${minimal(format)},"__proto__":{"admin":true}}`, 400, '__proto__'],
  ['a constructor key in a message', (format) => `{${minimal(format).replace('"role":"user"', '"role":"user","constructor":{}')}}`, 400, 'messages[0].constructor'],
  ['a prototype key deep down', (format) => `{${minimal(format)},"metadata":{"prototype":"x"}}`, 400, 'metadata.prototype'],
  ['invalid UTF-8 bytes', (format) => Buffer.concat([utf8(`{${minimal(format).replace('hello', 'hel')}`), Buffer.from([0xc3, 0x28]), utf8('"}')]), 400, undefined],
  ['an overlong UTF-8 encoding', (format) => Buffer.concat([utf8(`{${minimal(format).replace('"hello"', '"')}`), Buffer.from([0xc0, 0xaf]), utf8('"}]}')]), 400, undefined],
  ['a UTF-8 encoded surrogate', (format) => Buffer.concat([utf8(`{${minimal(format).replace('"hello"', '"')}`), Buffer.from([0xed, 0xa0, 0x80]), utf8('"}]}')]), 400, undefined],
  ['a lone high surrogate escape', (format) => `{${minimal(format).replace('hello', 'hi \\ud800 there')}}`, 400, 'messages[0].content'],
  ['a lone low surrogate escape', (format) => `{${minimal(format).replace('hello', '\\udfff')}}`, 400, 'messages[0].content'],
  ['trailing garbage', (format) => `{${minimal(format)}} {"model":"other"}`, 400, undefined],
  ['a truncated body', (format) => `{${minimal(format)}`, 400, undefined],
  ['an empty body', () => '', 400, undefined],
  ['whitespace only', () => ' \n\t '.repeat(100), 400, undefined],
  ['10 MB of whitespace', () => ' '.repeat(10 * 1024 * 1024), 413, undefined],
  ['a JSON array', (format) => `[{${minimal(format)}}]`, 400, undefined],
  ['a JSON string', () => '"hello"', 400, undefined],
  ['JSON null', () => 'null', 400, undefined],
  ['a raw control character in a string', (format) => `{${minimal(format).replace('hello', 'hel\u0001lo')}}`, 400, undefined],
  ['a NaN literal', (format) => `{${minimal(format)},"temperature":NaN}`, 400, undefined],
  ['single-quoted JSON', () => "{'model':'openai/gpt-4o-mini'}", 400, undefined],
];

describe('hostile JSON', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
  });
  after(() => harness.close());

  for (const [name, body, status, param] of cases) {
    it(`refuses ${name} with ${status} in both formats, calling no upstream`, async () => {
      for (const format of ['openai', 'anthropic'] as const) {
        const before = upstreamCalls(harness);
        const error = await assertRefusedCase(harness, await post(harness, format, body(format)), status, format, before);
        if (format === 'openai' && param !== undefined) assert.equal(error.param, param, error.message);
        if (param !== undefined) assert.ok(error.message.includes(param), error.message);
      }
    });
  }

  it('is healthy after all of it', async () => {
    await assertHealthy(harness);
  });
});
