import type { ProviderKind } from '../core/provider.js';
import type { ProviderConfig, RoutingConfig } from '../config/schema.js';

/** What every provider factory receives: its own config slice and the routing timeouts. */
export interface ProviderFactoryOptions {
  /** The section name under `[providers.NAME]`. */
  name: string;
  kind: ProviderKind;
  config: Readonly<ProviderConfig>;
  routing: Readonly<RoutingConfig>;
}

/** Documented default base URLs; the gateway appends each provider's documented paths. */
export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  openai: 'https://api.openai.com/v1',
  deepseek: 'https://api.deepseek.com',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://localhost:11434',
  local: 'http://localhost:9000',
};
