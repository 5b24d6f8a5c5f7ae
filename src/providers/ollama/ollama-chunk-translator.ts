import { randomUUID } from 'node:crypto';
import { ProviderError } from '../../core/errors.js';
import type { ChatChunk } from '../../core/types.js';
import type { OllamaChatChunk } from './ollama-api.js';
import { ollamaStreamError } from './ollama-error.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';

export interface OllamaTranslatorOptions {
  provider: string;
  /** The model asked for, reported if the upstream names none. */
  model: string;
  /** Makes ids; Ollama gives neither answers nor tool calls one. Tests pass a predictable one. */
  newId?: (prefix: 'chat' | 'call') => string;
}

/** Random ids in the shape clients know (`call_…`). */
export function randomOllamaId(prefix: 'chat' | 'call'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/**
 * Turns Ollama chat objects (stream lines or a whole answer) into unified chunks. Stateful:
 * `start` comes with the first object, tool calls are numbered in order, and the `done` object
 * (the terminal event) gives usage and the finish reason.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export class OllamaChunkTranslator {
  private started = false;
  private toolCalls = 0;
  private done = false;
  private readonly newId: (prefix: 'chat' | 'call') => string;

  constructor(private readonly options: OllamaTranslatorOptions) {
    this.newId = options.newId ?? randomOllamaId;
  }

  /** True once the terminal `done` object was seen. */
  get finished(): boolean {
    return this.done;
  }

  translate(value: unknown): ChatChunk[] {
    const { provider } = this.options;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ProviderError('unavailable', 'upstream sent a line that is not a JSON object', { provider });
    }
    const chunk = value as OllamaChatChunk;
    if (chunk.error !== undefined) throw ollamaStreamError(chunk.error, provider);
    const chunks: ChatChunk[] = [];
    if (!this.started) {
      this.started = true;
      chunks.push({ type: 'start', id: this.newId('chat'), model: typeof chunk.model === 'string' ? chunk.model : this.options.model });
    }
    const message = chunk.message;
    if (typeof message?.thinking === 'string' && message.thinking !== '') chunks.push({ type: 'reasoning', text: message.thinking });
    if (typeof message?.content === 'string' && message.content !== '') chunks.push({ type: 'text', text: message.content });
    for (const call of Array.isArray(message?.tool_calls) ? message.tool_calls : []) {
      const index = this.toolCalls++;
      // Newer Ollama versions may send an id; otherwise clients need one to answer the call.
      const id = typeof call.id === 'string' && call.id !== '' ? call.id : this.newId('call');
      const name = typeof call.function?.name === 'string' ? call.function.name : '';
      const input = call.function?.arguments;
      chunks.push({ type: 'tool_call_start', index, id, name });
      chunks.push({ type: 'tool_call_delta', index, arguments: typeof input === 'string' ? input : JSON.stringify(input ?? {}) });
    }
    if (chunk.done === true) {
      this.done = true;
      chunks.push({
        type: 'usage',
        usage: { promptTokens: chunk.prompt_eval_count ?? 0, completionTokens: chunk.eval_count ?? 0 },
      });
      chunks.push({ type: 'finish', reason: mapOllamaFinishReason(chunk.done_reason, this.toolCalls > 0) });
    }
    return chunks;
  }
}
