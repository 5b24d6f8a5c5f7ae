import type { FinishReason } from '../../core/types.js';

/** Finish reasons OpenAI-compatible upstreams document. */
type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'function_call' | 'content_filter' | 'insufficient_system_resource';

const KNOWN_REASONS: ReadonlySet<string> = new Set<OpenAIFinishReason>([
  'stop',
  'length',
  'tool_calls',
  'function_call',
  'content_filter',
  'insufficient_system_resource',
]);

/**
 * Maps an upstream `finish_reason` to the gateway's finish reason.
 * See https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices and
 * https://api-docs.deepseek.com/api/create-chat-completion (DeepSeek adds `insufficient_system_resource`).
 */
export function mapOpenAIFinishReason(reason: string): FinishReason {
  // Lenient with upstreams: a reason added after this was written still ends the answer normally.
  if (!KNOWN_REASONS.has(reason)) return 'stop';
  const known = reason as OpenAIFinishReason;
  switch (known) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      // `function_call` is the deprecated single-function form of the same thing.
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'insufficient_system_resource':
      // DeepSeek cut the answer short for lack of capacity: to the client it is a truncated answer.
      return 'length';
    default: {
      const exhaustive: never = known;
      throw new Error(`unhandled finish reason ${String(exhaustive)}`);
    }
  }
}
