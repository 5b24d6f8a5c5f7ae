import { ProviderError } from '../../core/errors.js';
import type { ChatChunk, FinishReason, Usage } from '../../core/types.js';
import type { SseEvent } from '../wire/sse-decoder.js';
import { generateCompletionId, generateToolCallId } from './generate-completion-id.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { openAIInBandError } from './openai-error.js';
import type { OpenAIWireCompletion, OpenAIWireMessage } from './openai-wire.js';
import { firstChoice, isRecord, stringOrUndefined, toolCallFunction, wireToolCalls } from './openai-wire.js';

export interface OpenAIStreamOptions {
  /** Provider name, for errors. */
  provider: string;
  /** The model asked for, reported when the upstream names none. */
  model: string;
}

/**
 * Turns the Server-Sent Events of a streaming Chat Completion into unified chunks.
 * See https://platform.openai.com/docs/api-reference/chat-streaming/streaming and
 * https://api-docs.deepseek.com/guides/reasoning_model (`reasoning_content`).
 *
 * `start` waits for the first event, so that an upstream error sent as the first event still comes
 * before `start` (where routing may retry). The finish reason is held until `[DONE]` or the end, because
 * OpenAI sends usage in a chunk after the finish reason and the contract puts `usage` before `finish`.
 * `data: [DONE]` or a finish reason marks a complete answer; a stream ending with neither was cut off.
 */
export async function* openAIStream(events: AsyncIterable<SseEvent>, options: OpenAIStreamOptions): AsyncGenerator<ChatChunk> {
  const { provider } = options;
  let started = false;
  let done = false;
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;
  const startedToolCalls = new Set<number>();

  for await (const event of events) {
    // After `[DONE]` the rest is drained unread, so the upstream connection can be reused.
    if (done) continue;
    if (event.data === '[DONE]') {
      done = true;
      if (!started) yield startChunk({}, options.model);
      started = true;
      yield* closingChunks(usage, finishReason);
      continue;
    }
    const completion = parseCompletion(event.data, provider);
    if (event.event === 'error' || (completion.error !== undefined && completion.error !== null)) {
      throw openAIInBandError(provider, completion.error ?? completion);
    }
    if (!started) {
      started = true;
      yield startChunk(completion, options.model);
    }
    usage = mapOpenAIUsage(completion.usage) ?? usage;
    const choice = firstChoice(completion);
    if (choice === undefined) continue;
    if (isRecord(choice.delta)) {
      const delta: OpenAIWireMessage = choice.delta;
      const reasoning = stringOrUndefined(delta.reasoning_content) ?? stringOrUndefined(delta.reasoning);
      if (reasoning) yield { type: 'reasoning', text: reasoning };
      const text = stringOrUndefined(delta.content);
      if (text) yield { type: 'text', text };
      let position = 0;
      for (const call of wireToolCalls(delta)) {
        // The index ties the pieces of one call together; servers that omit it send one call per chunk.
        const index = typeof call.index === 'number' ? call.index : position;
        position++;
        const fn = toolCallFunction(call);
        if (!startedToolCalls.has(index)) {
          startedToolCalls.add(index);
          yield {
            type: 'tool_call_start',
            index,
            id: stringOrUndefined(call.id) ?? generateToolCallId(),
            name: fn.name ?? '',
          };
        }
        if (fn.arguments) yield { type: 'tool_call_delta', index, arguments: fn.arguments };
      }
    }
    if (typeof choice.finish_reason === 'string') finishReason = mapOpenAIFinishReason(choice.finish_reason);
  }

  if (done) return;
  if (finishReason === undefined) throw new ProviderError('unavailable', 'upstream stream ended early', { provider });
  yield* closingChunks(usage, finishReason);
}

function* closingChunks(usage: Usage | undefined, finishReason: FinishReason | undefined): Generator<ChatChunk> {
  if (usage !== undefined) yield { type: 'usage', usage };
  // `[DONE]` without a finish reason: the upstream declared the answer complete, which is a stop.
  yield { type: 'finish', reason: finishReason ?? 'stop' };
}

function startChunk(completion: OpenAIWireCompletion, model: string): ChatChunk {
  return {
    type: 'start',
    id: stringOrUndefined(completion.id) || generateCompletionId(),
    model: stringOrUndefined(completion.model) || model,
  };
}

function parseCompletion(data: string, provider: string): OpenAIWireCompletion {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data) as unknown;
  } catch {
    throw new ProviderError('unavailable', 'upstream sent an event that is not JSON', { provider });
  }
  if (!isRecord(parsed)) throw new ProviderError('unavailable', 'upstream sent an event that is not an object', { provider });
  return parsed;
}
