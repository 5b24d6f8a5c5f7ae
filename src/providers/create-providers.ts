import type { Config } from '../config/schema.js';
import type { Provider, ProviderKind } from '../core/provider.js';
import { createAnthropicProvider } from './anthropic/anthropic-provider.js';
import { createLocalProvider } from './local/local-provider.js';
import { createOllamaProvider } from './ollama/ollama-provider.js';
import { createOpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import type { ProviderFactoryOptions } from './provider-options.js';

const FACTORIES: Record<ProviderKind, (options: ProviderFactoryOptions) => Provider> = {
  openai: createOpenAICompatibleProvider,
  deepseek: createOpenAICompatibleProvider,
  local: createLocalProvider,
  anthropic: createAnthropicProvider,
  ollama: createOllamaProvider,
};

/** Builds one provider per enabled `[providers.NAME]` section, keyed by NAME. */
export function createProviders(config: Readonly<Config>): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const [name, section] of Object.entries(config.providers)) {
    if (!section.enabled) continue;
    // The schema's cross-checks guarantee a type for names that are not a kind.
    const kind = (section.type ?? name) as ProviderKind;
    providers.set(name, FACTORIES[kind]({ name, kind, config: section, routing: config.routing }));
  }
  return providers;
}
