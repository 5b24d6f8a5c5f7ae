import type { ContentPart, ImageSource, Message } from '../../core/types.js';

export type OpenAIContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface OpenAIToolCallParam {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIMessageParam =
  | { role: 'system'; content: string | OpenAIContentPart[]; name?: string }
  | { role: 'user'; content: string | OpenAIContentPart[]; name?: string }
  | { role: 'assistant'; content: string | OpenAIContentPart[] | null; tool_calls?: OpenAIToolCallParam[]; name?: string }
  | { role: 'tool'; tool_call_id: string; content: string | OpenAIContentPart[] };

/**
 * Converts unified messages to Chat Completions messages.
 * See https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 *
 * Text-only content becomes a plain string, because DeepSeek and many local servers accept only
 * strings; content with images becomes an array of parts, which only vision models accept anyway.
 */
export function convertToOpenAIMessages(messages: readonly Message[]): OpenAIMessageParam[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): OpenAIMessageParam {
  const name = message.name === undefined ? {} : { name: message.name };
  switch (message.role) {
    case 'system':
      return { role: 'system', content: convertContent(message.content), ...name };
    case 'user':
      return { role: 'user', content: convertContent(message.content), ...name };
    case 'assistant': {
      const toolCalls = message.toolCalls ?? [];
      // With tool calls and no text, OpenAI documents `content: null` rather than an empty string.
      const content = message.content.length === 0 && toolCalls.length > 0 ? null : convertContent(message.content);
      const converted: OpenAIMessageParam = { role: 'assistant', content, ...name };
      if (toolCalls.length > 0) {
        converted.tool_calls = toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return converted;
    }
    case 'tool':
      // OpenAI has no error flag for tool results; the result text itself says what went wrong.
      return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: convertContent(message.content) };
    default: {
      const exhaustive: never = message.role;
      throw new Error(`unknown role ${String(exhaustive)}`);
    }
  }
}

function convertContent(content: readonly ContentPart[]): string | OpenAIContentPart[] {
  if (content.every((part) => part.type === 'text')) {
    // The parts are one message's text in order; a separator would change the prompt.
    return content.map((part) => part.text).join('');
  }
  return content.map(convertPart);
}

function convertPart(part: ContentPart): OpenAIContentPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return { type: 'image_url', image_url: { url: imageUrl(part.source) } };
    default: {
      const exhaustive: never = part;
      throw new Error(`unknown content part ${JSON.stringify(exhaustive)}`);
    }
  }
}

function imageUrl(source: ImageSource): string {
  switch (source.kind) {
    case 'url':
      return source.url;
    case 'base64':
      return `data:${source.mediaType};base64,${source.data}`;
    default: {
      const exhaustive: never = source;
      throw new Error(`unknown image source ${JSON.stringify(exhaustive)}`);
    }
  }
}
