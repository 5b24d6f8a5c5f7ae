import type { ChatRequest, Message, Role } from '../../../../src/core/types.js';

/** A minimal ChatRequest holding the given messages. */
export function chatRequest(messages: Message[]): ChatRequest {
  return { model: 'openai/gpt-4o', messages, stream: false, includeUsage: false, metadata: { requestId: 'test', clientFormat: 'openai' } };
}

export function textMessage(role: Role, text: string): Message {
  return { role, content: [{ type: 'text', text }] };
}

/** One user message. */
export function userRequest(text: string): ChatRequest {
  return chatRequest([textMessage('user', text)]);
}
