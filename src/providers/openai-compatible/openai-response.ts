import { ProviderError } from '../../core/errors.js';
import type { ChatChunk } from '../../core/types.js';
import { generateCompletionId, generateToolCallId } from './generate-completion-id.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { openAIInBandError } from './openai-error.js';
import type { OpenAIWireCompletion } from './openai-wire.js';
import { firstChoice, isRecord, stringOrUndefined, toolCallFunction, wireToolCalls } from './openai-wire.js';

export interface OpenAIResponseOptions {
  /** Provider name, for errors. */
  provider: string;
  /** The model asked for, reported when the upstream names none. */
  model: string;
}

/**
 * Turns a whole (non-streaming) Chat Completion into the same chunk sequence a stream gives, so
 * that one fold serves both.
 * See https://platform.openai.com/docs/api-reference/chat/object and
 * https://api-docs.deepseek.com/api/create-chat-completion
 */
export function openAIResponseChunks(body: unknown, options: OpenAIResponseOptions): ChatChunk[] {
  const { provider } = options;
  if (!isRecord(body)) throw new ProviderError('unavailable', 'upstream sent a response that is not an object', { provider });
  const completion: OpenAIWireCompletion = body;
  if (completion.error !== undefined && completion.error !== null) throw openAIInBandError(provider, completion.error);
  const choice = firstChoice(completion);
  if (choice === undefined || !isRecord(choice.message)) {
    throw new ProviderError('unavailable', 'upstream sent a response without a message', { provider });
  }
  const message = choice.message;
  const chunks: ChatChunk[] = [
    {
      type: 'start',
      id: stringOrUndefined(completion.id) || generateCompletionId(),
      model: stringOrUndefined(completion.model) || options.model,
    },
  ];
  const reasoning = stringOrUndefined(message.reasoning_content) ?? stringOrUndefined(message.reasoning);
  if (reasoning) chunks.push({ type: 'reasoning', text: reasoning });
  const text = stringOrUndefined(message.content);
  if (text) chunks.push({ type: 'text', text });
  wireToolCalls(message).forEach((call, index) => {
    const fn = toolCallFunction(call);
    chunks.push({ type: 'tool_call_start', index, id: stringOrUndefined(call.id) ?? generateToolCallId(), name: fn.name ?? '' });
    if (fn.arguments) chunks.push({ type: 'tool_call_delta', index, arguments: fn.arguments });
  });
  const usage = mapOpenAIUsage(completion.usage);
  if (usage !== undefined) chunks.push({ type: 'usage', usage });
  const reason = stringOrUndefined(choice.finish_reason);
  chunks.push({ type: 'finish', reason: reason === undefined ? 'stop' : mapOpenAIFinishReason(reason) });
  return chunks;
}
