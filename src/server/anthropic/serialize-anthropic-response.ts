import type { ChatRequest, ChatResponse, JsonObject } from '../../core/types.js';
import { anthropicMessageId } from './anthropic-message-id.js';
import { serializeAnthropicUsage, type AnthropicUsage } from './anthropic-usage.js';
import { mapAnthropicStopReason, type AnthropicStopReason } from './map-anthropic-stop-reason.js';
import { toolInputObject } from './tool-input-object.js';

export type AnthropicResponseBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: JsonObject };

export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: null;
  usage: AnthropicUsage;
}

/**
 * A whole answer as an Anthropic `message` object: a text block when there is text, then one
 * `tool_use` block per call. Reasoning is left out: Anthropic's `thinking` blocks carry a
 * signature only Anthropic can make, and a client would send an unsigned one back in vain.
 *
 * https://docs.anthropic.com/en/api/messages#response
 */
export function serializeAnthropicResponse(response: ChatResponse, request: ChatRequest): AnthropicMessageResponse {
  const content: AnthropicResponseBlock[] = [];
  if (response.text !== '') content.push({ type: 'text', text: response.text });
  for (const call of response.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInputObject(call.arguments) });
  }
  return {
    id: anthropicMessageId(response.id, request.metadata.requestId),
    type: 'message',
    role: 'assistant',
    model: response.model === '' ? request.model : response.model,
    content,
    stop_reason: mapAnthropicStopReason(response.finishReason),
    stop_sequence: null,
    usage: serializeAnthropicUsage(response.usage),
  };
}
