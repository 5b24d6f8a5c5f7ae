/**
 * Wire shapes of the Anthropic Messages API, as far as the gateway uses them.
 * Requests are typed strictly (we build them); answers are typed loosely, every field optional,
 * because the gateway is lenient with upstreams and parses only the fields it uses.
 * See https://docs.anthropic.com/en/api/messages and https://docs.anthropic.com/en/api/messages-streaming
 */
import type { JsonObject } from '../../core/types.js';

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: JsonObject;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
}

export type AnthropicContentBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicToolUseBlock | AnthropicToolResultBlock;

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: JsonObject;
}

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
  stream: boolean;
}

/** `usage` in `message_start`, `message_delta` and whole answers. */
export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** A content block of an answer (whole, or as opened by `content_block_start`). */
export interface AnthropicResponseBlock {
  type?: string;
  text?: string;
  thinking?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

/** A whole (non-streaming) answer. */
export interface AnthropicMessagesResponse {
  id?: string;
  model?: string;
  content?: AnthropicResponseBlock[];
  stop_reason?: string | null;
  usage?: AnthropicUsage;
}

/** The `data` of one stream event; which fields are present depends on `type`. */
export interface AnthropicStreamEvent {
  type?: string;
  index?: number;
  message?: AnthropicMessagesResponse;
  content_block?: AnthropicResponseBlock;
  delta?: { type?: string; text?: string; thinking?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/** Error body: `{"type":"error","error":{"type","message"}}`. */
export interface AnthropicErrorBody {
  error?: { type?: string; message?: string };
}
