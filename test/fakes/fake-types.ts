/**
 * The contract of the loopback fake upstreams. End-to-end tests point a provider's `base_url` at a
 * fake, drive the gateway, then read what the fake received and script how it misbehaves.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { VramReading } from './vram-reading.js';

export type FakeKind = 'openai' | 'deepseek' | 'anthropic' | 'ollama' | 'local';

export interface RecordedRequest {
  method: string;
  /** The path with its query string, as the client sent it. */
  path: string;
  /** Lower-cased header names, as Node hands them over. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
}

export interface FakeToolCall {
  name: string;
  /** The JSON text of the arguments, as a model would produce it. */
  arguments: string;
}

export type FakeBehaviour =
  /**
   * A successful answer. Tool calls are answered only when the request offered tools. Text defaults
   * to `Echo: <last user text>` (to the empty string when tool calls are answered).
   */
  | {
      kind: 'reply';
      text?: string;
      toolCalls?: FakeToolCall[];
      reasoning?: string;
      usage?: { prompt: number; completion: number };
      finish?: 'stop' | 'length';
    }
  /** An HTTP error; `body` defaults to the provider's documented error shape for that status. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Accept the request, send nothing for `ms`, then give the default reply. */
  | { kind: 'stall_before_headers'; ms: number }
  /** Stream `events` events (SSE blocks or NDJSON lines), then destroy the socket. */
  | { kind: 'cut_after_events'; events: number }
  /** Stream `events` events, go silent for `ms`, then finish the stream. */
  | { kind: 'stall_after_events'; events: number; ms: number }
  /** Stream `afterEvents` events, then the provider's own mid-stream error, then end the response. */
  | { kind: 'in_band_error'; afterEvents: number }
  /**
   * Exact bytes, for upstreams that break the wire format: the status and headers as given, each
   * `body` piece as a separate write, then `repeat` written again and again until the client goes
   * away (an endless stream), then the end of the response, or a destroyed socket with `cut`.
   */
  | { kind: 'raw'; status: number; headers: Record<string, string>; body: ReadonlyArray<string | Buffer>; repeat?: string | Buffer; cut?: boolean };

export interface FakeVram {
  total_mb: number;
  used_mb: number;
  free_mb: number;
}

export interface FakeUpstreamOptions {
  /**
   * When set, requests must carry this key the way the real provider expects it: `Authorization:
   * Bearer` for the OpenAI-style kinds and Ollama; `x-api-key` or `Authorization: Bearer` for Anthropic.
   */
  requiredApiKey?: string;
  /** Model ids listed by the models endpoint (the chat endpoint accepts any model). */
  models?: string[];
  /** What `GET /health/vram` reports at first (local kind only); `FakeUpstream.vram` changes it. */
  vram?: FakeVram;
  /**
   * Refuse chat requests for a model the models endpoint does not list, as the real server does:
   * Ollama answers 404 `{"error":"model \"x\" not found, try pulling it first"}`, the others their 404.
   */
  onlyListedModels?: boolean;
}

export interface FakeUpstream {
  kind: FakeKind;
  /** What to put in `[providers.X] base_url`: OpenAI's includes `/v1`; the others are the bare origin. */
  baseUrl: string;
  /** Every request received, in order (chat, models, health, unknown paths). */
  requests: RecordedRequest[];
  /** Only the chat endpoint's requests. */
  chatRequests(): RecordedRequest[];
  /** The `GET /health/vram` reading (local kind), settable between requests. */
  vram: VramReading;
  /** Replaces the models the models endpoint lists (an `ollama pull` or a model unloaded). */
  setModels(models: string[]): void;
  /** Queue behaviours for the next chat requests (first in, first out); when empty, the default reply. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** How many chat requests the client abandoned before the fake finished answering. */
  abortedCount(): number;
  /**
   * Resolves at the next abandonment not yet awaited: an abandonment that happened before the call
   * still counts, so a test cannot miss one that raced ahead of it. Rejects after `timeoutMs`.
   */
  waitForAbort(timeoutMs?: number): Promise<void>;
  /** Stops listening and destroys every open connection, even one in the middle of a stall. */
  close(): Promise<void>;
}
