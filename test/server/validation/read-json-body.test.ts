/**
 * The body reader refuses in order of cost (no body, not JSON, too large, not UTF-8, hazards the
 * scan finds) and parses once.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/core/errors.js';
import { readJsonBody } from '../../../src/server/read-body.js';
import { isJsonContentType } from '../../../src/server/validation/json-content-type.js';

/** A request stream of `chunks` with these headers (content-length unless `chunked`). */
function requestOf(chunks: Buffer[], headers: Record<string, string> = { 'content-type': 'application/json' }, chunked = false): IncomingMessage {
  const stream = Readable.from(chunks) as unknown as IncomingMessage;
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  stream.headers = chunked ? { ...headers, 'transfer-encoding': 'chunked' } : { ...headers, 'content-length': String(length) };
  return stream;
}

async function refusal(request: IncomingMessage, maxBytes = 1024): Promise<GatewayError> {
  try {
    await readJsonBody(request, { maxBytes, maxDepth: 8 });
  } catch (error) {
    assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('the body was accepted');
}

describe('readJsonBody', () => {
  it('parses a JSON object sent in pieces, split inside a UTF-8 character', async () => {
    const bytes = Buffer.from('{"text":"héllo 😀"}');
    const body = await readJsonBody(requestOf([bytes.subarray(0, 11), bytes.subarray(11, 17), bytes.subarray(17)]), 1024);
    assert.deepEqual(body, { text: 'héllo 😀' });
  });

  it('refuses a missing body with 400 before looking at the content-type', async () => {
    const error = await refusal(requestOf([], {}));
    assert.equal(error.code, 'invalid_json');
  });

  it('refuses a content-type other than JSON with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/jsonx']) {
      const error = await refusal(requestOf([Buffer.from('{}')], { 'content-type': type }));
      assert.equal(error.status, 415, type);
    }
    assert.equal((await refusal(requestOf([Buffer.from('{}')], {}))).status, 415);
  });

  it('refuses a chunked body over the limit with 413 as it arrives', async () => {
    const error = await refusal(requestOf([Buffer.alloc(600, 0x20), Buffer.alloc(600, 0x20)], undefined, true));
    assert.equal(error.status, 413);
  });

  it('refuses invalid UTF-8 instead of replacing it', async () => {
    for (const bytes of [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), Buffer.from('{"a":"\xed\xa0\x80"}', 'latin1')]) {
      const error = await refusal(requestOf([bytes]));
      assert.equal(error.code, 'invalid_json');
      assert.match(error.message, /UTF-8/);
    }
  });

  it('refuses what the scan finds and what JSON.parse refuses, with 400', async () => {
    for (const text of ['['.repeat(9) + ']'.repeat(9), '{"a":1,"a":2}', '{"__proto__":{}}', '{"a":"\\ud800"}', '{"a":1} x', '   ']) {
      const error = await refusal(requestOf([Buffer.from(text)]));
      assert.equal(error.code, 'invalid_json', text);
    }
  });
});

describe('isJsonContentType', () => {
  it('takes application/json with or without a UTF-8 charset, in any case', () => {
    for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
      assert.equal(isJsonContentType(type), true, type);
    }
    for (const type of [undefined, '', 'text/json', 'application/json-patch+json', 'application/json; charset=utf-16']) {
      assert.equal(isJsonContentType(type), false, String(type));
    }
  });
});
