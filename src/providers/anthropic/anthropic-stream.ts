import { ProviderError } from '../../core/errors.js';
import type { ChatChunk } from '../../core/types.js';
import { decodeSse } from '../wire/sse-decoder.js';
import type { AnthropicResponseBlock, AnthropicStreamEvent, AnthropicUsage } from './anthropic-api.js';
import { anthropicStreamError } from './anthropic-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.js';

export interface AnthropicStreamOptions {
  provider: string;
  /** The model asked for, reported if the stream never names one. */
  model: string;
}

/**
 * Translates the Server-Sent Events of a streaming Messages answer into unified chunks:
 * `start` from `message_start`, text, thinking (as reasoning) and tool calls from the content
 * block events, then `usage` and `finish` at `message_stop`, the terminal event. `ping` and event
 * types this gateway does not know are skipped, as Anthropic's versioning policy asks.
 * See https://docs.anthropic.com/en/api/messages-streaming
 */
export async function* translateAnthropicStream(body: AsyncIterable<Buffer>, options: AnthropicStreamOptions): AsyncGenerator<ChatChunk> {
  const { provider } = options;
  let started = false;
  let finished = false;
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  /** Content block index → tool call index (sequential from 0, text blocks do not count). */
  const toolIndexes = new Map<number, number>();
  /** Tool blocks that have produced argument text so far. */
  const toolsWithArguments = new Set<number>();
  for await (const sse of decodeSse(body)) {
    if (finished) continue; // drained, so the connection can be reused
    const event = parseEvent(sse.data, provider);
    const type = event.type ?? sse.event;
    if (type === 'ping') continue;
    if (type === 'error') throw anthropicStreamError(event, provider);
    if (!started) {
      started = true;
      const message = type === 'message_start' ? event.message : undefined;
      yield { type: 'start', id: message?.id ?? '', model: message?.model ?? options.model };
      usage = mergeAnthropicUsage(usage, message?.usage);
    }
    const blockIndex = event.index ?? 0;
    switch (type) {
      case 'content_block_start': {
        const block: AnthropicResponseBlock = event.content_block ?? {};
        if (block.type === 'text' && block.text) yield { type: 'text', text: block.text };
        else if (block.type === 'thinking' && block.thinking) yield { type: 'reasoning', text: block.thinking };
        else if (block.type === 'tool_use') {
          const index = toolIndexes.size;
          toolIndexes.set(blockIndex, index);
          yield { type: 'tool_call_start', index, id: block.id ?? '', name: block.name ?? '' };
          // Streams open tool blocks with `input: {}` and send the arguments as deltas; take a
          // non-empty opening input too, in case an upstream sends it whole.
          if (isNonEmptyObject(block.input)) {
            toolsWithArguments.add(blockIndex);
            yield { type: 'tool_call_delta', index, arguments: JSON.stringify(block.input) };
          }
        }
        break;
      }
      case 'content_block_delta': {
        const delta = event.delta ?? {};
        if (delta.type === 'text_delta' && delta.text) yield { type: 'text', text: delta.text };
        else if (delta.type === 'thinking_delta' && delta.thinking) yield { type: 'reasoning', text: delta.thinking };
        else if (delta.type === 'input_json_delta' && delta.partial_json) {
          const index = toolIndexes.get(blockIndex);
          if (index !== undefined) {
            toolsWithArguments.add(blockIndex);
            yield { type: 'tool_call_delta', index, arguments: delta.partial_json };
          }
        }
        break;
      }
      case 'content_block_stop': {
        const index = toolIndexes.get(blockIndex);
        // A tool without parameters streams no JSON at all; clients expect an object.
        if (index !== undefined && !toolsWithArguments.has(blockIndex)) yield { type: 'tool_call_delta', index, arguments: '{}' };
        break;
      }
      case 'message_delta':
        if (event.delta?.stop_reason !== undefined) stopReason = event.delta.stop_reason;
        usage = mergeAnthropicUsage(usage, event.usage);
        break;
      case 'message_stop':
        finished = true;
        yield { type: 'usage', usage: mapAnthropicUsage(usage) };
        yield { type: 'finish', reason: mapAnthropicFinishReason(stopReason) };
        break;
      default:
        break;
    }
  }
  if (!finished) throw new ProviderError('unavailable', 'upstream stream ended early', { provider });
}

function parseEvent(data: string, provider: string): AnthropicStreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new ProviderError('unavailable', 'upstream sent a stream event that is not JSON', { provider });
  }
  if (typeof value !== 'object' || value === null) {
    throw new ProviderError('unavailable', 'upstream sent a stream event that is not an object', { provider });
  }
  return value;
}

function isNonEmptyObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
