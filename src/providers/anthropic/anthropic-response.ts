import { ProviderError } from '../../core/errors.js';
import type { ChatChunk } from '../../core/types.js';
import type { AnthropicMessagesResponse } from './anthropic-api.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

export interface AnthropicResponseOptions {
  provider: string;
  /** The model asked for, reported if the answer names none. */
  model: string;
}

/**
 * Translates a whole (non-streaming) Messages answer into the same chunk sequence a stream
 * gives, so callers fold both the same way.
 * See https://docs.anthropic.com/en/api/messages
 */
export function anthropicResponseChunks(body: unknown, options: AnthropicResponseOptions): ChatChunk[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProviderError('unavailable', 'upstream sent an answer that is not a JSON object', { provider: options.provider });
  }
  const response = body as AnthropicMessagesResponse;
  const chunks: ChatChunk[] = [{ type: 'start', id: response.id ?? '', model: response.model ?? options.model }];
  let toolIndex = 0;
  for (const block of Array.isArray(response.content) ? response.content : []) {
    if (block.type === 'text' && block.text) chunks.push({ type: 'text', text: block.text });
    else if (block.type === 'thinking' && block.thinking) chunks.push({ type: 'reasoning', text: block.thinking });
    else if (block.type === 'tool_use') {
      const index = toolIndex++;
      chunks.push({ type: 'tool_call_start', index, id: block.id ?? '', name: block.name ?? '' });
      chunks.push({ type: 'tool_call_delta', index, arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  chunks.push({ type: 'usage', usage: mapAnthropicUsage(response.usage) });
  chunks.push({ type: 'finish', reason: mapAnthropicFinishReason(response.stop_reason) });
  return chunks;
}
