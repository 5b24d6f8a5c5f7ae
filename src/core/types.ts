/**
 * The unified interface: every client format is parsed into these types and every provider
 * translates from them. Nothing here knows about a wire format.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** An image given by URL (http(s) or a data: URL) or as inline base64 bytes. */
export type ImageSource =
  | { kind: 'url'; url: string }
  | { kind: 'base64'; mediaType: string; data: string };

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; source: ImageSource };

/** A tool call made by the assistant. `arguments` is the JSON text the model produced. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface Message {
  role: Role;
  content: ContentPart[];
  /** Assistant turns: the tool calls the model made. */
  toolCalls?: ToolCall[];
  /** Tool turns: the id of the call this message answers. */
  toolCallId?: string;
  /** Tool turns: set when the result is an error (Anthropic `is_error`). */
  isError?: boolean;
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: JsonObject;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ClientFormat = 'openai' | 'anthropic';

export interface RequestMetadata {
  requestId: string;
  clientFormat: ClientFormat;
}

export interface ChatRequest {
  /** The model as the client named it: `provider/model` or an alias. Routing resolves it. */
  model: string;
  /** System prompts are messages with role `system`, in order. */
  messages: Message[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  /** JSON mode / structured output, OpenAI's `response_format`, passed through to OpenAI-compatible upstreams. */
  responseFormat?: JsonObject;
  /** End-user identifier the client supplied (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: the client wants a final usage chunk. */
  includeUsage: boolean;
  metadata: RequestMetadata;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache, when it says so. */
  cachedTokens?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * One event of a provider's answer. A provider yields `start` once the upstream accepted the
 * request (status 2xx, headers read), then deltas, then at most one `usage` and one `finish`.
 */
export type ChatChunk =
  | { type: 'start'; id: string; model: string }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason };

/** A whole answer: the folded stream. */
export interface ChatResponse {
  id: string;
  model: string;
  text: string;
  reasoning?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}
