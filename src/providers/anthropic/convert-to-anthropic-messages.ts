import { ProviderError } from '../../core/errors.js';
import type { ContentPart, ImageSource, JsonObject, Message, ToolCall } from '../../core/types.js';
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './anthropic-api.js';
import { isDataUrl, parseDataUrl } from '../parse-data-url.js';

export interface AnthropicPrompt {
  system?: string;
  messages: AnthropicMessage[];
}

/**
 * Translates unified messages into Anthropic's `system` + `messages`.
 * System messages are lifted into `system`; tool results become `user` turns of `tool_result`
 * blocks; consecutive turns of one role are merged because the API wants user and assistant to
 * alternate. Empty text blocks are left out, since the API refuses them.
 * See https://docs.anthropic.com/en/api/messages and
 * https://docs.anthropic.com/en/docs/build-with-claude/tool-use
 */
export function convertToAnthropicMessages(messages: readonly Message[], provider: string): AnthropicPrompt {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  const append = (role: AnthropicMessage['role'], blocks: AnthropicContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system': {
        const text = joinText(message.content);
        if (text !== '') system.push(text);
        break;
      }
      case 'user':
        append('user', message.content.map((part) => toBlock(part, provider)).filter(isNotEmpty));
        break;
      case 'assistant': {
        const blocks: AnthropicContentBlock[] = message.content.map((part) => toBlock(part, provider)).filter(isNotEmpty);
        for (const call of message.toolCalls ?? []) blocks.push(toToolUse(call, provider));
        append('assistant', blocks);
        break;
      }
      case 'tool':
        append('user', [toToolResult(message, provider)]);
        break;
      default: {
        const exhaustive: never = message.role;
        throw new ProviderError('bad_request', `unknown message role ${String(exhaustive)}`, { provider });
      }
    }
  }
  const prompt: AnthropicPrompt = { messages: turns };
  if (system.length > 0) prompt.system = system.join('\n\n');
  return prompt;
}

function joinText(parts: readonly ContentPart[]): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function isNotEmpty(block: AnthropicTextBlock | AnthropicImageBlock): boolean {
  return block.type !== 'text' || block.text !== '';
}

function toBlock(part: ContentPart, provider: string): AnthropicTextBlock | AnthropicImageBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return toImage(part.source, provider);
    default: {
      const exhaustive: never = part;
      throw new ProviderError('bad_request', `unknown content part ${JSON.stringify(exhaustive)}`, { provider });
    }
  }
}

function toImage(source: ImageSource, provider: string): AnthropicImageBlock {
  if (source.kind === 'base64') {
    return { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
  }
  if (isDataUrl(source.url)) {
    const image = parseDataUrl(source.url);
    if (image === undefined) throw new ProviderError('bad_request', 'an image data: URL is malformed', { provider });
    return { type: 'image', source: { type: 'base64', media_type: image.mediaType, data: image.data } };
  }
  if (/^https?:\/\//i.test(source.url)) return { type: 'image', source: { type: 'url', url: source.url } };
  throw new ProviderError('bad_request', 'images must be http(s) or data: URLs', { provider });
}

function toToolUse(call: ToolCall, provider: string): AnthropicToolUseBlock {
  return { type: 'tool_use', id: call.id, name: call.name, input: parseArguments(call, provider) };
}

/** Anthropic takes tool input as an object, so the model's JSON text must be one. */
function parseArguments(call: ToolCall, provider: string): JsonObject {
  if (call.arguments.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(call.arguments);
  } catch {
    throw new ProviderError('bad_request', `arguments of tool call ${call.id} are not valid JSON`, { provider });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProviderError('bad_request', `arguments of tool call ${call.id} must be a JSON object`, { provider });
  }
  return value as JsonObject;
}

function toToolResult(message: Message, provider: string): AnthropicToolResultBlock {
  if (message.toolCallId === undefined || message.toolCallId === '') {
    throw new ProviderError('bad_request', 'a tool message needs the id of the call it answers', { provider });
  }
  const hasImage = message.content.some((part) => part.type === 'image');
  const block: AnthropicToolResultBlock = {
    type: 'tool_result',
    tool_use_id: message.toolCallId,
    content: hasImage ? message.content.map((part) => toBlock(part, provider)).filter(isNotEmpty) : joinText(message.content),
  };
  if (message.isError === true) block.is_error = true;
  return block;
}
