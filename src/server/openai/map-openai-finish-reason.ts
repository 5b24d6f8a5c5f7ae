import type { FinishReason } from '../../core/types.js';

/** OpenAI's `finish_reason` values the gateway reports (the deprecated `function_call` never). */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * The unified finish reason as OpenAI's `finish_reason`. The unified set was modelled on it, so
 * this is one-to-one; the switch keeps it so when either side grows.
 *
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function mapOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default: {
      const exhaustive: never = reason;
      throw new Error(`unknown finish reason ${String(exhaustive)}`);
    }
  }
}
