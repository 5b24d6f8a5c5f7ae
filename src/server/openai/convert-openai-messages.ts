import type { ContentPart, Message } from '../../core/types.js';
import type { OpenAIMessage } from './openai-request-schema.js';
import { imageSourceFromUrl } from './openai-image-source.js';

type TextLike = { type: 'text'; text: string } | { type: 'refusal'; refusal: string };
type UserPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** A string content becomes one text part; an empty string becomes no part at all. */
function textContent(content: string | TextLike[] | null | undefined): ContentPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((part) => ({ type: 'text', text: part.type === 'text' ? part.text : part.refusal }));
}

function userContent(content: string | UserPart[], param: string): ContentPart[] {
  if (typeof content === 'string') return textContent(content);
  return content.map((part, index): ContentPart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    return { type: 'image', source: imageSourceFromUrl(part.image_url.url, `${param}[${index}].image_url.url`) };
  });
}

/**
 * OpenAI chat messages as unified messages. `developer` is OpenAI's newer name for `system`.
 *
 * https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function convertOpenAIMessages(messages: OpenAIMessage[]): Message[] {
  return messages.map((message, index): Message => {
    const param = `messages[${index}].content`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return withName({ role: 'system', content: textContent(message.content) }, message.name);
      case 'user':
        return withName({ role: 'user', content: userContent(message.content, param) }, message.name);
      case 'assistant': {
        const converted: Message = { role: 'assistant', content: textContent(message.content) };
        if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
          converted.toolCalls = message.tool_calls.map((call) => ({
            id: call.id,
            name: call.function.name,
            arguments: call.function.arguments,
          }));
        }
        return withName(converted, message.name);
      }
      case 'tool':
        return { role: 'tool', content: textContent(message.content), toolCallId: message.tool_call_id };
      default: {
        const exhaustive: never = message;
        throw new Error(`unknown message ${JSON.stringify(exhaustive)}`);
      }
    }
  });
}

function withName(message: Message, name: string | undefined): Message {
  if (name !== undefined) message.name = name;
  return message;
}
