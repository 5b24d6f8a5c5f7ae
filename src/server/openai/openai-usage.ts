import type { Usage } from '../../core/types.js';

/** OpenAI's `usage` object (CompletionUsage). */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

/**
 * Unified usage in OpenAI's shape. `prompt_tokens` counts cached tokens too; the cached share is
 * only reported when the provider said so.
 *
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function serializeOpenAIUsage(usage: Usage): OpenAIUsage {
  const serialized: OpenAIUsage = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
  if (usage.cachedTokens !== undefined) serialized.prompt_tokens_details = { cached_tokens: usage.cachedTokens };
  return serialized;
}
