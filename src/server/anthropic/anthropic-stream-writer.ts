import type { GatewayError } from '../../core/errors.js';
import type { ChatChunk, FinishReason, Usage } from '../../core/types.js';
import type { StreamWriter } from '../stream-writer.js';
import { serializeAnthropicError } from './anthropic-error-body.js';
import { anthropicMessageId } from './anthropic-message-id.js';
import { serializeAnthropicUsage } from './anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

export interface AnthropicStreamWriterOptions {
  requestId: string;
  /** What `message_start` reports as `model`. */
  model: string;
}

/**
 * Unified chunks as Anthropic Messages stream events: `message_start`, one content block per
 * text run and per tool call (`content_block_start`, deltas, `content_block_stop`), then
 * `message_delta` with the stop reason and usage, and `message_stop`.
 *
 * Usage and the stop reason are held until `end()`, because upstreams report them in either
 * order and Anthropic sends both in the one `message_delta`. Reasoning is left out (see
 * serialize-anthropic-response.ts for why).
 *
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamWriter implements StreamWriter {
  private id: string;
  private started = false;
  private closed = false;
  /** The content block open right now, if any: its index and, for a tool call, the call's index. */
  private openBlock: { index: number; toolIndex?: number } | undefined;
  private nextBlockIndex = 0;
  private readonly toolBlockIndexes = new Map<number, number>();
  private usage: Usage = { promptTokens: 0, completionTokens: 0 };
  private finishReason: FinishReason = 'stop';

  constructor(private readonly options: AnthropicStreamWriterOptions) {
    this.id = anthropicMessageId('', options.requestId);
  }

  write(chunk: ChatChunk): string {
    if (this.closed) return '';
    switch (chunk.type) {
      case 'start':
        this.id = anthropicMessageId(chunk.id, this.options.requestId);
        return this.messageStart();
      case 'text': {
        if (chunk.text === '') return this.messageStart();
        const frames = this.messageStart() + this.textBlock();
        return frames + this.event('content_block_delta', {
          type: 'content_block_delta',
          index: this.nextBlockIndex - 1,
          delta: { type: 'text_delta', text: chunk.text },
        });
      }
      case 'reasoning':
        return this.messageStart();
      case 'tool_call_start': {
        const frames = this.messageStart() + this.closeBlock();
        const index = this.nextBlockIndex++;
        this.openBlock = { index, toolIndex: chunk.index };
        this.toolBlockIndexes.set(chunk.index, index);
        return frames + this.event('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: chunk.id, name: chunk.name, input: {} },
        });
      }
      case 'tool_call_delta': {
        // Upstreams stream one call after another, so the call's block is the open one. A delta
        // for a call that never started has no block to land in and is dropped, not invented.
        // Should an upstream ever interleave calls, the delta still names its own block index,
        // which is how the SDKs accumulate input, rather than being lost.
        const index = this.toolBlockIndexes.get(chunk.index);
        if (index === undefined || chunk.arguments === '') return '';
        return this.event('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: chunk.arguments },
        });
      }
      case 'usage':
        this.usage = chunk.usage;
        return '';
      case 'finish':
        this.finishReason = chunk.reason;
        return '';
      default: {
        const exhaustive: never = chunk;
        throw new Error(`unknown chunk ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  end(): string {
    if (this.closed) return '';
    const frames =
      this.messageStart() +
      this.closeBlock() +
      this.event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: mapAnthropicStopReason(this.finishReason), stop_sequence: null },
        usage: serializeAnthropicUsage(this.usage),
      }) +
      this.event('message_stop', { type: 'message_stop' });
    this.closed = true;
    return frames;
  }

  /** Anthropic's in-stream error event; the official SDK throws it as an APIError. */
  fail(error: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    return this.event('error', serializeAnthropicError(error));
  }

  /** The real token counts arrive at the end, so `message_start` reports zeros as Anthropic does. */
  private messageStart(): string {
    if (this.started) return '';
    this.started = true;
    return this.event('message_start', {
      type: 'message_start',
      message: {
        id: this.id,
        type: 'message',
        role: 'assistant',
        model: this.options.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  /** Continues the open text block, or closes whatever is open and starts a new text block. */
  private textBlock(): string {
    if (this.openBlock !== undefined && this.openBlock.toolIndex === undefined) return '';
    const frames = this.closeBlock();
    const index = this.nextBlockIndex++;
    this.openBlock = { index };
    return frames + this.event('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text: '' },
    });
  }

  private closeBlock(): string {
    if (this.openBlock === undefined) return '';
    const index = this.openBlock.index;
    this.openBlock = undefined;
    return this.event('content_block_stop', { type: 'content_block_stop', index });
  }

  /** JSON text never holds a raw CR or LF, so the `data:` line is always one whole field. */
  private event(name: string, data: unknown): string {
    return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  }
}
