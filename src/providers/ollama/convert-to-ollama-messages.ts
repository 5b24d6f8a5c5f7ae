import { ProviderError } from '../../core/errors.js';
import type { ContentPart, ImageSource, JsonObject, Message, ToolCall } from '../../core/types.js';
import { isDataUrl, parseDataUrl } from '../parse-data-url.js';
import type { OllamaMessage, OllamaToolCall } from './ollama-api.js';

/**
 * Translates unified messages into Ollama chat messages: text parts joined into `content`,
 * images as base64 strings in `images`, assistant tool calls with their arguments as objects,
 * and tool results as `tool` turns naming the tool (Ollama matches results by name, not id).
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function convertToOllamaMessages(messages: readonly Message[], provider: string): OllamaMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message): OllamaMessage => {
    const wire: OllamaMessage = { role: message.role, content: joinText(message.content) };
    const images = message.content.filter((part) => part.type === 'image').map((part) => toBase64Image(part.source, provider));
    if (images.length > 0) wire.images = images;
    switch (message.role) {
      case 'system':
      case 'user':
        break;
      case 'assistant':
        if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
          for (const call of message.toolCalls) toolNames.set(call.id, call.name);
          wire.tool_calls = message.toolCalls.map((call) => toOllamaToolCall(call, provider));
        }
        break;
      case 'tool': {
        const name = (message.toolCallId === undefined ? undefined : toolNames.get(message.toolCallId)) ?? message.name;
        if (name !== undefined) wire.tool_name = name;
        break;
      }
      default: {
        const exhaustive: never = message.role;
        throw new ProviderError('bad_request', `unknown message role ${String(exhaustive)}`, { provider });
      }
    }
    return wire;
  });
}

function joinText(parts: readonly ContentPart[]): string {
  return parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

/** Ollama takes images only inline, as base64; it cannot fetch a URL. */
function toBase64Image(source: ImageSource, provider: string): string {
  if (source.kind === 'base64') return source.data;
  if (isDataUrl(source.url)) {
    const image = parseDataUrl(source.url);
    if (image === undefined) throw new ProviderError('bad_request', 'an image data: URL is malformed', { provider });
    return image.data;
  }
  throw new ProviderError('bad_request', 'Ollama cannot fetch image URLs; send images inline as base64 data: URLs', { provider });
}

function toOllamaToolCall(call: ToolCall, provider: string): OllamaToolCall {
  let value: unknown = {};
  if (call.arguments.trim() !== '') {
    try {
      value = JSON.parse(call.arguments);
    } catch {
      throw new ProviderError('bad_request', `arguments of tool call ${call.id} are not valid JSON`, { provider });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProviderError('bad_request', `arguments of tool call ${call.id} must be a JSON object`, { provider });
  }
  return { function: { name: call.name, arguments: value as JsonObject } };
}
