import type { FinishReason } from '../../core/types.js';

/** The `stop_reason` values the gateway reports. */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal';

/**
 * The unified finish reason as Anthropic's `stop_reason`. A stop sequence also reports
 * `end_turn`, since the unified reason does not say which sequence matched.
 *
 * https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicStopReason(reason: FinishReason): AnthropicStopReason {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default: {
      const exhaustive: never = reason;
      throw new Error(`unknown finish reason ${String(exhaustive)}`);
    }
  }
}
