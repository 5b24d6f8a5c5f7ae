import type { ChatRequest, ChatResponse } from '../../core/types.js';
import { mapOpenAIFinishReason, type OpenAIFinishReason } from './map-openai-finish-reason.js';
import { openaiCompletionId } from './openai-completion-id.js';
import { serializeOpenAIUsage, type OpenAIUsage } from './openai-usage.js';

export interface OpenAIResponseToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAIChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: OpenAIResponseToolCall[];
      reasoning_content?: string;
    };
    finish_reason: OpenAIFinishReason;
    logprobs: null;
  }>;
  usage: OpenAIUsage;
}

/**
 * A whole answer as an OpenAI `chat.completion` object. `content` is null when the model only
 * called tools; reasoning travels as DeepSeek's `reasoning_content`, only when there is some.
 *
 * https://platform.openai.com/docs/api-reference/chat/object
 */
export function serializeOpenAIResponse(response: ChatResponse, request: ChatRequest, createdSeconds: number): OpenAIChatCompletion {
  const message: OpenAIChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: response.text === '' && response.toolCalls.length > 0 ? null : response.text,
    refusal: null,
  };
  if (response.toolCalls.length > 0) {
    message.tool_calls = response.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  if (response.reasoning !== undefined && response.reasoning !== '') message.reasoning_content = response.reasoning;
  return {
    id: openaiCompletionId(response.id, request.metadata.requestId),
    object: 'chat.completion',
    created: createdSeconds,
    model: response.model === '' ? request.model : response.model,
    choices: [{ index: 0, message, finish_reason: mapOpenAIFinishReason(response.finishReason), logprobs: null }],
    usage: serializeOpenAIUsage(response.usage),
  };
}
