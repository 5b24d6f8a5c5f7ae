/**
 * Hostile HTTP through a listening gateway: slow and malformed requests, oversized and too many
 * headers, bodies over the limit however framed, wrong content types, odd methods and paths.
 * Each is answered in JSON with a request id and audited (or closed), reaches no upstream, and
 * leaves the gateway healthy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertAudited, assertHealthy, assertRawRefusedCase, assertRefusedCase, bodyWith, CHAT_PATH, post, rawExchange, rawHead, upstreamCalls, type Format } from './hostile-kit.js';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const MAX_BODY_BYTES = 64 * 1024;
/** How late after its timeout a slow request may still be open: the check interval and some slack. */
const CLOSE_SLACK_MS = 2000;

describe('hostile transport', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      server: { headers_timeout_ms: HEADERS_TIMEOUT_MS, request_timeout_ms: REQUEST_TIMEOUT_MS, max_body_bytes: MAX_BODY_BYTES },
    });
  });
  after(() => harness.close());

  describe('slow clients', () => {
    it('closes a connection whose headers drip in a byte at a time, soon after headers_timeout_ms', async (context) => {
      const before = upstreamCalls(harness);
      const head = rawHead(harness, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-type: application/json', 'x-padding: ' + 'p'.repeat(200)]);
      const answer = await rawExchange(harness, [...head], { gapMs: 20, waitMs: HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS + 2000 });
      assert.ok(answer.closed, 'the gateway closed the connection');
      context.diagnostic(`closed after ${Math.round(answer.elapsedMs)} ms`);
      assert.ok(answer.elapsedMs >= HEADERS_TIMEOUT_MS - 100, `closed after ${answer.elapsedMs} ms`);
      assert.ok(answer.elapsedMs <= HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS, `closed after ${answer.elapsedMs} ms`);
      await assertRawRefusedCase(harness, answer, 408, before);
    });

    it('closes a connection whose body drips in a byte at a time, soon after request_timeout_ms', async (context) => {
      const before = upstreamCalls(harness);
      const body = bodyWith('openai', { padding: 'x'.repeat(200) });
      const head = rawHead(harness, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-type: application/json', `content-length: ${body.length}`]);
      const answer = await rawExchange(harness, [head, ...body], { gapMs: 20, waitMs: REQUEST_TIMEOUT_MS + CLOSE_SLACK_MS + 2000 });
      assert.ok(answer.closed, 'the gateway closed the connection');
      context.diagnostic(`closed after ${Math.round(answer.elapsedMs)} ms`);
      assert.ok(answer.elapsedMs <= REQUEST_TIMEOUT_MS + CLOSE_SLACK_MS, `closed after ${answer.elapsedMs} ms`);
      await assertRawRefusedCase(harness, answer, 408, before);
    });

    it('closes a connection that sends nothing at all', async () => {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [], { waitMs: HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS + 2000 });
      assert.ok(answer.closed);
      assert.ok(answer.elapsedMs <= HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS, `closed after ${answer.elapsedMs} ms`);
      await assertRawRefusedCase(harness, answer, 408, before);
    });
  });

  describe('what the HTTP parser refuses, answered as JSON 400/431 and closed', () => {
    const cases: Array<[string, (harness: GatewayHarness) => string, number]> = [
      ['a malformed request line', () => 'GARBAGE\r\n\r\n', 400],
      ['trailing junk after the version', (gateway) => rawHead(gateway, 'GET /healthz HTTP/1.1 extra'), 400],
      ['a space inside the path', (gateway) => rawHead(gateway, 'GET /he althz HTTP/1.1'), 400],
      ['bare LF line endings', () => 'GET /healthz HTTP/1.1\nhost: x\n\n', 400],
      ['a method with invalid characters', (gateway) => rawHead(gateway, `G@T ${CHAT_PATH.openai} HTTP/1.1`), 400],
      ['an unknown HTTP version', (gateway) => rawHead(gateway, 'GET /healthz HTTP/9.9'), 400],
      ['a header line without a colon', (gateway) => rawHead(gateway, 'GET /healthz HTTP/1.1', ['not a header']), 400],
      ['a space before the colon', (gateway) => rawHead(gateway, 'GET /healthz HTTP/1.1', ['x-a : b']), 400],
      ['a NUL byte in a header value', (gateway) => rawHead(gateway, 'GET /healthz HTTP/1.1', ['x-a: b\u0000c']), 400],
      ['headers over max_header_bytes', (gateway) => rawHead(gateway, 'GET /healthz HTTP/1.1', [`x-big: ${'b'.repeat(20 * 1024)}`]), 431],
      ['many headers over max_header_bytes together', (gateway) => rawHead(gateway, 'GET /healthz HTTP/1.1', Array.from({ length: 400 }, (_, index) => `x-h${index}: ${'v'.repeat(40)}`)), 431],
      [
        'content-length and transfer-encoding together (smuggling)',
        (gateway) => rawHead(gateway, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-type: application/json', 'content-length: 5', 'transfer-encoding: chunked']) + '0\r\n\r\n',
        400,
      ],
      ['two different content-lengths', (gateway) => rawHead(gateway, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-length: 2', 'content-length: 3']) + '{}', 400],
      ['a malformed chunk size', (gateway) => rawHead(gateway, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-type: application/json', 'transfer-encoding: chunked']) + 'zz\r\n{}\r\n0\r\n\r\n', 400],
    ];
    for (const [name, bytes, status] of cases) {
      it(`answers ${name} with ${status}`, async () => {
        const before = upstreamCalls(harness);
        const answer = await rawExchange(harness, [bytes(harness)]);
        assert.ok(answer.closed, 'connection: close');
        await assertRawRefusedCase(harness, answer, status, before);
      });
    }
  });

  describe('header counts and duplicates', () => {
    it('refuses more than max_headers_count header lines instead of dropping some silently', async () => {
      const before = upstreamCalls(harness);
      const lines = ['content-type: application/json', ...Array.from({ length: 120 }, (_, index) => `x-h${index}: v`), 'connection: close'];
      const body = bodyWith('openai', {});
      const answer = await rawExchange(harness, [rawHead(harness, `POST ${CHAT_PATH.openai} HTTP/1.1`, [...lines, `content-length: ${body.length}`]) + body]);
      // The gateway's own count refuses it (400); Node 24's parser may refuse it first (431).
      assert.match(answer.body, /header lines|headers are too large/);
      await assertRawRefusedCase(harness, answer, [400, 431], before);
    });

    it('refuses an HTTP/0.9 request line (no version) in JSON', async () => {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [`POST ${CHAT_PATH.openai}\r\n\r\n`]);
      assert.match(answer.body, /HTTP\/0\.9 is not supported/);
      await assertRawRefusedCase(harness, answer, 400, before);
    });

    it('refuses an HTTP/1.1 request without Host in JSON', async () => {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [`GET /healthz HTTP/1.1\r\nconnection: close\r\n\r\n`]);
      assert.match(answer.body, /Host header/);
      await assertRawRefusedCase(harness, answer, 400, before);
    });

    it('refuses a second Host header', async () => {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [rawHead(harness, 'GET /healthz HTTP/1.1', ['host: evil.test', 'connection: close'])]);
      assert.match(answer.body, /'host' header appears more than once/);
      await assertRawRefusedCase(harness, answer, 400, before);
    });
  });

  describe('bodies', () => {
    it('refuses a chunked body over max_body_bytes with 413', async () => {
      const before = upstreamCalls(harness);
      const chunk = ' '.repeat(16 * 1024);
      const chunks = Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      const head = rawHead(harness, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-type: application/json', 'transfer-encoding: chunked', 'connection: close']);
      const answer = await rawExchange(harness, [head, ...chunks, '0\r\n\r\n'], { gapMs: 5 });
      await assertRawRefusedCase(harness, answer, 413, before);
    });

    it('takes a chunked body under the limit', async () => {
      const before = upstreamCalls(harness);
      const body = bodyWith('openai', {});
      const head = rawHead(harness, `POST ${CHAT_PATH.openai} HTTP/1.1`, ['content-type: application/json', 'transfer-encoding: chunked', 'connection: close']);
      const answer = await rawExchange(harness, [head, `${body.length.toString(16)}\r\n${body}\r\n`, '0\r\n\r\n']);
      assert.equal(answer.status, 200, answer.raw);
      assert.equal((JSON.parse(answer.body) as { object?: string }).object, 'chat.completion');
      assertAudited(harness, answer.headers['x-request-id'], 200);
      assert.equal(upstreamCalls(harness), before + 1);
      await assertHealthy(harness);
    });

    it('refuses a declared content-length over the limit with 413 before reading it', async () => {
      const before = upstreamCalls(harness);
      const head = rawHead(harness, `POST ${CHAT_PATH.anthropic} HTTP/1.1`, ['content-type: application/json', `content-length: ${MAX_BODY_BYTES * 100}`, 'connection: close']);
      const answer = await rawExchange(harness, [head, '{"model":']);
      await assertRawRefusedCase(harness, answer, 413, before, 'anthropic');
    });

    const contentTypes: Array<[Format, string | undefined]> = [
      ['openai', 'text/plain'],
      ['openai', 'application/x-www-form-urlencoded'],
      ['openai', 'multipart/form-data; boundary=x'],
      ['openai', 'application/json; charset=iso-8859-1'],
      ['anthropic', 'text/plain'],
      ['anthropic', undefined],
    ];
    for (const [format, contentType] of contentTypes) {
      it(`refuses a ${format} body sent as ${contentType ?? 'no content-type'} with 415`, async () => {
        const before = upstreamCalls(harness);
        const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
        const answer =
          contentType === undefined
            ? await (async () => {
                const response = await request(`${harness.url}${CHAT_PATH[format]}`, {
                  method: 'POST',
                  headers: { authorization: `Bearer ${harness.key}` },
                  body: Buffer.from(bodyWith(format, {})),
                });
                return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
              })()
            : await post(harness, format, bodyWith(format, {}), headers);
        await assertRefusedCase(harness, answer, 415, format, before);
      });
    }
  });

  describe('methods and paths', () => {
    const methods: Array<[string, string, number]> = [
      ['TRACE', CHAT_PATH.openai, 405],
      ['TRACE', '/', 404],
      ['OPTIONS', CHAT_PATH.openai, 405],
      ['PATCH', CHAT_PATH.anthropic, 405],
      ['HEAD', CHAT_PATH.openai, 405],
      ['PROPFIND', '/v1/models', 405],
    ];
    for (const [method, path, status] of methods) {
      it(`answers ${method} ${path} with ${status}`, async () => {
        const before = upstreamCalls(harness);
        const answer = await rawExchange(harness, [rawHead(harness, `${method} ${path} HTTP/1.1`, ['connection: close'])]);
        if (method !== 'HEAD') {
          await assertRawRefusedCase(harness, answer, status, before);
          return;
        }
        // A HEAD answer has no body: the status, the JSON content type and the request id are all there is.
        assert.equal(answer.status, status, answer.raw);
        assert.equal(answer.body, '');
        assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
        assertAudited(harness, answer.headers['x-request-id'], status);
        assert.equal(upstreamCalls(harness), before);
        await assertHealthy(harness);
      });
    }

    it('answers CONNECT with a JSON 405 and closes: the gateway is no proxy', async () => {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [`CONNECT upstream.test:443 HTTP/1.1\r\nhost: upstream.test:443\r\n\r\n`]);
      assert.ok(answer.closed);
      await assertRawRefusedCase(harness, answer, 405, before);
    });

    const paths = [
      `/${CHAT_PATH.openai}`,
      `${CHAT_PATH.openai}/`,
      '/V1/chat/completions',
      '/v1/Messages',
      '/v1/chat%2Fcompletions',
      '/%761/chat/completions',
      '/v1/./chat/completions',
      '/v1/chat/completions/..',
      '/v1/chat/completions;x=1',
      `http://evil.test${CHAT_PATH.openai}`,
      '*',
    ];
    for (const path of paths) {
      it(`answers POST ${path} with 404, never a chat route`, async () => {
        const before = upstreamCalls(harness);
        const body = bodyWith('openai', {});
        const head = rawHead(harness, `POST ${path} HTTP/1.1`, ['content-type: application/json', `content-length: ${body.length}`, 'connection: close']);
        const answer = await rawExchange(harness, [head + body]);
        await assertRawRefusedCase(harness, answer, 404, before);
      });
    }
  });

  it('is healthy after all of it', async () => {
    await assertHealthy(harness);
  });
});
