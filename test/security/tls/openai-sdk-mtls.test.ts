import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { startGatewayHarness, upstreamKey, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { createCertificateSet, tlsSection, type CertificateSet } from './certificate-set.js';

type FetchOptions = NonNullable<ConstructorParameters<typeof OpenAI>[0]>['fetchOptions'];

/**
 * Node's fetch takes an undici Agent as `dispatcher` at run time; the type copy in @types/node and
 * the undici package's own types differ in details unrelated to this use, hence the one cast.
 */
function withDispatcher(agent: Agent): FetchOptions {
  return { dispatcher: agent } as unknown as FetchOptions;
}

/**
 * The official OpenAI SDK behind mutual TLS, configured the way the README shows: openai v6 calls
 * fetch, so the client certificate goes in an undici dispatcher passed through `fetchOptions`.
 */
describe('the OpenAI SDK through mutual TLS', () => {
  let set: CertificateSet;
  let harness: GatewayHarness;
  const agents: Agent[] = [];
  before(async () => {
    set = await createCertificateSet();
    harness = await startGatewayHarness({ kinds: ['openai'], tls: tlsSection(set, true) });
  });
  after(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await harness.close();
    set.remove();
  });

  const client = (apiKey: string, certificate: CertificateSet['valid'] | undefined, headers: Record<string, string | null> = {}): OpenAI => {
    const agent = new Agent({
      connect: { ca: set.ca.certificatePem, ...(certificate === undefined ? {} : { cert: certificate.certificatePem, key: certificate.keyPem }) },
    });
    agents.push(agent);
    return new OpenAI({ baseURL: `${harness.url}/v1`, apiKey, maxRetries: 0, fetchOptions: withDispatcher(agent), defaultHeaders: headers });
  };

  it('chats and streams with an API key and a client certificate', async () => {
    const openai = client(harness.key, set.valid);
    const answer = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello over mtls' }] });
    assert.equal(answer.choices[0]?.message.content, 'Echo: hello over mtls');
    const stream = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream it' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Echo: stream it');
    const sent = harness.fakes.openai.chatRequests().at(-1);
    assert.equal(sent?.headers.authorization, `Bearer ${upstreamKey('openai')}`, "the gateway's own upstream key is used");
  });

  it('chats with the client certificate alone when the SDK sends no key', async () => {
    // The SDK insists on an apiKey; removing its Authorization header leaves the certificate to speak.
    const openai = client('unused', set.valid, { Authorization: null });
    const answer = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'cert only' }] });
    assert.equal(answer.choices[0]?.message.content, 'Echo: cert only');
  });

  it('surfaces the refusal code as an AuthenticationError when the certificate is missing', async () => {
    const openai = client(harness.key, undefined);
    await assert.rejects(
      openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'no cert' }] }),
      (error: unknown) => error instanceof OpenAI.AuthenticationError && error.status === 401 && error.code === 'client_certificate_required',
    );
  });
});
