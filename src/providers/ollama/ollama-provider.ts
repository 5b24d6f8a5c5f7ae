import type { ChatChunk, ChatRequest } from '../../core/types.js';
import type { Provider, ProviderCall, ProviderHealth } from '../../core/provider.js';
import type { UpstreamRequest } from '../transport.js';
import type { ProviderFactoryOptions } from '../provider-options.js';
import { createProviderTransport } from '../create-provider-transport.js';
import { relayUpstreamStream } from '../relay-upstream-stream.js';
import type { OllamaTagsResponse } from './ollama-api.js';
import { modelNotPulled, readOllamaHttpError } from './ollama-error.js';
import { buildOllamaRequest } from './ollama-request.js';
import { ollamaResponseChunks } from './ollama-response.js';
import { translateOllamaStream } from './ollama-stream.js';

/** Health probes wait at most this long for headers, whatever the request timeout. */
const HEALTH_TIMEOUT_MS = 5000;

/**
 * The Ollama provider, on Ollama's native API: `POST /api/chat` (streamed as NDJSON or whole)
 * and `GET /api/tags`. Ollama itself needs no key; when one is configured (Ollama behind an
 * authenticating proxy) it is sent as a bearer token. Nothing from the client's headers is sent.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export function createOllamaProvider(options: ProviderFactoryOptions): Provider {
  const { name, config, routing } = options;
  const transport = createProviderTransport(options);
  const headers: Record<string, string> = {};

  const getTags = async (signal: AbortSignal | undefined, headersTimeoutMs?: number) => {
    const request: UpstreamRequest = { method: 'GET', path: '/api/tags', headers };
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
      // Built before connecting, so a request Ollama cannot take never leaves the gateway.
      const body = JSON.stringify(buildOllamaRequest(request, call.model, name));
      const response = await transport.request({ method: 'POST', path: '/api/chat', headers, body, signal: call.signal });
      if (response.status < 200 || response.status >= 300) throw modelNotPulled(await readOllamaHttpError(transport, response, name), call.model);
      const translation = { provider: name, model: call.model };
      if (!request.stream) {
        yield* ollamaResponseChunks(await transport.readJson(response.body), translation);
        return;
      }
      yield* relayUpstreamStream(response.body, translateOllamaStream(response.body, translation), name, call.signal);
    },

    async models(signal?: AbortSignal): Promise<string[]> {
      const response = await getTags(signal);
      if (response.status < 200 || response.status >= 300) throw await readOllamaHttpError(transport, response, name);
      return tagNames((await transport.readJson(response.body)) as OllamaTagsResponse | null);
    },

    async health(signal?: AbortSignal): Promise<ProviderHealth> {
      const started = performance.now();
      const latency = (): number => Math.round(performance.now() - started);
      try {
        const response = await getTags(signal, Math.min(HEALTH_TIMEOUT_MS, routing.upstream_timeout_ms));
        if (response.status < 200 || response.status >= 300) {
          await response.body.dump();
          return { ok: false, latencyMs: latency(), detail: `upstream answered HTTP ${response.status}` };
        }
        // The pulled models are what Ollama can serve: /readyz and the admin API show them.
        const pulled = tagNames((await transport.readJson(response.body)) as OllamaTagsResponse | null);
        return { ok: true, latencyMs: latency(), resources: { models: pulled.map((model) => ({ name: model, available: true })) } };
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

function tagNames(tags: OllamaTagsResponse | null): string[] {
  const models = Array.isArray(tags?.models) ? tags.models : [];
  return models.map((model) => model.name ?? model.model).filter((id): id is string => typeof id === 'string');
}
