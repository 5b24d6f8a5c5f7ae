import type { Usage } from '../../core/types.js';
import type { OpenAIWireUsage } from './openai-wire.js';
import { isRecord } from './openai-wire.js';

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/**
 * Maps an upstream `usage` object. Cached prompt tokens come from OpenAI's
 * `prompt_tokens_details.cached_tokens` or DeepSeek's `prompt_cache_hit_tokens`.
 * See https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage and
 * https://api-docs.deepseek.com/guides/kv_cache
 * Returns undefined when the object carries no token counts at all.
 */
export function mapOpenAIUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const usage: OpenAIWireUsage = value;
  const promptTokens = count(usage.prompt_tokens);
  const completionTokens = count(usage.completion_tokens);
  if (promptTokens === undefined && completionTokens === undefined) return undefined;
  const mapped: Usage = { promptTokens: promptTokens ?? 0, completionTokens: completionTokens ?? 0 };
  const details = usage.prompt_tokens_details;
  const cachedTokens = count(isRecord(details) ? details.cached_tokens : undefined) ?? count(usage.prompt_cache_hit_tokens);
  if (cachedTokens !== undefined) mapped.cachedTokens = cachedTokens;
  return mapped;
}
