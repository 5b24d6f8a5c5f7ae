/**
 * Wire bytes of a short answer (`Hello there`) in each provider's streaming format, and of a whole
 * answer, for the hostile-upstream suite to break in chosen ways. Written out by hand, like a
 * recording, so that each broken variant differs from a valid stream by exactly one thing.
 */
import type { FakeKind } from '../fakes/start-fake-upstream.js';

export type StreamKind = Extract<FakeKind, 'openai' | 'anthropic' | 'ollama'>;

export const STREAM_KINDS: readonly StreamKind[] = ['openai', 'anthropic', 'ollama'];

export const MODEL_OF: Readonly<Record<StreamKind, string>> = {
  openai: 'openai/gpt-4o-mini',
  anthropic: 'anthropic/claude-sonnet-4-5',
  ollama: 'ollama/llama3.2',
};

export const STREAM_CONTENT_TYPE: Readonly<Record<StreamKind, string>> = {
  openai: 'text/event-stream',
  anthropic: 'text/event-stream',
  ollama: 'application/x-ndjson',
};

const openAiChunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-h', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

const anthropicEvent = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const ollamaLine = (content: string, done: boolean): string =>
  `${JSON.stringify({ model: 'llama3.2', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content }, done, ...(done ? { done_reason: 'stop', prompt_eval_count: 5, eval_count: 2 } : {}) })}\n`;

/** A stream in three parts: what comes before the text, the text events (one per piece), what ends it. */
export interface StreamParts {
  head: string[];
  text(pieces: readonly string[]): string[];
  tail: string[];
}

export const STREAM_PARTS: Readonly<Record<StreamKind, StreamParts>> = {
  openai: {
    head: [openAiChunk({ role: 'assistant', content: '' })],
    text: (pieces) => pieces.map((piece) => openAiChunk({ content: piece })),
    tail: [openAiChunk({}, 'stop'), 'data: [DONE]\n\n'],
  },
  anthropic: {
    head: [
      anthropicEvent('message_start', {
        message: { id: 'msg_h', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } },
      }),
      anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ],
    text: (pieces) => pieces.map((piece) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } })),
    tail: [
      anthropicEvent('content_block_stop', { index: 0 }),
      anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } }),
      anthropicEvent('message_stop', {}),
    ],
  },
  ollama: {
    head: [],
    text: (pieces) => pieces.map((piece) => ollamaLine(piece, false)),
    tail: [ollamaLine('', true)],
  },
};

/** A valid stream of `pieces`. */
export function validStream(kind: StreamKind, pieces: readonly string[]): string[] {
  const parts = STREAM_PARTS[kind];
  return [...parts.head, ...parts.text(pieces), ...parts.tail];
}

/** A whole (non-streaming) answer body of `text` in the provider's format. */
export function wholeAnswer(kind: StreamKind, text: string): string {
  if (kind === 'openai') {
    return JSON.stringify({
      id: 'chatcmpl-h',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
  }
  if (kind === 'anthropic') {
    return JSON.stringify({
      id: 'msg_h',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 2 },
    });
  }
  return JSON.stringify({ model: 'llama3.2', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: text }, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 2 });
}
