import type { FinishReason } from '../../core/types.js';

/**
 * Anthropic `stop_reason` → unified finish reason. Unknown or missing reasons count as `stop`:
 * lenient with upstreams, which add reasons over time.
 * See https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
    default:
      return 'stop';
  }
}
