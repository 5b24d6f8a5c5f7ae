import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../../../src/core/errors.js';
import { Transport, type TransportOptions } from '../../../src/providers/transport.js';
import { EgressRefusedError } from '../../../src/security/egress/egress-refused-error.js';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';
import { stubLookup } from './stub-lookup.js';

/**
 * Connection-time checks. Every name here resolves through a stub, and every refused address is
 * refused before a socket is opened: the only traffic is to the loopback server.
 */
describe('egress policy at connection time', () => {
  let upstream: LoopbackServer;
  before(async () => {
    upstream = await startLoopbackServer((_request, response) => response.end('{"ok":true}'));
  });
  after(() => upstream.close());

  function transport(baseUrl: string, options: Partial<TransportOptions> = {}): Transport {
    return new Transport({ provider: 'test', baseUrl, headersTimeoutMs: 2000, idleTimeoutMs: 2000, maxResponseBytes: 1024 * 1024, ...options });
  }

  async function refusal(client: Transport): Promise<ProviderError> {
    try {
      await client.request({ method: 'GET', path: '/models' });
    } catch (error) {
      assert.ok(error instanceof ProviderError, String(error));
      return error;
    } finally {
      await client.close();
    }
    assert.fail('the request was not refused');
  }

  it('refuses a name that resolves to a private address, before connecting', async () => {
    const lookup = stubLookup({ 'llm.example.test': [['10.0.0.5']] });
    const error = await refusal(transport(`http://llm.example.test:${upstream.port}`, { lookup }));
    // Not retryable: routing moves to the next target instead of asking the same refused address again.
    assert.equal(error.kind, 'forbidden_destination');
    assert.equal(error.retryable, false);
    assert.match(error.message, /egress policy \(private\)/);
    assert.ok(error.cause instanceof EgressRefusedError);
    assert.equal(error.cause.address, '10.0.0.5');
    assert.doesNotMatch(error.message, /10\.0\.0\.5/, 'the client-facing message does not disclose internal addresses');
  });

  it('refuses a name with any bad address among its answers, even next to a public one', async () => {
    const lookup = stubLookup({ 'mixed.example.test': [['93.184.216.34', '169.254.169.254']] });
    const error = await refusal(transport(`http://mixed.example.test:${upstream.port}`, { lookup }));
    assert.match(error.message, /metadata/);
  });

  it('refuses a public-looking name that resolves to loopback', async () => {
    const lookup = stubLookup({ 'api.example.test': [['127.0.0.1']] });
    await refusal(transport(`http://api.example.test:${upstream.port}`, { lookup }));
    assert.equal(upstream.requests.length, 0);
  });

  it('refuses an IP literal origin without resolving it (the config check is not the only guard)', async () => {
    const lookup = stubLookup({});
    for (const origin of ['http://10.0.0.1:9', 'http://[::ffff:a9fe:a9fe]:9', 'http://2852039166:9']) {
      const error = await refusal(transport(origin, { lookup }));
      assert.ok(error.cause instanceof EgressRefusedError, origin);
    }
    assert.deepEqual(lookup.calls, []);
  });

  it('allows loopback named explicitly: a literal, or localhost', async () => {
    const before = upstream.requests.length;
    const literal = transport(upstream.origin);
    assert.equal((await literal.request({ method: 'GET', path: '/' })).status, 200);
    await literal.close();
    const named = transport(`http://localhost:${upstream.port}`, { lookup: stubLookup({ localhost: [['127.0.0.1']] }) });
    const response = await named.request({ method: 'GET', path: '/' });
    assert.equal(response.status, 200);
    await response.body.dump();
    await named.close();
    assert.equal(upstream.requests.length, before + 2);
  });

  it('allows a name resolving to a private or loopback address when allow_private_network is set', async () => {
    const lookup = stubLookup({ 'vllm.internal.test': [['127.0.0.1']] });
    const client = transport(`http://vllm.internal.test:${upstream.port}`, { lookup, allowPrivateNetwork: true });
    const response = await client.request({ method: 'GET', path: '/' });
    assert.equal(response.status, 200);
    await response.body.dump();
    await client.close();
  });

  it('checks every new connection, so a name rebound to a private address is caught', async () => {
    // The upstream closes each connection, so the second request needs a new one (and a new lookup).
    const closing = await startLoopbackServer((_request, response) => response.writeHead(200, { connection: 'close' }).end('{}'));
    const lookup = stubLookup({ localhost: [['127.0.0.1'], ['10.0.0.5']] });
    const client = transport(`http://localhost:${closing.port}`, { lookup });
    try {
      const first = await client.request({ method: 'GET', path: '/' });
      await first.body.dump();
      assert.equal(first.status, 200);
      await assert.rejects(
        client.request({ method: 'GET', path: '/' }),
        (error: unknown) => error instanceof ProviderError && error.cause instanceof EgressRefusedError,
      );
      assert.deepEqual(lookup.calls, ['localhost', 'localhost']);
      assert.equal(closing.requests.length, 1);
    } finally {
      await client.close();
      await closing.close();
    }
  });
});
