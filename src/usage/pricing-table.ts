import type { PriceConfig } from '../config/schema.js';

/**
 * Built-in list prices in USD per million tokens, keyed `provider/model`, from each provider's
 * public pricing page. `[pricing."provider/model"]` in config overrides or extends it. A key ending
 * in `/*` prices every model of that provider (local inference costs nothing here).
 */
export const BUILT_IN_PRICES: Readonly<Record<string, PriceConfig>> = {
  'openai/gpt-4o': { prompt: 2.5, completion: 10, cached_prompt: 1.25 },
  'openai/gpt-4o-mini': { prompt: 0.15, completion: 0.6, cached_prompt: 0.075 },
  'openai/gpt-4.1': { prompt: 2, completion: 8, cached_prompt: 0.5 },
  'openai/gpt-4.1-mini': { prompt: 0.4, completion: 1.6, cached_prompt: 0.1 },
  'openai/gpt-4.1-nano': { prompt: 0.1, completion: 0.4, cached_prompt: 0.025 },
  'openai/gpt-5': { prompt: 1.25, completion: 10, cached_prompt: 0.125 },
  'openai/gpt-5-mini': { prompt: 0.25, completion: 2, cached_prompt: 0.025 },
  'openai/gpt-5-nano': { prompt: 0.05, completion: 0.4, cached_prompt: 0.005 },
  'openai/o3-mini': { prompt: 1.1, completion: 4.4, cached_prompt: 0.55 },
  'openai/o4-mini': { prompt: 1.1, completion: 4.4, cached_prompt: 0.275 },
  'deepseek/deepseek-chat': { prompt: 0.28, completion: 0.42, cached_prompt: 0.028 },
  'deepseek/deepseek-reasoner': { prompt: 0.28, completion: 0.42, cached_prompt: 0.028 },
  'anthropic/claude-opus-4-1': { prompt: 15, completion: 75, cached_prompt: 1.5 },
  'anthropic/claude-sonnet-4-5': { prompt: 3, completion: 15, cached_prompt: 0.3 },
  'anthropic/claude-sonnet-4': { prompt: 3, completion: 15, cached_prompt: 0.3 },
  'anthropic/claude-haiku-4-5': { prompt: 1, completion: 5, cached_prompt: 0.1 },
  'anthropic/claude-3-5-haiku': { prompt: 0.8, completion: 4, cached_prompt: 0.08 },
  'ollama/*': { prompt: 0, completion: 0 },
  'local/*': { prompt: 0, completion: 0 },
};
