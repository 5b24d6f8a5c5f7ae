import type { ContentPart, ImageSource, Message, ToolCall } from '../../core/types.js';
import { invalidRequest } from '../invalid-request-error.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicRequestBody } from './anthropic-request-schema.js';

type ImageBlock = Extract<AnthropicContentBlock, { type: 'image' }>;
type ToolResultBlock = Extract<AnthropicContentBlock, { type: 'tool_result' }>;

function imageSource(block: ImageBlock): ImageSource {
  const source = block.source;
  return source.type === 'base64'
    ? { kind: 'base64', mediaType: source.media_type, data: source.data }
    : { kind: 'url', url: source.url };
}

function toolResultContent(content: ToolResultBlock['content']): ContentPart[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return textParts(content);
  return content.flatMap((part): ContentPart[] =>
    part.type === 'text' ? textParts(part.text) : [{ type: 'image', source: imageSource(part) }],
  );
}

/** Empty text is no content at all (the Messages API refuses empty text blocks upstream). */
function textParts(text: string): ContentPart[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

function toolResultMessage(block: ToolResultBlock): Message {
  const message: Message = { role: 'tool', content: toolResultContent(block.content), toolCallId: block.tool_use_id };
  if (block.is_error !== undefined) message.isError = block.is_error;
  return message;
}

/**
 * A user turn: its `tool_result` blocks become unified `tool` messages, in order, before what
 * remains of the turn, which is how OpenAI-style upstreams expect tool answers to follow the call.
 */
function convertUserTurn(blocks: AnthropicContentBlock[], param: string): Message[] {
  const toolMessages: Message[] = [];
  const content: ContentPart[] = [];
  blocks.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        content.push(...textParts(block.text));
        break;
      case 'image':
        content.push({ type: 'image', source: imageSource(block) });
        break;
      case 'tool_result':
        toolMessages.push(toolResultMessage(block));
        break;
      case 'tool_use':
      case 'thinking':
      case 'redacted_thinking':
        throw invalidRequest(`${param}[${index}]`, `Invalid value for '${param}[${index}]': a user message cannot hold a ${block.type} block`);
      default: {
        const exhaustive: never = block;
        throw new Error(`unknown block ${JSON.stringify(exhaustive)}`);
      }
    }
  });
  if (content.length > 0 || toolMessages.length === 0) toolMessages.push({ role: 'user', content });
  return toolMessages;
}

/** An assistant turn: text and tool calls; `tool_use` input objects become JSON-text arguments. */
function convertAssistantTurn(blocks: AnthropicContentBlock[], param: string): Message {
  const content: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  blocks.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        content.push(...textParts(block.text));
        break;
      case 'tool_use':
        toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
        break;
      case 'thinking':
      case 'redacted_thinking':
        // Dropped on purpose: see the schema's list of accepted-and-ignored fields.
        break;
      case 'image':
      case 'tool_result':
        throw invalidRequest(`${param}[${index}]`, `Invalid value for '${param}[${index}]': an assistant message cannot hold a ${block.type} block`);
      default: {
        const exhaustive: never = block;
        throw new Error(`unknown block ${JSON.stringify(exhaustive)}`);
      }
    }
  });
  const message: Message = { role: 'assistant', content };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return message;
}

function convertSystem(system: AnthropicRequestBody['system']): Message[] {
  if (system === undefined) return [];
  const content = typeof system === 'string' ? textParts(system) : system.flatMap((block) => textParts(block.text));
  return content.length === 0 ? [] : [{ role: 'system', content }];
}

/**
 * Anthropic's `system` and `messages` as unified messages.
 *
 * https://docs.anthropic.com/en/api/messages#body-messages
 */
export function convertAnthropicMessages(system: AnthropicRequestBody['system'], messages: AnthropicMessage[]): Message[] {
  const converted = convertSystem(system);
  messages.forEach((message, index) => {
    const param = `messages[${index}].content`;
    const blocks: AnthropicContentBlock[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'user') converted.push(...convertUserTurn(blocks, param));
    else converted.push(convertAssistantTurn(blocks, param));
  });
  return converted;
}
