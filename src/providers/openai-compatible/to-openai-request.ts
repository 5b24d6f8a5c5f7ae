import type { ChatRequest, JsonObject, ToolChoice } from '../../core/types.js';
import type { OpenAIMessageParam } from './convert-to-openai-messages.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';
import type { OpenAICompatibleKind } from './openai-compatible-kind.js';

export interface OpenAIToolParam {
  type: 'function';
  function: { name: string; description?: string; parameters: JsonObject };
}

export type OpenAIToolChoiceParam = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** The Chat Completions request body the gateway sends. */
export interface OpenAIChatRequestBody {
  model: string;
  messages: OpenAIMessageParam[];
  stream: boolean;
  stream_options?: { include_usage: boolean };
  max_completion_tokens?: number;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  presence_penalty?: number;
  frequency_penalty?: number;
  seed?: number;
  tools?: OpenAIToolParam[];
  tool_choice?: OpenAIToolChoiceParam;
  parallel_tool_calls?: boolean;
  response_format?: JsonObject;
  user?: string;
}

export interface ToOpenAIRequestOptions {
  /** The upstream's own model name. */
  model: string;
  kind: OpenAICompatibleKind;
}

/**
 * Builds the Chat Completions body for an OpenAI-compatible upstream.
 * See https://platform.openai.com/docs/api-reference/chat/create and
 * https://api-docs.deepseek.com/api/create-chat-completion
 *
 * `topK` has no Chat Completions parameter and is not sent. Streams always ask for usage, because
 * the gateway counts tokens even when the client did not ask for them.
 */
export function toOpenAIRequest(request: ChatRequest, options: ToOpenAIRequestOptions): OpenAIChatRequestBody {
  const body: OpenAIChatRequestBody = {
    model: options.model,
    messages: convertToOpenAIMessages(request.messages),
    stream: request.stream,
  };
  if (request.stream) body.stream_options = { include_usage: true };
  if (request.maxTokens !== undefined) {
    // OpenAI deprecated `max_tokens` (its reasoning models refuse it); DeepSeek and local servers know only `max_tokens`.
    if (options.kind === 'openai') body.max_completion_tokens = request.maxTokens;
    else body.max_tokens = request.maxTokens;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    }));
  }
  // OpenAI answers 400 to `tool_choice` or `parallel_tool_calls` without `tools`, where they mean nothing anyway.
  if (body.tools !== undefined) {
    if (request.toolChoice !== undefined) body.tool_choice = toOpenAIToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.responseFormat !== undefined) body.response_format = request.responseFormat;
  if (request.user !== undefined) body.user = request.user;
  return body;
}

function toOpenAIToolChoice(choice: ToolChoice): OpenAIToolChoiceParam {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default: {
      const exhaustive: never = choice;
      throw new Error(`unknown tool choice ${JSON.stringify(exhaustive)}`);
    }
  }
}
