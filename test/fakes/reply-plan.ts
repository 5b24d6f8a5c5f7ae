/**
 * What a fake answers, decided once per request and independent of the wire format, so every
 * provider kind reports the same text and the same token counts for the same request.
 *
 * Token counts when the behaviour gives none (deterministic, so tests can assert them):
 * - prompt = ceil(characters of all message text, system prompt included / 4)
 * - completion = the number of pieces the answer is cut into (reasoning, text and tool-argument
 *   pieces of PIECE_LENGTH characters each), the same whether the answer is streamed or not.
 */
import type { FakeBehaviour, FakeToolCall } from './fake-types.js';

/** Characters per streamed piece: small, so even a short answer arrives as several events. */
export const PIECE_LENGTH = 4;

export interface PlannedToolCall extends FakeToolCall {
  /** The pieces of `arguments` as they are streamed. */
  argumentPieces: string[];
}

export interface ReplyPlan {
  model: string;
  textPieces: string[];
  reasoningPieces: string[];
  toolCalls: PlannedToolCall[];
  /** `tool_calls` when tool calls are answered, otherwise the behaviour's or the max-tokens cut's. */
  finish: 'stop' | 'length' | 'tool_calls';
  usage: { prompt: number; completion: number };
}

type ReplyBehaviour = Extract<FakeBehaviour, { kind: 'reply' }>;

/** Cuts text into pieces of PIECE_LENGTH code points (never inside a surrogate pair). */
export function splitIntoPieces(text: string): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += PIECE_LENGTH) {
    pieces.push(codePoints.slice(start, start + PIECE_LENGTH).join(''));
  }
  return pieces;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** All text inside a content value: a string, or parts carrying `text` or nested `content`. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (!isRecord(part)) return '';
      if (typeof part.text === 'string') return part.text;
      return textOf(part.content);
    })
    .join('');
}

function messagesOf(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
}

/** The text of the last user message, which the default reply echoes. */
export function lastUserText(body: Record<string, unknown>): string {
  const userMessages = messagesOf(body).filter((message) => message.role === 'user');
  return textOf(userMessages.at(-1)?.content);
}

export function countPromptTokens(body: Record<string, unknown>): number {
  const characters =
    textOf(body.system).length +
    messagesOf(body).reduce((total, message) => total + textOf(message.content).length, 0);
  return Math.ceil(characters / 4);
}

function requestOffersTools(body: Record<string, unknown>): boolean {
  return Array.isArray(body.tools) && body.tools.length > 0;
}

/** The completion limit the client set, in whichever field its provider uses. */
function maxTokensOf(body: Record<string, unknown>): number | undefined {
  const options = isRecord(body.options) ? body.options : {};
  const candidates = [body.max_completion_tokens, body.max_tokens, options.num_predict];
  return candidates.find((value): value is number => typeof value === 'number' && value > 0);
}

export function planReply(body: Record<string, unknown>, behaviour: ReplyBehaviour | undefined): ReplyPlan {
  const model = typeof body.model === 'string' ? body.model : 'unknown-model';
  const answersTools = requestOffersTools(body) && (behaviour?.toolCalls?.length ?? 0) > 0;
  const toolCalls: PlannedToolCall[] = answersTools
    ? (behaviour?.toolCalls ?? []).map((call) => ({ ...call, argumentPieces: splitIntoPieces(call.arguments) }))
    : [];
  const defaultText = answersTools ? '' : `Echo: ${lastUserText(body)}`;
  let textPieces = splitIntoPieces(behaviour?.text ?? defaultText);
  const reasoningPieces = splitIntoPieces(behaviour?.reasoning ?? '');
  let finish: ReplyPlan['finish'] = answersTools ? 'tool_calls' : (behaviour?.finish ?? 'stop');

  // Like a real model, stop at the client's limit; only plain text is cut, to keep tool JSON whole.
  const limit = maxTokensOf(body);
  if (!answersTools && limit !== undefined && reasoningPieces.length + textPieces.length > limit) {
    textPieces = textPieces.slice(0, Math.max(0, limit - reasoningPieces.length));
    finish = 'length';
  }

  const argumentPieceCount = toolCalls.reduce((total, call) => total + call.argumentPieces.length, 0);
  const usage = behaviour?.usage ?? {
    prompt: countPromptTokens(body),
    completion: reasoningPieces.length + textPieces.length + argumentPieceCount,
  };
  return { model, textPieces, reasoningPieces, toolCalls, finish, usage };
}

/**
 * Anthropic and Ollama carry tool arguments as an object, not JSON text; text that is not a JSON
 * object becomes `{}`, which is what those providers would have to send.
 */
export function argumentsAsObject(argumentsText: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
