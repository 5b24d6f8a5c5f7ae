import type { ChatChunk } from '../core/types.js';

/** Bytes a chunk adds to the stored JSON, roughly: its text plus the structure around it. */
const CHUNK_OVERHEAD_BYTES = 48;

/**
 * Collects the chunks of an answer as they go to the client, joining adjacent text, reasoning and
 * same-call argument deltas (a replay need not repeat the upstream's slicing). Gives up, dropping
 * what it holds, once the answer grows past `maxBytes`: such an answer would not be kept anyway,
 * and a long stream must not be held in memory for nothing.
 */
export class AnswerRecorder {
  readonly #maxBytes: number;
  #chunks: ChatChunk[] = [];
  #bytes = 0;
  #overflowed = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The collected chunks, or undefined when the answer outgrew `maxBytes`. */
  get chunks(): ChatChunk[] | undefined {
    return this.#overflowed ? undefined : this.#chunks;
  }

  push(chunk: ChatChunk): void {
    if (this.#overflowed) return;
    this.#bytes += CHUNK_OVERHEAD_BYTES + sizeOf(chunk);
    if (this.#bytes > this.#maxBytes) {
      this.#overflowed = true;
      this.#chunks = [];
      return;
    }
    const last = this.#chunks.at(-1);
    if (last !== undefined && (chunk.type === 'text' || chunk.type === 'reasoning') && last.type === chunk.type) {
      this.#chunks[this.#chunks.length - 1] = { type: chunk.type, text: last.text + chunk.text };
    } else if (chunk.type === 'tool_call_delta' && last?.type === 'tool_call_delta' && last.index === chunk.index) {
      this.#chunks[this.#chunks.length - 1] = { type: 'tool_call_delta', index: chunk.index, arguments: last.arguments + chunk.arguments };
    } else if (chunk.type === 'start') {
      // A fresh id on every replay: the codecs derive one from the request id when it is empty.
      this.#chunks.push({ type: 'start', id: '', model: chunk.model });
    } else {
      this.#chunks.push(chunk);
    }
  }
}

function sizeOf(chunk: ChatChunk): number {
  switch (chunk.type) {
    case 'text':
    case 'reasoning':
      return Buffer.byteLength(chunk.text);
    case 'tool_call_delta':
      return Buffer.byteLength(chunk.arguments);
    case 'tool_call_start':
      return Buffer.byteLength(chunk.id) + Buffer.byteLength(chunk.name);
    case 'start':
      return Buffer.byteLength(chunk.model);
    case 'usage':
    case 'finish':
      return 0;
    default: {
      const exhaustive: never = chunk;
      throw new Error(`unknown chunk ${JSON.stringify(exhaustive)}`);
    }
  }
}
