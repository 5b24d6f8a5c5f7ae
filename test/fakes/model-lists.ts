/**
 * Each provider's model listing, in its documented shape.
 * OpenAI / DeepSeek / local: `{"object":"list","data":[{"id","object":"model","created","owned_by"}]}`
 * Anthropic: https://docs.anthropic.com/en/api/models-list — `{"data":[...],"has_more","first_id","last_id"}`
 * Ollama: https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models — `{"models":[...]}`
 */
import type { FakeKind } from './fake-types.js';

export const defaultModels: Record<FakeKind, string[]> = {
  openai: ['gpt-4o-mini', 'gpt-4o'],
  deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
  ollama: ['llama3.2', 'qwen2.5:7b'],
  local: ['llama-3.2-3b-instruct', 'qwen2.5-7b-instruct'],
};

const ownerOf: Record<'openai' | 'deepseek' | 'local', string> = { openai: 'system', deepseek: 'deepseek', local: 'ml-offload-api' };

/** A fixed date keeps listings identical from run to run. */
const listedAt = '2025-01-01T00:00:00Z';

export function modelList(kind: FakeKind, models: string[]): unknown {
  switch (kind) {
    case 'openai':
    case 'deepseek':
    case 'local':
      return {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: Date.parse(listedAt) / 1000, owned_by: ownerOf[kind] })),
      };
    case 'anthropic':
      return {
        data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: listedAt })),
        has_more: false,
        first_id: models[0] ?? null,
        last_id: models.at(-1) ?? null,
      };
    case 'ollama':
      return {
        models: models.map((name, index) => ({
          name,
          model: name,
          modified_at: listedAt,
          size: 2_000_000_000 + index,
          digest: index.toString(16).padStart(64, '0'),
          details: { format: 'gguf', family: name.split(/[.:-]/)[0] ?? name, families: null, parameter_size: '3B', quantization_level: 'Q4_K_M' },
        })),
      };
    default: {
      const exhaustive: never = kind;
      throw new Error(`unknown fake kind ${String(exhaustive)}`);
    }
  }
}
