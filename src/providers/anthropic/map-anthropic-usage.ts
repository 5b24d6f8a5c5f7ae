import type { Usage } from '../../core/types.js';
import type { AnthropicUsage } from './anthropic-api.js';

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens`; the unified prompt count is
 * their sum, and `cachedTokens` the part read from the cache.
 * See https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function mapAnthropicUsage(usage: AnthropicUsage | undefined): Usage {
  const input = usage?.input_tokens ?? 0;
  const cacheCreation = usage?.cache_creation_input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const result: Usage = { promptTokens: input + cacheCreation + cacheRead, completionTokens: usage?.output_tokens ?? 0 };
  if (cacheRead > 0) result.cachedTokens = cacheRead;
  return result;
}

/** Later usage reports (`message_delta`) override earlier ones field by field. */
export function mergeAnthropicUsage(earlier: AnthropicUsage, later: AnthropicUsage | undefined): AnthropicUsage {
  if (later === undefined) return earlier;
  const merged: AnthropicUsage = { ...earlier };
  if (typeof later.input_tokens === 'number') merged.input_tokens = later.input_tokens;
  if (typeof later.output_tokens === 'number') merged.output_tokens = later.output_tokens;
  if (typeof later.cache_creation_input_tokens === 'number') merged.cache_creation_input_tokens = later.cache_creation_input_tokens;
  if (typeof later.cache_read_input_tokens === 'number') merged.cache_read_input_tokens = later.cache_read_input_tokens;
  return merged;
}
