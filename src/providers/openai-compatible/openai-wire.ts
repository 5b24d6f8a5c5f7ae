/**
 * Lenient shapes of what OpenAI-compatible upstreams send: only the fields the gateway reads, all
 * optional, because DeepSeek, vLLM-style local servers and OpenAI itself each omit different ones.
 * Values are checked where they are used, never trusted from the type alone.
 * See https://platform.openai.com/docs/api-reference/chat/object and
 * https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */

export interface OpenAIWireUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: unknown;
  /** DeepSeek's name for prompt tokens served from its context cache. */
  prompt_cache_hit_tokens?: unknown;
}

export interface OpenAIWireToolCall {
  index?: unknown;
  id?: unknown;
  type?: unknown;
  function?: unknown;
}

export interface OpenAIWireMessage {
  content?: unknown;
  /** DeepSeek reasoner's chain of thought, beside `content`. */
  reasoning_content?: unknown;
  /** The same, as some local (vLLM-based) servers name it. */
  reasoning?: unknown;
  tool_calls?: unknown;
}

export interface OpenAIWireChoice {
  index?: unknown;
  /** Streaming chunks. */
  delta?: unknown;
  /** Whole responses. */
  message?: unknown;
  finish_reason?: unknown;
}

export interface OpenAIWireError {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

/** A `chat.completion.chunk` event, a whole `chat.completion`, or an error object. */
export interface OpenAIWireCompletion {
  id?: unknown;
  model?: unknown;
  choices?: unknown;
  usage?: unknown;
  error?: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first choice (index 0): the gateway asks for one answer and reads one. */
export function firstChoice(completion: OpenAIWireCompletion): OpenAIWireChoice | undefined {
  if (!Array.isArray(completion.choices)) return undefined;
  for (const choice of completion.choices as unknown[]) {
    if (isRecord(choice) && (choice.index === undefined || choice.index === 0)) return choice;
  }
  return undefined;
}

/** The tool calls of a message or delta, skipping entries that are not objects. */
export function wireToolCalls(message: OpenAIWireMessage): OpenAIWireToolCall[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return (message.tool_calls as unknown[]).filter(isRecord);
}

/** The `function` object of a tool call: name and (a piece of) the arguments text. */
export function toolCallFunction(call: OpenAIWireToolCall): { name?: string; arguments?: string } {
  if (!isRecord(call.function)) return {};
  const name = stringOrUndefined(call.function.name);
  const pieces = stringOrUndefined(call.function.arguments);
  return { ...(name === undefined ? {} : { name }), ...(pieces === undefined ? {} : { arguments: pieces }) };
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
