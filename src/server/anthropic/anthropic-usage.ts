import type { Usage } from '../../core/types.js';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
}

/**
 * Unified usage in Anthropic's shape. The unified `promptTokens` counts every prompt token
 * (OpenAI's meaning) while Anthropic's `input_tokens` leaves out those read from the cache, so the
 * cached share moves to `cache_read_input_tokens`.
 *
 * https://docs.anthropic.com/en/api/messages#response-usage
 */
export function serializeAnthropicUsage(usage: Usage): AnthropicUsage {
  const cached = usage.cachedTokens;
  const serialized: AnthropicUsage = {
    input_tokens: Math.max(0, usage.promptTokens - (cached ?? 0)),
    output_tokens: usage.completionTokens,
  };
  if (cached !== undefined) serialized.cache_read_input_tokens = cached;
  return serialized;
}
