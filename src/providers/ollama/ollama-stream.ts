import { ProviderError } from '../../core/errors.js';
import type { ChatChunk } from '../../core/types.js';
import { decodeNdjson } from '../wire/ndjson-decoder.js';
import { OllamaChunkTranslator } from './ollama-chunk-translator.js';
import type { OllamaTranslatorOptions } from './ollama-chunk-translator.js';

/**
 * Translates a streamed `/api/chat` answer (newline-delimited JSON) into unified chunks. The
 * `done: true` object is the terminal event; a stream that ends without it failed.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export async function* translateOllamaStream(body: AsyncIterable<Buffer>, options: OllamaTranslatorOptions): AsyncGenerator<ChatChunk> {
  const translator = new OllamaChunkTranslator(options);
  for await (const value of decodeNdjson(body)) {
    if (translator.finished) continue; // drained, so the connection can be reused
    yield* translator.translate(value);
  }
  if (!translator.finished) throw new ProviderError('unavailable', 'upstream stream ended early', { provider: options.provider });
}
