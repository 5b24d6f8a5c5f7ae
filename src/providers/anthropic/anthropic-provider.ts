import type { ChatChunk, ChatRequest } from '../../core/types.js';
import type { Provider, ProviderCall, ProviderHealth } from '../../core/provider.js';
import type { UpstreamRequest, UpstreamResponse } from '../transport.js';
import type { ProviderFactoryOptions } from '../provider-options.js';
import { createProviderTransport } from '../create-provider-transport.js';
import { readAnthropicHttpError } from './anthropic-error.js';
import { buildAnthropicRequest } from './anthropic-request.js';
import { anthropicResponseChunks } from './anthropic-response.js';
import { translateAnthropicStream } from './anthropic-stream.js';
import { relayUpstreamStream } from '../relay-upstream-stream.js';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Health probes wait at most this long for headers, whatever the request timeout. */
const HEALTH_TIMEOUT_MS = 5000;

/**
 * The Anthropic Messages API provider: `POST /v1/messages` (streaming or not) and
 * `GET /v1/models`, authenticated with the provider's own `x-api-key`. Nothing from the client's
 * request headers reaches the upstream.
 * See https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicProvider(options: ProviderFactoryOptions): Provider {
  const { name, config, routing } = options;
  const transport = createProviderTransport(options);
  const headers: Record<string, string> = { 'anthropic-version': config.anthropic_version ?? DEFAULT_ANTHROPIC_VERSION };

  const get = async (path: string, signal: AbortSignal | undefined, headersTimeoutMs?: number): Promise<UpstreamResponse> => {
    const request: UpstreamRequest = { method: 'GET', path, headers };
    if (signal !== undefined) request.signal = signal;
    if (headersTimeoutMs !== undefined) request.headersTimeoutMs = headersTimeoutMs;
    return transport.request(request);
  };

  let closing: Promise<void> | undefined;

  return {
    name,
    kind: options.kind,
    defaultModel: config.model,

    async *chat(request: ChatRequest, call: ProviderCall): AsyncGenerator<ChatChunk> {
      // Built before connecting, so a request the API would refuse never leaves the gateway.
      const body = JSON.stringify(buildAnthropicRequest(request, call.model, config, name));
      const response = await transport.request({
        method: 'POST',
        path: '/v1/messages',
        headers: request.stream ? { ...headers, accept: 'text/event-stream' } : headers,
        body,
        signal: call.signal,
      });
      if (response.status < 200 || response.status >= 300) throw await readAnthropicHttpError(transport, response, name);
      if (!request.stream) {
        yield* anthropicResponseChunks(await transport.readJson(response.body), { provider: name, model: call.model });
        return;
      }
      yield* relayUpstreamStream(response.body, translateAnthropicStream(response.body, { provider: name, model: call.model }), name, call.signal);
    },

    async models(signal?: AbortSignal): Promise<string[]> {
      const response = await get('/v1/models?limit=1000', signal);
      if (response.status < 200 || response.status >= 300) throw await readAnthropicHttpError(transport, response, name);
      const list = (await transport.readJson(response.body)) as { data?: Array<{ id?: unknown }> } | null;
      const data = Array.isArray(list?.data) ? list.data : [];
      return data.map((model) => model.id).filter((id): id is string => typeof id === 'string');
    },

    async health(signal?: AbortSignal): Promise<ProviderHealth> {
      const started = performance.now();
      const latency = (): number => Math.round(performance.now() - started);
      try {
        const response = await get('/v1/models?limit=1', signal, Math.min(HEALTH_TIMEOUT_MS, routing.upstream_timeout_ms));
        await response.body.dump();
        if (response.status >= 200 && response.status < 300) return { ok: true, latencyMs: latency() };
        return { ok: false, latencyMs: latency(), detail: `upstream answered HTTP ${response.status}` };
      } catch (error) {
        return { ok: false, latencyMs: latency(), detail: error instanceof Error ? error.message : String(error) };
      }
    },

    async close(): Promise<void> {
      // Idempotent: shutdown paths may close a provider more than once.
      closing ??= transport.close();
      await closing;
    },
  };
}
