import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../../src/core/logger.js';
import { Secret } from '../../../src/security/secrets/secret.js';

const KEY = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123';

function capture(): { lines: () => string; stream: Writable } {
  const parts: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      parts.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines: () => parts.join(''), stream };
}

describe('logger redaction', () => {
  it('redacts credential headers and config keys by path', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      {
        headers: { authorization: 'Bearer abc', 'x-api-key': 'plain-key-1', 'proxy-authorization': 'Basic eHg=', cookie: 'session=1' },
        request: { headers: { authorization: 'Bearer def', 'x-api-key': 'plain-key-2' } },
        provider: { api_key: 'plain-key-3', base_url: 'https://api.example.com' },
        key: 'plain-key-4',
      },
      'request',
    );
    const line = lines();
    assert.doesNotMatch(line, /plain-key|Bearer abc|Bearer def|eHg=|session=1/);
    assert.match(line, /"base_url":"https:\/\/api\.example\.com"/);
  });

  it('masks key-like strings wherever they are: message, interpolation, fields, errors', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info(`key ${KEY} used`);
    logger.info('upstream said %s', `Incorrect API key provided: ${KEY}`);
    logger.warn({ detail: { upstream: `echo ${KEY}` } }, 'upstream error');
    logger.error(new Error(`failed with ${KEY}`));
    logger.error({ err: new Error(`failed with ${KEY}`) });
    const text = lines();
    assert.equal(text.trim().split('\n').length, 5);
    assert.doesNotMatch(text, /AbCdEf/);
    assert.match(text, /sk-ant-api03-\[redacted\]/);
  });

  it('prints a Secret as [secret]', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ credential: new Secret('hunter2-hunter2') }, 'holding');
    assert.match(lines(), /"credential":"\[secret\]"/);
  });
});
