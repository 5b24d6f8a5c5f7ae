import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, it } from 'node:test';
import { configSchema } from '../../../src/config/schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { ChatRequest } from '../../../src/core/types.js';
import { createOpenAICompatibleProvider } from '../../../src/providers/openai-compatible/openai-compatible-provider.js';
import { toProviderError, Transport, type TransportOptions } from '../../../src/providers/transport.js';
import { decodeSse } from '../../../src/providers/wire/sse-decoder.js';
import { DEFAULT_MAX_STREAM_BYTES } from '../../../src/security/egress/guard-upstream-response.js';
import { UpstreamBodyRefusedError } from '../../../src/security/egress/upstream-body-refused-error.js';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

const chatRequest = (stream: boolean): ChatRequest => ({
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  stream,
  includeUsage: false,
  metadata: { requestId: 'req_1', clientFormat: 'openai' },
});

async function drain(chunks: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of chunks) void chunk;
}

describe('what an upstream response may do', () => {
  const servers: LoopbackServer[] = [];
  const transports: Transport[] = [];
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((transport) => transport.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serve(handler: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  }

  function transport(baseUrl: string, options: Partial<TransportOptions> = {}): Transport {
    const created = new Transport({ provider: 'test', baseUrl, headersTimeoutMs: 2000, idleTimeoutMs: 2000, maxResponseBytes: 1024 * 1024, ...options });
    transports.push(created);
    return created;
  }

  it('does not follow a 302 and turns it into a clear, non-client error', async () => {
    const target = await serve((_request, response) => response.end('{"choices":[]}'));
    const redirecting = await serve((_request, response) => response.writeHead(302, { location: `${target.origin}/v1/chat/completions` }).end());
    await assert.rejects(transport(redirecting.origin).request({ method: 'POST', path: '/v1/chat/completions', body: '{}' }), (error: unknown) => {
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, 'unavailable');
      assert.equal(error.upstreamStatus, 302);
      assert.match(error.message, /HTTP 302 \(a redirect\); redirects are not followed/);
      return true;
    });
    assert.equal(redirecting.requests.length, 1);
    assert.equal(target.requests.length, 0, 'the redirect target was never contacted');
  });

  it('asks for identity encoding and refuses a gzip body instead of inflating it', async () => {
    // 10 MiB of zeros gzip to about 10 KiB: inflating what an upstream sends is how memory blows up.
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    const upstream = await serve((_request, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb));
    await assert.rejects(transport(upstream.origin).request({ method: 'GET', path: '/models' }), (error: unknown) => {
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, 'unavailable');
      assert.match(error.message, /compressed body \(content-encoding: gzip\)/);
      assert.ok(error.cause instanceof UpstreamBodyRefusedError);
      return true;
    });
    assert.equal(upstream.requests[0]?.headers['accept-encoding'], 'identity');
  });

  it('refuses br and deflate on a streaming chat through the provider', async () => {
    for (const encoding of ['br', 'deflate']) {
      const upstream = await serve((_request, response) => response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': encoding }).end('data: x\n\n'));
      const provider = createOpenAICompatibleProvider({
        name: 'openai',
        kind: 'openai',
        config: configSchema.parse({ providers: { openai: { base_url: `${upstream.origin}/v1`, api_key: 'k' } } }).providers['openai']!,
        routing: configSchema.parse({}).routing,
      });
      try {
        await assert.rejects(drain(provider.chat(chatRequest(true), { model: 'gpt-4o-mini', signal: new AbortController().signal })), (error: unknown) => {
          assert.ok(error instanceof ProviderError);
          assert.equal(error.kind, 'unavailable');
          assert.match(error.message, new RegExp(`content-encoding: ${encoding}`));
          return true;
        });
      } finally {
        await provider.close();
      }
    }
  });

  it('refuses a non-stream body over max_response_bytes', async () => {
    const upstream = await serve((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.alloc(3 * 1024 * 1024, 0x20)));
    const client = transport(upstream.origin, { maxResponseBytes: 1024 * 1024 });
    const response = await client.request({ method: 'GET', path: '/models' });
    await assert.rejects(client.readJson(response.body), /upstream response exceeds 1048576 bytes/);
  });

  it('caps the total bytes of a stream whose every line is small', async () => {
    assert.equal(DEFAULT_MAX_STREAM_BYTES, 64 * 1024 * 1024);
    const line = Buffer.from(`data: {"choices":[{"delta":{"content":"${'x'.repeat(200)}"}}]}\n\n`);
    const upstream = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // An upstream that never stops: write until the gateway hangs up.
      const write = (): void => {
        while (response.write(line)) if (response.destroyed) return;
        response.once('drain', write);
      };
      response.on('close', () => response.removeAllListeners('drain'));
      write();
    });
    const client = transport(upstream.origin, { maxStreamBytes: 256 * 1024 });
    const response = await client.request({ method: 'POST', path: '/chat/completions', body: '{}' });
    let received = 0;
    await assert.rejects(
      (async () => {
        try {
          for await (const event of decodeSse(response.body)) received += event.data.length;
        } catch (error) {
          throw toProviderError('test', error);
        }
      })(),
      (error: unknown) => {
        assert.ok(error instanceof ProviderError);
        assert.equal(error.kind, 'unavailable');
        assert.match(error.message, /upstream response exceeds 262144 bytes/);
        return true;
      },
    );
    assert.ok(received <= 256 * 1024);
  });
});
