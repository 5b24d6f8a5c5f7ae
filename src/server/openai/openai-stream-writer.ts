import type { GatewayError } from '../../core/errors.js';
import type { ChatChunk, FinishReason, Usage } from '../../core/types.js';
import type { StreamWriter } from '../stream-writer.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { openaiCompletionId } from './openai-completion-id.js';
import { serializeOpenAIError } from './openai-error-body.js';
import { serializeOpenAIUsage } from './openai-usage.js';

export interface OpenAIStreamWriterOptions {
  requestId: string;
  /** What every chunk reports as `model`. */
  model: string;
  /** `stream_options.include_usage`: a final usage chunk, and `usage: null` on every other one. */
  includeUsage: boolean;
  createdSeconds: number;
}

type Delta = Record<string, unknown>;

const DONE = 'data: [DONE]\n\n';

/**
 * Unified chunks as OpenAI `chat.completion.chunk` Server-Sent Events: a first delta carrying the
 * role, content / `reasoning_content` / tool call deltas, a chunk with `finish_reason`, the usage
 * chunk (`choices: []`) when asked for, then `data: [DONE]`.
 *
 * https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export class OpenAIStreamWriter implements StreamWriter {
  private id: string;
  private started = false;
  private finished = false;
  private closed = false;
  private usage: Usage = { promptTokens: 0, completionTokens: 0 };

  constructor(private readonly options: OpenAIStreamWriterOptions) {
    this.id = openaiCompletionId('', options.requestId);
  }

  write(chunk: ChatChunk): string {
    if (this.closed) return '';
    switch (chunk.type) {
      case 'start':
        this.id = openaiCompletionId(chunk.id, this.options.requestId);
        return this.opening();
      case 'text':
        return this.opening() + this.frame({ content: chunk.text });
      case 'reasoning':
        return this.opening() + this.frame({ reasoning_content: chunk.text });
      case 'tool_call_start':
        return (
          this.opening() +
          this.frame({
            tool_calls: [{ index: chunk.index, id: chunk.id, type: 'function', function: { name: chunk.name, arguments: '' } }],
          })
        );
      case 'tool_call_delta':
        return this.opening() + this.frame({ tool_calls: [{ index: chunk.index, function: { arguments: chunk.arguments } }] });
      case 'usage':
        // Held back: OpenAI reports usage once, in its own chunk after the finish.
        this.usage = chunk.usage;
        return '';
      case 'finish':
        return this.opening() + this.finish(chunk.reason);
      default: {
        const exhaustive: never = chunk;
        throw new Error(`unknown chunk ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  end(): string {
    if (this.closed) return '';
    let frames = this.opening() + this.finish('stop');
    if (this.options.includeUsage) {
      frames += this.data({ ...this.envelope([]), usage: serializeOpenAIUsage(this.usage) });
    }
    this.closed = true;
    return frames + DONE;
  }

  /** OpenAI's in-stream error shape; the official SDK throws it as an APIError. No [DONE] follows. */
  fail(error: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return this.data(serializeOpenAIError(error));
  }

  private opening(): string {
    if (this.started) return '';
    this.started = true;
    return this.frame({ role: 'assistant', content: '' });
  }

  /** Only the first finish counts; a stream that ends without one finishes as `stop`. */
  private finish(reason: FinishReason): string {
    if (this.finished) return '';
    this.finished = true;
    return this.frame({}, mapOpenAIFinishReason(reason));
  }

  private envelope(choices: unknown[]): Record<string, unknown> {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.options.createdSeconds,
      model: this.options.model,
      choices,
    };
  }

  private frame(delta: Delta, finishReason: string | null = null): string {
    const chunk = this.envelope([{ index: 0, delta, logprobs: null, finish_reason: finishReason }]);
    if (this.options.includeUsage) chunk['usage'] = null;
    return this.data(chunk);
  }

  /** JSON text never holds a raw CR or LF, so one `data:` line is always one whole event. */
  private data(value: unknown): string {
    return `data: ${JSON.stringify(value)}\n\n`;
  }
}
