import assert from 'node:assert/strict';
import type { ChatChunk, ChatRequest } from '../../../src/core/types.js';
import type { StreamWriter } from '../../../src/server/stream-writer.js';

/** One Server-Sent Event as a client reads it back. */
export interface SseFrame {
  event: string | undefined;
  data: string;
}

/**
 * Splits a writer's output into events and checks the framing a strict SSE reader relies on:
 * every event ends in a blank line and holds only `event:` and `data:` lines.
 */
export function parseFrames(text: string): SseFrame[] {
  assert.ok(text.endsWith('\n\n'), 'the stream ends with a whole event');
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
        else assert.fail(`unexpected line in an event: ${JSON.stringify(line)}`);
      }
      assert.equal(data.length, 1, 'one data line per event');
      return { event, data: data[0] ?? '' };
    });
}

/** A frame's data parsed back as JSON, typed loosely enough for deep comparisons. */
export function frameJson(frame: SseFrame): Record<string, unknown> {
  return JSON.parse(frame.data) as Record<string, unknown>;
}

/** Everything a writer produced for these chunks, then its normal end. */
export function writeAll(writer: StreamWriter, chunks: ChatChunk[]): string {
  return chunks.map((chunk) => writer.write(chunk)).join('') + writer.end();
}

/** A unified request as the parser would build it, for serialization tests. */
export function unifiedRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'openai/gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: false,
    includeUsage: false,
    metadata: { requestId: 'req_test', clientFormat: 'openai' },
    ...overrides,
  };
}
