import { countTokens } from 'gpt-tokenizer';
import type { ChatRequest } from '../../core/types.js';

/** Tokens a request is expected to use, reserved before it is sent and settled after. */
export interface TokenEstimate {
  promptTokens: number;
  /** The request's `maxTokens`, else the configured default: the most the answer may use. */
  completionTokens: number;
}

// Client text may contain `<|endoftext|>` and the like; it is counted as the text it is, never
// as a special token, and never throws.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
// OpenAI's chat format: each message is wrapped in a few tokens, and the reply is primed with three.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;
const TOKENS_PER_TOOL = 8;
// An image's real cost depends on its size and the provider; this is a 1024×1024 high-detail
// image at OpenAI. Settlement corrects it with the provider's own count.
const TOKENS_PER_IMAGE = 765;

/** Tokens in `text` with the o200k_base encoding (GPT-4o); a close count for other models too. */
export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text, AS_PLAIN_TEXT);
}

/**
 * Counts the prompt with a real tokenizer over everything sent as text: message parts, tool
 * calls and results, and tool definitions. CPU time grows with the prompt (about 1–2 ms per
 * thousand tokens), which the body size limit bounds.
 */
export function estimateRequestTokens(request: ChatRequest, defaultMaxTokens: number): TokenEstimate {
  let promptTokens = TOKENS_PER_REPLY;
  for (const message of request.messages) {
    promptTokens += TOKENS_PER_MESSAGE;
    if (message.name !== undefined) promptTokens += countTextTokens(message.name);
    for (const part of message.content) {
      promptTokens += part.type === 'text' ? countTextTokens(part.text) : TOKENS_PER_IMAGE;
    }
    for (const call of message.toolCalls ?? []) {
      promptTokens += countTextTokens(call.name) + countTextTokens(call.arguments);
    }
  }
  for (const tool of request.tools ?? []) {
    promptTokens += TOKENS_PER_TOOL + countTextTokens(tool.name) + countTextTokens(JSON.stringify(tool.parameters));
    if (tool.description !== undefined) promptTokens += countTextTokens(tool.description);
  }
  return { promptTokens, completionTokens: request.maxTokens ?? defaultMaxTokens };
}
