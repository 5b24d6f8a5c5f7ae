import { ProviderError } from '../../core/errors.js';
import type { Provider, ProviderCall, ProviderHealth } from '../../core/provider.js';
import type { ChatChunk, ChatRequest } from '../../core/types.js';
import type { ProviderFactoryOptions } from '../provider-options.js';
import { createProviderTransport } from '../create-provider-transport.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../transport.js';
import { toProviderError } from '../transport.js';
import { LineTooLongError } from '../wire/line-decoder.js';
import { decodeSse } from '../wire/sse-decoder.js';
import type { OpenAICompatibleKind } from './openai-compatible-kind.js';
import { isOpenAICompatibleKind, OPENAI_COMPATIBLE_PATHS } from './openai-compatible-kind.js';
import { openAIErrorFromResponse } from './openai-error.js';
import { openAIResponseChunks } from './openai-response.js';
import { openAIStream } from './openai-stream.js';
import { isRecord } from './openai-wire.js';
import { toOpenAIRequest } from './to-openai-request.js';

/** Error bodies are read only to find a message; anything longer is not a message. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** A health probe that waits as long as a chat call would tells nothing in time. */
const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The provider for upstreams that speak OpenAI Chat Completions: `openai`, `deepseek` and `local`
 * (ml-offload-api, wrapped by src/providers/local/ for its VRAM-aware model choice; the transport is
 * shared with it). Only the provider's own key is sent; nothing a client sent is forwarded.
 * See https://platform.openai.com/docs/api-reference/chat and https://api-docs.deepseek.com/
 */
export function createOpenAICompatibleProvider(options: ProviderFactoryOptions, transport: Transport = createProviderTransport(options)): Provider {
  const { name, config, routing } = options;
  const kind = options.kind;
  if (!isOpenAICompatibleKind(kind)) throw new Error(`provider ${name}: kind ${kind} does not speak the OpenAI format`);
  const compatibleKind: OpenAICompatibleKind = kind;
  const paths = OPENAI_COMPATIBLE_PATHS[kind];

  /** Sends a request; a non-2xx answer becomes a typed error after its (capped) body is read. */
  async function send(request: UpstreamRequest): Promise<UpstreamResponse> {
    // The transport adds the provider's key (createProviderTransport); nothing here carries it.
    const response = await transport.request(request);
    if (response.status >= 200 && response.status < 300) return response;
    let body = '';
    try {
      body = await transport.readBody(response.body, ERROR_BODY_LIMIT);
    } catch (error) {
      if (request.signal?.aborted) throw error;
      // The status alone still says what went wrong.
    }
    throw openAIErrorFromResponse({ provider: name, status: response.status, headers: response.headers, body });
  }

  async function* chat(request: ChatRequest, call: ProviderCall): AsyncGenerator<ChatChunk> {
    const body = JSON.stringify(toOpenAIRequest(request, { model: call.model, kind: compatibleKind }));
    let response: UpstreamResponse | undefined;
    try {
      response = await send({
        method: 'POST',
        path: paths.chat,
        headers: { accept: request.stream ? 'text/event-stream' : 'application/json' },
        body,
        signal: call.signal,
      });
      const streamOptions = { provider: name, model: call.model };
      if (request.stream) {
        yield* openAIStream(decodeSse(response.body), streamOptions);
      } else {
        yield* openAIResponseChunks(await transport.readJson(response.body), streamOptions);
      }
    } catch (error) {
      throw upstreamFailure(error, call.signal);
    } finally {
      // Also reached when the consumer stops early: tearing the body down closes the upstream
      // connection, which is how a client that went away stops the upstream's generation.
      if (response !== undefined && !response.body.destroyed) response.body.destroy();
    }
  }

  function upstreamFailure(error: unknown, signal: AbortSignal): unknown {
    // An abort is the caller's own doing: it propagates as the signal's reason (undici's own error
    // for it), never as an upstream fault that routing would retry.
    if (signal.aborted) return signal.reason ?? error;
    if (error instanceof LineTooLongError) return new ProviderError('unavailable', error.message, { provider: name, cause: error });
    return toProviderError(name, error);
  }

  async function models(signal?: AbortSignal): Promise<string[]> {
    const response = await send({ method: 'GET', path: paths.models, headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
    const body = await transport.readJson(response.body);
    const data = isRecord(body) && Array.isArray(body.data) ? (body.data as unknown[]) : [];
    return data.flatMap((model) => (isRecord(model) && typeof model.id === 'string' ? [model.id] : []));
  }

  async function health(signal?: AbortSignal): Promise<ProviderHealth> {
    const started = performance.now();
    const latencyMs = (): number => Math.round(performance.now() - started);
    try {
      // ml-offload-api's /health/vram belongs to local routing; the models list proves the upstream answers.
      const response = await send({
        method: 'GET',
        path: paths.models,
        headers: { accept: 'application/json' },
        headersTimeoutMs: Math.min(routing.upstream_timeout_ms, HEALTH_TIMEOUT_MS),
        ...(signal ? { signal } : {}),
      });
      await response.body.dump();
      return { ok: true, latencyMs: latencyMs() };
    } catch (error) {
      return { ok: false, latencyMs: latencyMs(), detail: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    name,
    kind,
    defaultModel: config.model,
    chat,
    models,
    health,
    close: () => transport.close(),
  };
}
