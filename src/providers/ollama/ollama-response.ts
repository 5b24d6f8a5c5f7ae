import { ProviderError } from '../../core/errors.js';
import type { ChatChunk } from '../../core/types.js';
import { OllamaChunkTranslator } from './ollama-chunk-translator.js';
import type { OllamaTranslatorOptions } from './ollama-chunk-translator.js';

/**
 * Translates a whole (`stream: false`) `/api/chat` answer into the chunk sequence a stream gives.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-no-streaming
 */
export function ollamaResponseChunks(body: unknown, options: OllamaTranslatorOptions): ChatChunk[] {
  const translator = new OllamaChunkTranslator(options);
  const chunks = translator.translate(body);
  if (!translator.finished) throw new ProviderError('unavailable', 'upstream answer is not marked done', { provider: options.provider });
  return chunks;
}
