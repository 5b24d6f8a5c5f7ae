/**
 * Wire shapes of Ollama's native chat API, as far as the gateway uses them.
 * Requests are typed strictly (we build them); answers loosely, every field optional, because the
 * gateway parses only the fields it uses.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
import type { JsonObject } from '../../core/types.js';

export interface OllamaToolCall {
  function: { name: string; arguments: JsonObject };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Base64-encoded images (no data: prefix). */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  /** Tool turns: the name of the tool whose result this is. */
  tool_name?: string;
}

/** Model parameters; Ollama takes them under `options`, not at the top level. */
export interface OllamaOptions {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  num_predict?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters: JsonObject };
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  /** Always sent: Ollama streams unless told otherwise. */
  stream: boolean;
  options?: OllamaOptions;
  tools?: OllamaTool[];
  /** `"json"` or a JSON schema the answer must follow. */
  format?: 'json' | JsonObject;
}

/** One line of a streamed answer, or a whole answer (`done: true`); `error` when it failed. */
export interface OllamaChatChunk {
  model?: string;
  message?: {
    content?: string;
    thinking?: string;
    tool_calls?: Array<{ id?: unknown; function?: { name?: unknown; arguments?: unknown } }>;
  };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: unknown;
}

/** `GET /api/tags`. */
export interface OllamaTagsResponse {
  models?: Array<{ name?: unknown; model?: unknown }>;
}
