import { ProviderError } from '../../core/errors.js';
import type { Provider, ProviderCall, ProviderHealth, ProviderResources } from '../../core/provider.js';
import type { ChatChunk, ChatRequest } from '../../core/types.js';
import { estimateRequestTokens } from '../../security/rate-limit/estimate-request-tokens.js';
import { createProviderTransport } from '../create-provider-transport.js';
import { createOpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.js';
import type { ProviderFactoryOptions } from '../provider-options.js';
import { CachedReading } from './cached-reading.js';
import { checkLocalModel, chooseLocalModel, type LocalModelSpec, type LocalResourceState } from './choose-local-model.js';
import { readVram, type VramReading } from './vram-reading.js';

/** The model id that asks the provider to choose: `local/auto`. */
export const AUTO_MODEL = 'auto';
/** About a second: fresh enough to follow other processes taking VRAM, cheap enough for every request. */
export const DEFAULT_VRAM_CACHE_MS = 1000;
/** A probe that waits as long as a chat call would tells nothing in time. */
const PROBE_TIMEOUT_MS = 5000;

export interface LocalProviderDependencies {
  /** The clock of the VRAM and model-list cache (tests move it instead of sleeping). */
  now?: () => number;
}

/**
 * The local provider (ml-offload-api): chats over the OpenAI-compatible wire code
 * (`POST /v1/chat/completions`), and before each call reads `GET /health/vram` and `GET /v1/models`
 * (both cached for `vram_cache_ms`) to decide whether the model can run:
 *
 * - `local/auto` picks the most capable `[[providers.local.models]]` entry that is served, fits
 *   the free VRAM and holds the request's context (see chooseLocalModel); none → `insufficient_resources`;
 * - `local/<name>` must be served (`model_not_found` otherwise) and, when configured, fit
 *   (`insufficient_resources`, naming the free and needed MB);
 * - free VRAM under `vram_threshold_mb` declines everything with `insufficient_resources`.
 *
 * Both refusals are not retried on this target: routing moves to the next one.
 */
export function createLocalProvider(options: ProviderFactoryOptions, dependencies: LocalProviderDependencies = {}): Provider {
  const { name, config, routing } = options;
  const transport = createProviderTransport(options);
  const wire = createOpenAICompatibleProvider(options, transport);
  const specs: LocalModelSpec[] = (config.models ?? []).map((model) => ({ name: model.name, vramMb: model.vram_mb, contextTokens: model.context_tokens }));
  const thresholdMb = config.vram_threshold_mb ?? 0;
  const cache = {
    ttlMs: config.vram_cache_ms ?? DEFAULT_VRAM_CACHE_MS,
    timeoutMs: Math.min(routing.upstream_timeout_ms, PROBE_TIMEOUT_MS),
    ...(dependencies.now === undefined ? {} : { now: dependencies.now }),
  };
  const vram = new CachedReading((signal) => readVram(transport, name, signal), cache);
  const served = new CachedReading(async (signal) => new Set(await wire.models(signal)), cache);

  async function resourceState(request: ChatRequest | undefined, signal: AbortSignal): Promise<{ reading: VramReading; state: LocalResourceState }> {
    const [reading, available] = await Promise.all([vram.get(signal), served.get(signal)]);
    // The answer's room counts as asked for; without max_tokens only the prompt has to fit.
    const neededTokens = request === undefined ? 0 : sumTokens(request);
    return { reading, state: { available, freeMb: reading.freeMb, thresholdMb, neededTokens } };
  }

  /** The model to send the request to, or a typed refusal. */
  async function pick(request: ChatRequest, call: ProviderCall): Promise<string> {
    const { state } = await resourceState(request, call.signal);
    if (call.model === AUTO_MODEL) {
      const choice = chooseLocalModel(specs, state);
      if (choice.ok) return choice.model.name;
      throw new ProviderError(specs.length === 0 ? 'model_not_found' : 'insufficient_resources', choice.reason, { provider: name });
    }
    if (!state.available.has(call.model)) {
      throw new ProviderError('model_not_found', `local model ${call.model} is not served by the local upstream (not in /v1/models)`, { provider: name });
    }
    const refusal = checkLocalModel(call.model, specs.find((spec) => spec.name === call.model), state);
    if (refusal !== undefined) throw new ProviderError('insufficient_resources', refusal, { provider: name });
    return call.model;
  }

  async function* chat(request: ChatRequest, call: ProviderCall): AsyncGenerator<ChatChunk> {
    let model: string;
    try {
      model = await pick(request, call);
    } catch (error) {
      if (call.signal.aborted) throw call.signal.reason ?? error;
      throw error;
    }
    for await (const chunk of wire.chat(request, { ...call, model })) {
      // The start chunk names the model that really answers, so `local/auto` is recorded as what it chose.
      yield chunk.type === 'start' ? { ...chunk, model } : chunk;
    }
  }

  async function models(signal?: AbortSignal): Promise<string[]> {
    const listed = await wire.models(signal);
    return specs.length === 0 ? listed : [AUTO_MODEL, ...listed];
  }

  async function health(signal?: AbortSignal): Promise<ProviderHealth> {
    const started = performance.now();
    const latencyMs = (): number => Math.round(performance.now() - started);
    try {
      const { reading, state } = await resourceState(undefined, signal ?? AbortSignal.timeout(cache.timeoutMs));
      return { ok: true, latencyMs: latencyMs(), resources: describeResources(specs, reading, state) };
    } catch (error) {
      return { ok: false, latencyMs: latencyMs(), detail: error instanceof Error ? error.message : String(error) };
    }
  }

  return { name, kind: options.kind, defaultModel: config.model, chat, models, health, close: () => wire.close() };
}

function sumTokens(request: ChatRequest): number {
  const estimate = estimateRequestTokens(request, 0);
  return estimate.promptTokens + estimate.completionTokens;
}

function describeResources(specs: readonly LocalModelSpec[], reading: VramReading, state: LocalResourceState): ProviderResources {
  const configured = specs.map((spec) => ({
    name: spec.name,
    available: state.available.has(spec.name),
    vramMb: spec.vramMb,
    contextTokens: spec.contextTokens,
    fitsVram: spec.vramMb <= reading.freeMb && reading.freeMb >= state.thresholdMb,
  }));
  const others = [...state.available].filter((model) => !specs.some((spec) => spec.name === model)).map((model) => ({ name: model, available: true }));
  return { vram: reading, vramThresholdMb: state.thresholdMb, models: [...configured, ...others] };
}
