import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ProviderError } from '../../../src/core/errors.js';
import type { Provider } from '../../../src/core/provider.js';
import type { ChatChunk, ChatRequest } from '../../../src/core/types.js';
import type { ProviderConfig, RoutingConfig } from '../../../src/config/schema.js';
import { configSchema } from '../../../src/config/schema.js';
import type { ProviderKind } from '../../../src/core/provider.js';
import { createOpenAICompatibleProvider } from '../../../src/providers/openai-compatible/openai-compatible-provider.js';
import { UPSTREAM_AUTH_MESSAGE } from '../../../src/providers/openai-compatible/openai-error.js';
import { readFixture } from '../../helpers/fixtures.js';
import { collectChunks } from './collect-chunks.js';
import { LoopbackUpstream, writeInPieces } from './loopback-upstream.js';

const PROVIDER_KEY = 'sk-test-provider-key-0123456789';

function routing(overrides: Partial<RoutingConfig> = {}): RoutingConfig {
  return { ...configSchema.parse({}).routing, ...overrides };
}

function chatRequest(stream: boolean): ChatRequest {
  return {
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    maxTokens: 64,
    stream,
    includeUsage: false,
    metadata: { requestId: 'req_1', clientFormat: 'openai' },
  };
}

describe('createOpenAICompatibleProvider against a loopback upstream', () => {
  let upstream: LoopbackUpstream;
  const providers: Provider[] = [];

  function provider(
    options: { kind?: ProviderKind; baseUrl?: string; apiKey?: string | undefined; routing?: Partial<RoutingConfig> } = {},
  ): Provider {
    const kind = options.kind ?? 'openai';
    const config: ProviderConfig = {
      enabled: true,
      allow_private_network: false,
      base_url: options.baseUrl ?? `${upstream.origin}/v1`,
      model: 'gpt-4o-mini',
      ...('apiKey' in options ? (options.apiKey === undefined ? {} : { api_key: options.apiKey }) : { api_key: PROVIDER_KEY }),
    };
    const created = createOpenAICompatibleProvider({ name: kind, kind, config, routing: routing(options.routing) });
    providers.push(created);
    return created;
  }

  const call = (signal = new AbortController().signal) => ({ model: 'gpt-4o-mini', signal });

  before(async () => {
    upstream = await LoopbackUpstream.start();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
  });
  after(async () => {
    await Promise.all(providers.map((created) => created.close()));
    await upstream.stop();
  });

  it('streams: posts to base_url + /chat/completions with only the provider key, and yields the recorded chunks', async () => {
    const bytes = readFixture('openai', 'text-stream.sse');
    upstream.handler = (_request, response) => writeInPieces(response, bytes);
    const chunks = await collectChunks(provider().chat(chatRequest(true), call()));
    assert.equal(chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join(''), 'Hello! How can I help you today?');
    assert.deepEqual(chunks[0], { type: 'start', id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG', model: 'gpt-4o-mini-2024-07-18' });
    assert.deepEqual(chunks.slice(-2), [
      { type: 'usage', usage: { promptTokens: 1250, completionTokens: 9, cachedTokens: 1024 } },
      { type: 'finish', reason: 'stop' },
    ]);
    const [recorded] = upstream.requests;
    assert.ok(recorded);
    assert.equal(recorded.method, 'POST');
    assert.equal(recorded.url, '/v1/chat/completions');
    assert.equal(recorded.headers.authorization, `Bearer ${PROVIDER_KEY}`);
    assert.equal(recorded.headers['accept-encoding'], 'identity');
    assert.equal(recorded.headers['content-type'], 'application/json');
    const allowed = new Set(['host', 'connection', 'authorization', 'accept', 'accept-encoding', 'content-type', 'content-length', 'transfer-encoding']);
    assert.deepEqual(Object.keys(recorded.headers).filter((name) => !allowed.has(name)), []);
    const body = JSON.parse(recorded.body) as Record<string, unknown>;
    assert.equal(body.model, 'gpt-4o-mini');
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.max_completion_tokens, 64);
  });

  it('a stream is read to its end after [DONE], so its connection serves the next request', async () => {
    upstream.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
      // The end of the body comes a little after [DONE]: cutting the body off at [DONE] would lose the connection.
      setTimeout(() => response.end(), 30);
    };
    const reused = provider();
    await collectChunks(reused.chat(chatRequest(true), call()));
    // undici hands the connection back to its pool one turn after the body ends.
    await new Promise((resolve) => setImmediate(resolve));
    await collectChunks(reused.chat(chatRequest(true), call()));
    assert.equal(upstream.requests.length, 2);
    assert.equal(upstream.requests[0]?.remotePort, upstream.requests[1]?.remotePort);
  });

  it('deepseek: base URL without /v1, max_tokens, reasoning from the stream', async () => {
    const bytes = readFixture('deepseek', 'reasoner-stream.sse');
    upstream.handler = (_request, response) => writeInPieces(response, bytes);
    const chunks = await collectChunks(provider({ kind: 'deepseek', baseUrl: upstream.origin }).chat(chatRequest(true), call()));
    assert.equal(upstream.requests[0]?.url, '/chat/completions');
    assert.equal((JSON.parse(upstream.requests[0]?.body ?? '{}') as Record<string, unknown>).max_tokens, 64);
    assert.ok(chunks.some((chunk) => chunk.type === 'reasoning'));
  });

  it('local: /v1 paths below the base URL and no authorization header without a key', async () => {
    upstream.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(readFixture('openai', 'chat-response.json'));
    };
    const chunks = await collectChunks(provider({ kind: 'local', baseUrl: upstream.origin, apiKey: undefined }).chat(chatRequest(false), call()));
    const [recorded] = upstream.requests;
    assert.equal(recorded?.url, '/v1/chat/completions');
    assert.equal(recorded.headers.authorization, undefined);
    assert.equal((JSON.parse(recorded.body) as Record<string, unknown>).stream, false);
    assert.deepEqual(chunks.find((chunk) => chunk.type === 'text'), { type: 'text', text: 'héllo — 日本語 🎉' });
  });

  describe('non-2xx answers become typed errors before any chunk', () => {
    const cases: Array<{ status: number; headers?: Record<string, string>; kind: string; retryAfterMs?: number }> = [
      { status: 400, kind: 'bad_request' },
      { status: 401, kind: 'auth' },
      { status: 429, headers: { 'retry-after-ms': '1500' }, kind: 'rate_limited', retryAfterMs: 1500 },
      { status: 429, headers: { 'retry-after': '3' }, kind: 'rate_limited', retryAfterMs: 3000 },
      { status: 500, kind: 'unavailable' },
      { status: 503, kind: 'overloaded' },
    ];
    for (const expected of cases) {
      it(`${expected.status} ${JSON.stringify(expected.headers ?? {})} → ${expected.kind}`, async () => {
        upstream.handler = (_request, response) => {
          response.writeHead(expected.status, { 'content-type': 'application/json', ...expected.headers });
          response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${PROVIDER_KEY.slice(0, 12)}***`, type: 'x' } }));
        };
        const seen: ChatChunk[] = [];
        const chunks = provider().chat(chatRequest(true), call())[Symbol.asyncIterator]();
        const error = await chunks.next().then(
          (result) => seen.push(result.value as ChatChunk),
          (caught: unknown) => caught,
        );
        assert.deepEqual(seen, []);
        assert.ok(error instanceof ProviderError);
        assert.equal(error.kind, expected.kind);
        assert.equal(error.upstreamStatus, expected.status);
        assert.equal(error.retryAfterMs, expected.retryAfterMs);
        if (expected.kind === 'auth') {
          assert.equal(error.message, UPSTREAM_AUTH_MESSAGE);
          assert.ok(!error.message.includes(PROVIDER_KEY.slice(0, 6)));
        } else {
          assert.match(error.message, /Incorrect API key/);
        }
        if (expected.status === 400) assert.equal(error.retryable, false);
      });
    }
  });

  it('a socket destroyed mid-stream is an unavailable error after the chunks already sent', async () => {
    upstream.handler = (request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n', () => {
        setTimeout(() => request.socket.destroy(), 20);
      });
    };
    const seen: ChatChunk[] = [];
    await assert.rejects(
      async () => {
        for await (const chunk of provider().chat(chatRequest(true), call())) seen.push(chunk);
      },
      (error: unknown) => error instanceof ProviderError && error.kind === 'unavailable',
    );
    assert.deepEqual(seen, [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text', text: 'Hel' },
    ]);
  });

  it('a stream idle longer than idle_timeout_ms is a timeout', async () => {
    upstream.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n');
    };
    await assert.rejects(collectChunks(provider({ routing: { idle_timeout_ms: 150 } }).chat(chatRequest(true), call())), (error: unknown) => {
      return error instanceof ProviderError && error.kind === 'timeout';
    });
  });

  it('an upstream that sends no headers within upstream_timeout_ms is a timeout', async () => {
    upstream.handler = () => undefined;
    await assert.rejects(collectChunks(provider({ routing: { upstream_timeout_ms: 150 } }).chat(chatRequest(true), call())), (error: unknown) => {
      return error instanceof ProviderError && error.kind === 'timeout';
    });
  });

  for (const how of ['aborting the signal', 'stopping the iteration'] as const) {
    it(`${how} mid-stream closes the upstream connection`, async () => {
      let closedEarly: Promise<boolean> = Promise.resolve(false);
      upstream.handler = (_request, response) => {
        closedEarly = once(response, 'close').then(() => !response.writableEnded);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n');
        // Never ends: a long generation the client no longer wants.
      };
      const controller = new AbortController();
      const iteration = (async () => {
        for await (const chunk of provider().chat(chatRequest(true), call(controller.signal))) {
          if (chunk.type !== 'text') continue;
          if (how === 'stopping the iteration') break;
          controller.abort();
        }
      })();
      if (how === 'aborting the signal') {
        await assert.rejects(iteration, (error: unknown) => error instanceof Error && error.name === 'AbortError' && !(error instanceof ProviderError));
      } else {
        await iteration;
      }
      assert.equal(await closedEarly, true);
    });
  }

  it('a non-stream body over max_response_bytes is refused', async () => {
    upstream.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(readFixture('openai', 'chat-response.json'));
    };
    await assert.rejects(collectChunks(provider({ routing: { max_response_bytes: 100 } }).chat(chatRequest(false), call())), (error: unknown) => {
      return error instanceof ProviderError && /exceeds 100 bytes/.test(error.message);
    });
  });

  it('models() lists ids from GET /models with the provider key', async () => {
    upstream.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"gpt-4o-mini","object":"model"}]}');
    };
    assert.deepEqual(await provider().models(), ['gpt-4o', 'gpt-4o-mini']);
    assert.equal(upstream.requests[0]?.method, 'GET');
    assert.equal(upstream.requests[0]?.url, '/v1/models');
    assert.equal(upstream.requests[0]?.headers.authorization, `Bearer ${PROVIDER_KEY}`);
  });

  it('health() reports ok, a failing status, and an unreachable upstream without throwing', async () => {
    upstream.handler = (_request, response) => response.end('{"data":[]}');
    const healthy = await provider().health();
    assert.equal(healthy.ok, true);
    assert.ok(healthy.latencyMs >= 0);

    upstream.handler = (_request, response) => {
      response.writeHead(401);
      response.end(`{"error":{"message":"bad key ${PROVIDER_KEY}"}}`);
    };
    const rejected = await provider().health();
    assert.equal(rejected.ok, false);
    assert.equal(rejected.detail, UPSTREAM_AUTH_MESSAGE);

    const unreachable = await provider({ baseUrl: 'http://127.0.0.1:9/v1' }).health();
    assert.equal(unreachable.ok, false);
    assert.match(unreachable.detail ?? '', /upstream/);
  });
});
