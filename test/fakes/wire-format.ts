/** How a provider kind renders a planned reply: as one JSON body or as a list of stream frames. */
import type { ReplyPlan } from './reply-plan.js';

export interface StreamAnswer {
  contentType: string;
  /** Each frame is one event exactly as written to the socket (an SSE block or an NDJSON line). */
  frames: string[];
  /** The provider's own mid-stream error, as one frame. */
  inBandErrorFrame: string;
}

export interface WireFormat {
  /** Whether the request asked for a stream (Ollama streams unless told `stream: false`). */
  wantsStream(body: Record<string, unknown>): boolean;
  whole(plan: ReplyPlan, answerId: string): unknown;
  stream(plan: ReplyPlan, answerId: string, body: Record<string, unknown>): StreamAnswer;
}

export function sseDataFrame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function sseEventFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const sseContentType = 'text/event-stream; charset=utf-8';
