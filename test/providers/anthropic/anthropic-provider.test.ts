import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../../src/config/schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { Provider } from '../../../src/core/provider.js';
import { createAnthropicProvider } from '../../../src/providers/anthropic/anthropic-provider.js';
import { readFixture } from '../../helpers/fixtures.js';
import { chatRequest, clientWentAway, collect, collectUntilError, startLoopbackUpstream, within } from './loopback-upstream.js';
import type { LoopbackUpstream, UpstreamHandler } from './loopback-upstream.js';

const API_KEY = 'sk-ant-gateway-key';
const MESSAGE_START =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":3}}}\n\n' +
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n';

let upstream: LoopbackUpstream | undefined;
let provider: Provider | undefined;

afterEach(async () => {
  await provider?.close();
  await upstream?.close();
  provider = undefined;
  upstream = undefined;
});

async function setUp(handler: UpstreamHandler, section: Record<string, unknown> = {}, routing: Record<string, unknown> = {}, basePath = '') {
  upstream = await startLoopbackUpstream(handler);
  const config = configSchema.parse({
    providers: { anthropic: { api_key: API_KEY, base_url: upstream.baseUrl + basePath, model: 'claude-default', ...section } },
    routing,
  });
  const anthropic = config.providers.anthropic;
  assert.ok(anthropic);
  provider = createAnthropicProvider({ name: 'anthropic', kind: 'anthropic', config: anthropic, routing: config.routing });
  return { upstream, provider };
}

const call = (signal = new AbortController().signal) => ({ model: 'claude-x', signal });

function sendStatus(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

describe('createAnthropicProvider', () => {
  it('streams from POST /v1/messages with only the gateway credentials', async () => {
    const fixture = readFixture('anthropic', 'text-stream-crlf.sse');
    const { upstream, provider } = await setUp((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(fixture);
    });
    assert.equal(provider.defaultModel, 'claude-default');
    const chunks = await collect(provider.chat(chatRequest({ user: 'end-user-1' }), call()));
    assert.deepEqual(chunks.map((chunk) => chunk.type), ['start', 'text', 'text', 'text', 'usage', 'finish']);
    const [received] = upstream.requests;
    assert.ok(received);
    assert.equal(received.method, 'POST');
    assert.equal(received.url, '/v1/messages');
    assert.equal(received.headers['x-api-key'], API_KEY);
    assert.equal(received.headers['anthropic-version'], '2023-06-01');
    assert.equal(received.headers.authorization, undefined);
    assert.equal(received.headers['x-request-id'], undefined);
    const body = JSON.parse(received.body) as { model: string; stream: boolean; max_tokens: number; metadata: unknown };
    assert.equal(body.model, 'claude-x');
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 4096);
    assert.deepEqual(body.metadata, { user_id: 'end-user-1' });
  });

  it('keeps the base URL path and sends the configured anthropic-version', async () => {
    const { upstream, provider } = await setUp(
      (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(readFixture('anthropic', 'message.json')),
      { anthropic_version: '2024-01-01' },
      {},
      '/proxy',
    );
    const chunks = await collect(provider.chat(chatRequest({ stream: false }), call()));
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'tool_calls' });
    assert.equal(upstream.requests[0]?.url, '/proxy/v1/messages');
    assert.equal(upstream.requests[0]?.headers['anthropic-version'], '2024-01-01');
    assert.equal((JSON.parse(upstream.requests[0]?.body ?? '{}') as { stream: boolean }).stream, false);
  });

  const statusCases = [
    { status: 400, kind: 'bad_request', type: 'invalid_request_error', message: 'messages: field required' },
    { status: 404, kind: 'not_found', type: 'not_found_error', message: 'model: claude-nope' },
    { status: 529, kind: 'overloaded', type: 'overloaded_error', message: 'Overloaded' },
    { status: 500, kind: 'unavailable', type: 'api_error', message: 'Internal server error' },
  ] as const;
  for (const { status, kind, type, message } of statusCases) {
    it(`maps HTTP ${status} to ${kind} with the upstream message`, async () => {
      const { provider } = await setUp(sendStatus(status, { type: 'error', error: { type, message } }));
      const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call()));
      assert.deepEqual(chunks, []);
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, kind);
      assert.equal(error.upstreamStatus, status);
      assert.equal(error.message, message);
    });
  }

  it('maps 401 to auth with a fixed message that cannot echo the key', async () => {
    const { provider } = await setUp(
      sendStatus(401, { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${API_KEY.slice(0, 12)}` } }),
    );
    const { error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'auth');
    assert.equal(error.message, 'upstream rejected the gateway credentials');
  });

  it('maps 429 to rate_limited with Retry-After', async () => {
    const { provider } = await setUp(
      sendStatus(429, { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } }, { 'retry-after': '7' }),
    );
    const { error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.retryAfterMs, 7000);
  });

  it('fails with a ProviderError when the upstream drops the connection mid-stream', async () => {
    const { provider } = await setUp((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(MESSAGE_START, () => setTimeout(() => response.socket?.destroy(), 20));
    });
    const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.deepEqual(chunks.map((chunk) => chunk.type), ['start', 'text']);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'unavailable');
  });

  it('fails with timeout when the stream stalls longer than the idle timeout', async () => {
    const { provider } = await setUp(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(MESSAGE_START);
      },
      {},
      { idle_timeout_ms: 150 },
    );
    const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.equal(chunks.length, 2);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'timeout');
  });

  it('aborting mid-stream closes the upstream request and propagates the abort', async () => {
    let closed: Promise<void> | undefined;
    const { provider } = await setUp((_request, response) => {
      closed = clientWentAway(response);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(MESSAGE_START);
    });
    const controller = new AbortController();
    const { chunks, error } = await collectUntilError(
      (async function* () {
        for await (const chunk of provider.chat(chatRequest(), call(controller.signal))) {
          yield chunk;
          if (chunk.type === 'text') controller.abort();
        }
      })(),
    );
    assert.equal(chunks.length, 2);
    assert.ok(error instanceof Error);
    assert.ok(!(error instanceof ProviderError), 'an abort is not a provider failure');
    assert.equal(error.name, 'AbortError');
    await within(closed, 2000, 'the upstream seeing the client go away');
  });

  it('stopping early tears down the upstream connection', async () => {
    let closed: Promise<void> | undefined;
    const { provider } = await setUp((_request, response) => {
      closed = clientWentAway(response);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(MESSAGE_START);
    });
    for await (const chunk of provider.chat(chatRequest(), call())) {
      if (chunk.type === 'text') break;
    }
    await within(closed, 2000, 'the upstream seeing the client go away');
  });

  it('lists models from GET /v1/models', async () => {
    const { upstream, provider } = await setUp(sendStatus(200, { data: [{ id: 'claude-a', type: 'model' }, { id: 'claude-b' }], has_more: false }));
    assert.deepEqual(await provider.models(), ['claude-a', 'claude-b']);
    assert.match(upstream.requests[0]?.url ?? '', /^\/v1\/models/);
    assert.equal(upstream.requests[0]?.headers['x-api-key'], API_KEY);
  });

  it('reports health without throwing', async () => {
    const { upstream, provider } = await setUp(sendStatus(200, { data: [] }));
    assert.equal((await provider.health()).ok, true);
    await upstream.close();
    const health = await provider.health();
    assert.equal(health.ok, false);
    assert.equal(typeof health.latencyMs, 'number');
    assert.ok(health.detail);
  });
});
