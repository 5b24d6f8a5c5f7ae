import { randomUUID } from 'node:crypto';

/** An id for an answer whose upstream sent none, in the shape OpenAI clients expect. */
export function generateCompletionId(): string {
  return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
}

/** An id for a tool call whose upstream sent none; clients need one to send the result back. */
export function generateToolCallId(): string {
  return `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
