/**
 * Hostile credentials through a listening gateway: empty, malformed, doubled, huge and CR/LF-laden
 * keys are refused before any upstream, and no client header ever reaches an upstream. Each
 * answer is audited, and the gateway stays healthy after each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, upstreamKey, type GatewayHarness } from './gateway-harness.js';
import { assertAudited, assertHealthy, assertRawRefusedCase, assertRefusedCase, bodyWith, CHAT_PATH, post, rawExchange, upstreamCalls, type Format } from './hostile-kit.js';

/** A raw POST with exactly these header lines (no key added), closed after the answer. */
function rawPost(harness: GatewayHarness, format: Format, headerLines: readonly string[]): string {
  const body = bodyWith(format, {});
  const lines = [
    `POST ${CHAT_PATH[format]} HTTP/1.1`,
    `host: ${new URL(harness.url).host}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...headerLines,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

describe('hostile credentials', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
  });
  after(() => harness.close());

  /** name, format, header lines, status. */
  const cases: Array<[string, Format, string[], number]> = [
    ['an empty bearer', 'openai', ['authorization: Bearer '], 401],
    ['Bearer without a key', 'openai', ['authorization: Bearer'], 401],
    ['an empty authorization header', 'anthropic', ['authorization:'], 401],
    ['an empty x-api-key', 'anthropic', ['x-api-key: '], 401],
    ['a Basic credential', 'openai', ['authorization: Basic dXNlcjpwYXNz'], 401],
    ['a bearer with two spaces and junk', 'openai', ['authorization: Bearer  sk-sllm-x y z'], 401],
    ['a 10 KB key', 'openai', [`authorization: Bearer sk-sllm-${'a'.repeat(10 * 1024)}`], 401],
    ['a 10 KB x-api-key', 'anthropic', [`x-api-key: ${'k'.repeat(10 * 1024)}`], 401],
    ['a key in Latin-1 bytes', 'openai', ['authorization: Bearer sk-sllm-\u00e9\u00e8\u00ff'], 401],
  ];
  for (const [name, format, lines, status] of cases) {
    it(`refuses ${name} (${format}) with ${status}`, async () => {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [Buffer.from(rawPost(harness, format, lines), 'latin1')]);
      assert.equal(answer.status, status, answer.raw.slice(0, 300));
      await assertRefusedCase(harness, { status: answer.status ?? 0, headers: answer.headers, text: answer.body }, status, format, before);
    });
  }

  it('refuses two Authorization headers even when the first holds a valid key', async () => {
    for (const lines of [
      [`authorization: Bearer ${harness.key}`, 'authorization: Bearer sk-sllm-other'],
      ['authorization: Bearer sk-sllm-other', `authorization: Bearer ${harness.key}`],
      [`x-api-key: ${harness.key}`, `x-api-key: ${harness.key}`],
    ]) {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [rawPost(harness, 'openai', lines)]);
      assert.match(answer.body, /appears more than once/);
      await assertRawRefusedCase(harness, answer, 400, before);
    }
  });

  it('refuses a key with CR/LF in it at the parser, whatever follows', async () => {
    for (const injected of [
      `authorization: Bearer ${harness.key}\r\nx-injected: 1\rmore`,
      `authorization: Bearer ${harness.key}\rinjected`,
      `authorization: Bearer ${harness.key}\ninjected`,
      `authorization: Bearer sk-sllm-a\r\n\r\nGET /admin/keys HTTP/1.1`,
    ]) {
      const before = upstreamCalls(harness);
      const answer = await rawExchange(harness, [rawPost(harness, 'openai', [injected])]);
      assert.doesNotMatch(answer.raw, /"object":\s*"list"|"data":/, 'the smuggled admin request was not answered');
      // Only the first answer counts: anything after it on the socket would be the smuggled request's.
      await assertRawRefusedCase(harness, { ...answer, body: answer.body.split('\r\n')[0] ?? '' }, [400, 401], before);
    }
  });

  it('refuses a 20 KB key with 431: the header limit holds before any key lookup', async () => {
    const before = upstreamCalls(harness);
    const answer = await rawExchange(harness, [rawPost(harness, 'openai', [`authorization: Bearer ${'k'.repeat(20 * 1024)}`])]);
    await assertRawRefusedCase(harness, answer, 431, before);
  });

  it('forwards none of a long list of client headers upstream, only the provider key', async () => {
    const clientHeaders: Record<string, string> = {
      cookie: 'session=client-cookie',
      'proxy-authorization': 'Basic client-proxy',
      'x-forwarded-for': '10.0.0.1',
      'x-forwarded-host': 'evil.test',
      'x-forwarded-proto': 'client-proto',
      forwarded: 'for=10.0.0.1;host=evil.test',
      'x-real-ip': '10.0.0.2',
      'x-original-url': '/admin',
      'x-rewrite-url': '/admin',
      'x-http-method-override': 'client-override',
      'openai-organization': 'org-client',
      'openai-project': 'proj-client',
      'openai-beta': 'client-openai-beta',
      'anthropic-beta': 'client-beta',
      'anthropic-dangerous-direct-browser-access': 'client-browser-access',
      'x-stainless-lang': 'client-stainless-lang',
      'x-custom-secret': 'client-secret-value',
      'x-amz-security-token': 'client-aws-token',
      'x-goog-api-key': 'client-goog-key',
      'api-key': 'client-azure-key',
      'x-request-id': 'client-request-id',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'user-agent': 'client-agent/1.0',
      referer: 'https://evil.test/',
      origin: 'https://evil.test',
      'accept-language': 'client-language',
      'if-none-match': '"client-etag"',
    };
    for (const format of ['openai', 'anthropic'] as const) {
      const fake = format === 'openai' ? harness.fakes.openai : harness.fakes.anthropic;
      const model = format === 'openai' ? 'openai/gpt-4o-mini' : 'anthropic/claude-sonnet-4-5';
      const before = fake.chatRequests().length;
      const answer = await post(harness, format, bodyWith(format, { model }), clientHeaders);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(fake.chatRequests().length, before + 1, 'one upstream call');
      const record = assertAudited(harness, answer.headers['x-request-id'], 200);
      assert.equal(record.provider, format);
      assert.ok(answer.headers['x-request-id'] !== clientHeaders['x-request-id'], 'the client cannot choose the request id');
      const received = fake.chatRequests()[before];
      assert.ok(received, 'the upstream was called once');
      const sent = JSON.stringify(received.headers);
      for (const [name, value] of Object.entries(clientHeaders)) {
        assert.ok(!sent.includes(value), `${name}'s value reached the upstream: ${sent}`);
      }
      assert.ok(!sent.includes(harness.key), 'the client key never reaches the upstream');
      const upstreamCredential = String(received.headers.authorization ?? received.headers['x-api-key']);
      assert.ok(upstreamCredential.includes(upstreamKey(format)), upstreamCredential);
    }
    await assertHealthy(harness);
  });

  it('is healthy after all of it', async () => {
    await assertHealthy(harness);
  });
});
