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
