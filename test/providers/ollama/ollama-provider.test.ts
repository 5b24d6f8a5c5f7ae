import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../../src/config/schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { Provider } from '../../../src/core/provider.js';
import { createOllamaProvider } from '../../../src/providers/ollama/ollama-provider.js';
import { readFixture } from '../../helpers/fixtures.js';
import { chatRequest, clientWentAway, collect, collectUntilError, startLoopbackUpstream, within } from '../anthropic/loopback-upstream.js';
import type { LoopbackUpstream, UpstreamHandler } from '../anthropic/loopback-upstream.js';

const FIRST_LINES =
  '{"model":"llama3.2","created_at":"2025-06-01T10:00:01Z","message":{"role":"assistant","content":"Hel"},"done":false}\n' +
  '{"model":"llama3.2","created_at":"2025-06-01T10:00:02Z","message":{"role":"assistant","content":"lo"},"done":false}\n';

let upstream: LoopbackUpstream | undefined;
let provider: Provider | undefined;

afterEach(async () => {
  await provider?.close();
  await upstream?.close();
  provider = undefined;
  upstream = undefined;
});

async function setUp(handler: UpstreamHandler, section: Record<string, unknown> = {}, routing: Record<string, unknown> = {}) {
  upstream = await startLoopbackUpstream(handler);
  const config = configSchema.parse({ providers: { ollama: { base_url: upstream.baseUrl, model: 'llama3.2', ...section } }, routing });
  const ollama = config.providers.ollama;
  assert.ok(ollama);
  provider = createOllamaProvider({ name: 'ollama', kind: 'ollama', config: ollama, routing: config.routing });
  return { upstream, provider };
}

const call = (signal = new AbortController().signal) => ({ model: 'llama3.2', signal });

function sendStatus(status: number, body: unknown): UpstreamHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}

function streamThenStall(onClose?: (closed: Promise<void>) => void): UpstreamHandler {
  return (_request, response) => {
    onClose?.(clientWentAway(response));
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    response.write(FIRST_LINES);
  };
}

describe('createOllamaProvider', () => {
  it('streams from POST /api/chat with stream set and no client headers', async () => {
    const fixture = readFixture('ollama', 'text-stream.ndjson');
    const { upstream, provider } = await setUp((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end(fixture);
    });
    const chunks = await collect(provider.chat(chatRequest({ temperature: 0.5 }), call()));
    assert.deepEqual(chunks.map((chunk) => chunk.type), ['start', 'reasoning', 'text', 'text', 'text', 'text', 'usage', 'finish']);
    const [received] = upstream.requests;
    assert.ok(received);
    assert.equal(received.method, 'POST');
    assert.equal(received.url, '/api/chat');
    assert.equal(received.headers.authorization, undefined);
    assert.equal(received.headers['x-api-key'], undefined);
    const body = JSON.parse(received.body) as { model: string; stream: boolean; options: unknown };
    assert.equal(body.model, 'llama3.2');
    assert.equal(body.stream, true);
    assert.deepEqual(body.options, { temperature: 0.5 });
  });

  it('asks for a whole answer when the client does not stream', async () => {
    const { upstream, provider } = await setUp((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(readFixture('ollama', 'chat-response.json'));
    });
    const chunks = await collect(provider.chat(chatRequest({ stream: false }), call()));
    assert.deepEqual(chunks.slice(1), [
      { type: 'reasoning', text: 'Short greeting.' },
      { type: 'text', text: 'Bonjour à tous 🎉' },
      { type: 'usage', usage: { promptTokens: 26, completionTokens: 298 } },
      { type: 'finish', reason: 'stop' },
    ]);
    assert.equal((JSON.parse(upstream.requests[0]?.body ?? '{}') as { stream: boolean }).stream, false);
  });

  it('maps a model that was never pulled to model_not_found, asking once', async () => {
    const { upstream, provider } = await setUp(sendStatus(404, { error: 'model "llama9" not found, try pulling it first' }));
    const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.deepEqual(chunks, []);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'model_not_found');
    assert.equal(error.code, 'model_not_found');
    assert.equal(error.upstreamStatus, 404);
    assert.match(error.message, /llama9.*not found.*pull/);
    assert.equal(upstream.requests.length, 1);
  });

  it('maps 500 to unavailable and 400 to bad_request with the upstream message', async () => {
    const { provider } = await setUp((request, response) => {
      const status = request.body.includes('"broken"') ? 500 : 400;
      sendStatus(status, { error: status === 500 ? 'llama runner process has terminated' : 'invalid options' })(request, response);
    });
    const failure = async (model: string) => (await collectUntilError(provider.chat(chatRequest(), { ...call(), model }))).error;
    const server = await failure('broken');
    assert.ok(server instanceof ProviderError);
    assert.equal(server.kind, 'unavailable');
    assert.equal(server.message, 'llama runner process has terminated');
    const client = await failure('fine');
    assert.ok(client instanceof ProviderError);
    assert.equal(client.kind, 'bad_request');
  });

  it('sends a configured key as a bearer token and hides the upstream message on 401', async () => {
    const { upstream, provider } = await setUp(sendStatus(401, { error: 'bad token sk-ollama-proxy' }), { api_key: 'sk-ollama-proxy' });
    const { error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'auth');
    assert.equal(error.message, 'upstream rejected the gateway credentials');
    assert.equal(upstream.requests[0]?.headers.authorization, 'Bearer sk-ollama-proxy');
  });

  it('refuses an http(s) image before contacting the upstream', async () => {
    const { upstream, provider } = await setUp(sendStatus(200, {}));
    const request = chatRequest({ messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }] });
    const { error } = await collectUntilError(provider.chat(request, call()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'bad_request');
    assert.equal(upstream.requests.length, 0);
  });

  it('fails with a ProviderError when the upstream drops the connection mid-stream', async () => {
    const { provider } = await setUp((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write(FIRST_LINES, () => setTimeout(() => response.socket?.destroy(), 20));
    });
    const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.deepEqual(chunks.map((chunk) => chunk.type), ['start', 'text', 'text']);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'unavailable');
  });

  it('fails with timeout when the stream stalls longer than the idle timeout', async () => {
    const { provider } = await setUp(streamThenStall(), {}, { idle_timeout_ms: 150 });
    const { chunks, error } = await collectUntilError(provider.chat(chatRequest(), call()));
    assert.equal(chunks.length, 3);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'timeout');
  });

  it('aborting mid-stream closes the upstream request and propagates the abort', async () => {
    let closed: Promise<void> | undefined;
    const { provider } = await setUp(streamThenStall((promise) => {
      closed = promise;
    }));
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of provider.chat(chatRequest(), call(controller.signal))) {
          seen.push(chunk.type);
          if (chunk.type === 'text') controller.abort();
        }
      })(),
      (error: unknown) => error instanceof Error && !(error instanceof ProviderError) && error.name === 'AbortError',
    );
    assert.deepEqual(seen, ['start', 'text']);
    await within(closed, 2000, 'the upstream seeing the client go away');
  });

  it('lists model names from GET /api/tags', async () => {
    const { upstream, provider } = await setUp(
      sendStatus(200, { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', size: 2019393189 }, { name: 'qwen2.5:7b', model: 'qwen2.5:7b' }] }),
    );
    assert.deepEqual(await provider.models(), ['llama3.2:latest', 'qwen2.5:7b']);
    assert.equal(upstream.requests[0]?.url, '/api/tags');
    assert.equal(upstream.requests[0]?.method, 'GET');
  });

  it('reports health without throwing', async () => {
    const { upstream, provider } = await setUp(sendStatus(200, { models: [{ name: 'llama3.2' }] }));
    assert.deepEqual({ ...(await provider.health()), latencyMs: 0 }, { ok: true, latencyMs: 0, resources: { models: [{ name: 'llama3.2', available: true }] } });
    await upstream.close();
    const health = await provider.health();
    assert.equal(health.ok, false);
    assert.ok(health.detail);
  });
});
