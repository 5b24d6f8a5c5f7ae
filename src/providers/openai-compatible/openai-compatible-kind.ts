import type { ProviderKind } from '../../core/provider.js';

/** The provider kinds that speak the OpenAI Chat Completions wire format. */
export type OpenAICompatibleKind = Extract<ProviderKind, 'openai' | 'deepseek' | 'local'>;

export interface OpenAICompatiblePaths {
  chat: string;
  models: string;
}

/**
 * Paths appended to each kind's configured `base_url`. The base URL is what the provider's own SDK
 * takes: OpenAI's already ends in `/v1`, DeepSeek's is the bare host, and ml-offload-api documents
 * its routes with the `/v1` prefix.
 * See https://platform.openai.com/docs/api-reference/chat and https://api-docs.deepseek.com/api/create-chat-completion
 */
export const OPENAI_COMPATIBLE_PATHS: Record<OpenAICompatibleKind, OpenAICompatiblePaths> = {
  openai: { chat: '/chat/completions', models: '/models' },
  deepseek: { chat: '/chat/completions', models: '/models' },
  local: { chat: '/v1/chat/completions', models: '/v1/models' },
};

export function isOpenAICompatibleKind(kind: ProviderKind): kind is OpenAICompatibleKind {
  return kind === 'openai' || kind === 'deepseek' || kind === 'local';
}
