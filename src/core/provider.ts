import type { ChatChunk, ChatRequest } from './types.js';

/** The five provider kinds the gateway speaks. */
export type ProviderKind = 'openai' | 'deepseek' | 'anthropic' | 'ollama' | 'local';

export interface ProviderCall {
  /** The provider's own model name (no `provider/` prefix). */
  model: string;
  signal: AbortSignal;
}

export interface ProviderHealth {
  ok: boolean;
  latencyMs: number;
  detail?: string;
  /** Local providers (`local`, `ollama`): free VRAM and which models can be served, for /readyz and the admin API. */
  resources?: ProviderResources;
}

/** What a local upstream reports about its memory and models. */
export interface ProviderResources {
  /** ml-offload-api's `GET /health/vram`; absent for Ollama, which reports none. */
  vram?: { totalMb: number; usedMb: number; freeMb: number };
  /** Below this much free VRAM the provider declines every request. */
  vramThresholdMb?: number;
  models: ProviderModelState[];
}

export interface ProviderModelState {
  name: string;
  /** Listed by the upstream (`/v1/models`, Ollama's `/api/tags`). */
  available: boolean;
  /** From `[[providers.local.models]]`, when configured there. */
  vramMb?: number;
  contextTokens?: number;
  /** Whether it fits the free VRAM right now (only known with a VRAM reading and a configured size). */
  fitsVram?: boolean;
}

/**
 * The provider contract. Providers translate and transport, nothing else: they know nothing of
 * tenants, limits or logs.
 *
 * `chat` yields `start` once the upstream answered 2xx, then deltas, `usage` and `finish`. Errors
 * before `start` are `ProviderError`s that routing may retry; errors after it end the stream.
 * A non-streaming answer (`request.stream === false`) is the same chunk sequence, folded by the
 * caller. Aborting `call.signal` aborts the upstream request.
 */
export interface Provider {
  readonly name: string;
  readonly kind: ProviderKind;
  /** The model used when a client names only the provider. */
  readonly defaultModel: string | undefined;
  chat(request: ChatRequest, call: ProviderCall): AsyncIterable<ChatChunk>;
  models(signal?: AbortSignal): Promise<string[]>;
  health(signal?: AbortSignal): Promise<ProviderHealth>;
  close(): Promise<void>;
}
