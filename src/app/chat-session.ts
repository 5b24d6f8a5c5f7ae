/** One message of an OpenAI Chat Completions request, as the CLI and the MCP server build them. */
export interface OpenAIChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  [field: string]: unknown;
}

/**
 * The body of one chat turn: an OpenAI Chat Completions request
 * (https://platform.openai.com/docs/api-reference/chat/create). The gateway's own OpenAI codec
 * validates it, strictly, in both modes; `stream` is decided by the session, not by the caller.
 */
export interface OpenAIChatBody {
  model: string;
  messages: readonly OpenAIChatMessage[];
  [field: string]: unknown;
}

/** The whole answer of one turn, whichever way it travelled. */
export interface ChatAnswer {
  requestId: string;
  /** The target that answered, `provider/model`. */
  model: string;
  provider: string | undefined;
  text: string;
  finishReason: string | undefined;
  usage: { promptTokens: number; completionTokens: number } | undefined;
  costUsd: number | undefined;
}

/** A turn's answer as a JSON record (snake_case, as `chat --json` prints it and the MCP `chat` tool returns it). */
export function answerRecord(answer: ChatAnswer): Record<string, unknown> {
  return {
    request_id: answer.requestId,
    model: answer.model,
    provider: answer.provider ?? null,
    text: answer.text,
    finish_reason: answer.finishReason ?? null,
    usage: answer.usage === undefined ? null : { prompt_tokens: answer.usage.promptTokens, completion_tokens: answer.usage.completionTokens },
    cost_usd: answer.costUsd ?? null,
  };
}

/** Called with each piece of answer text as soon as it arrives. */
export type DeltaListener = (text: string) => void;

/** The code of a turn the caller aborted through its signal (status 499, as the audit record has it). */
export const CANCELLED = 'cancelled';

/**
 * A turn the gateway refused or could not answer: the gateway's own error code, status and
 * message (as an HTTP client would see them) and the request id to look the audit record up by.
 */
export class ChatTurnError extends Error {
  constructor(
    /** The gateway's stable error code (`rate_limited`, `prompt_injection_detected`, …), `gateway_unreachable` or `cancelled`. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'ChatTurnError';
  }
}

/** A way to send chat turns through the gateway's pipeline: in this process, or to a running server. */
export interface ChatSession {
  readonly mode: 'in-process' | 'http';
  /** Where the turns go: `in-process` or the server's URL. */
  readonly endpoint: string;
  /**
   * Sends one turn (streamed), calls `onDelta` with each text piece, resolves with the whole
   * answer, or rejects with a `ChatTurnError`. The session keeps no history: the caller does.
   */
  send(body: OpenAIChatBody, onDelta?: DeltaListener, signal?: AbortSignal): Promise<ChatAnswer>;
  /** Flushes the audit log and usage and closes stores and connections. */
  close(): Promise<void>;
}
