/**
 * Plays one scripted behaviour onto a chat response: a normal answer, an HTTP error, or one of the
 * ways a real upstream fails (stall, cut connection, silence mid-stream, in-band error).
 */
import type { ServerResponse } from 'node:http';
import { defaultErrorBody, overloadedStatus } from './error-bodies.js';
import type { FakeBehaviour, FakeKind } from './fake-types.js';
import { nextTurn, pause } from './pause.js';
import { planReply } from './reply-plan.js';
import type { WireFormat } from './wire-format.js';

export interface ChatAnswer {
  kind: FakeKind;
  response: ServerResponse;
  body: Record<string, unknown>;
  behaviour: FakeBehaviour | undefined;
  wire: WireFormat;
  answerId: string;
  requestId: string;
  /** Headers every response of this kind carries (the request id). */
  baseHeaders: Record<string, string>;
  /** Aborted when the response closes, whoever closed it. */
  signal: AbortSignal;
  /** Called just before the fake itself cuts the connection, so it is not taken for a client abort. */
  onDeliberateCut(): void;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Resolves once the frame has reached the socket (or the response closed), so a cut loses nothing already written. */
function writeFrame(response: ServerResponse, frame: string | Buffer, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    response.write(frame, done);
  });
}

async function writeFrames(response: ServerResponse, frames: string[], signal: AbortSignal): Promise<void> {
  for (const frame of frames) {
    if (signal.aborted) return;
    await writeFrame(response, frame, signal);
    await nextTurn();
  }
}

function cut(answer: ChatAnswer): void {
  answer.onDeliberateCut();
  answer.response.destroy();
}

async function answerStream(answer: ChatAnswer, frames: string[], inBandErrorFrame: string, contentType: string): Promise<void> {
  const { response, behaviour, signal } = answer;
  response.writeHead(200, { ...answer.baseHeaders, 'content-type': contentType, 'cache-control': 'no-cache' });
  response.flushHeaders();
  switch (behaviour?.kind) {
    case 'cut_after_events':
      await writeFrames(response, frames.slice(0, behaviour.events), signal);
      if (!signal.aborted) cut(answer);
      return;
    case 'stall_after_events':
      await writeFrames(response, frames.slice(0, behaviour.events), signal);
      await pause(behaviour.ms, signal);
      await writeFrames(response, frames.slice(behaviour.events), signal);
      break;
    case 'in_band_error':
      await writeFrames(response, [...frames.slice(0, behaviour.afterEvents), inBandErrorFrame], signal);
      break;
    default:
      await writeFrames(response, frames, signal);
  }
  if (!signal.aborted) response.end();
}

/** A whole JSON answer; for the stream-shaped failures it is cut or delayed after the headers. */
async function answerWhole(answer: ChatAnswer, body: unknown): Promise<void> {
  const { response, behaviour, signal } = answer;
  const text = JSON.stringify(body);
  const headers = { ...answer.baseHeaders, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  switch (behaviour?.kind) {
    case 'cut_after_events':
      response.writeHead(200, headers);
      await writeFrame(response, text.slice(0, Math.floor(text.length / 2)), signal);
      if (!signal.aborted) cut(answer);
      return;
    case 'stall_after_events':
      response.writeHead(200, headers);
      response.flushHeaders();
      await pause(behaviour.ms, signal);
      break;
    default:
      response.writeHead(200, headers);
  }
  if (!signal.aborted) response.end(text);
}

async function answerRaw(answer: ChatAnswer, behaviour: Extract<FakeBehaviour, { kind: 'raw' }>): Promise<void> {
  const { response, signal } = answer;
  response.writeHead(behaviour.status, { ...answer.baseHeaders, ...behaviour.headers });
  for (const piece of behaviour.body) {
    if (signal.aborted) return;
    await writeFrame(response, piece, signal);
    await nextTurn();
  }
  // Bounded by the client: a gateway that never gives up would keep this loop (and the test) going.
  while (behaviour.repeat !== undefined && !signal.aborted) {
    await writeFrame(response, behaviour.repeat, signal);
    await nextTurn();
  }
  if (signal.aborted) return;
  if (behaviour.cut === true) cut(answer);
  else response.end();
}

export async function answerChat(answer: ChatAnswer): Promise<void> {
  const { kind, response, body, behaviour, wire, signal } = answer;
  if (behaviour?.kind === 'raw') return answerRaw(answer, behaviour);
  if (behaviour?.kind === 'status') {
    const errorBody = behaviour.body ?? defaultErrorBody(kind, behaviour.status, answer.requestId);
    sendJson(response, behaviour.status, errorBody, { ...answer.baseHeaders, ...behaviour.headers });
    return;
  }
  if (behaviour?.kind === 'stall_before_headers') {
    await pause(behaviour.ms, signal);
    if (signal.aborted) return;
  }
  const stream = wire.wantsStream(body);
  if (behaviour?.kind === 'in_band_error' && !stream) {
    // Outside a stream the provider's overload can only be an HTTP status.
    const status = overloadedStatus(kind);
    sendJson(response, status, defaultErrorBody(kind, status, answer.requestId), answer.baseHeaders);
    return;
  }
  const plan = planReply(body, behaviour?.kind === 'reply' ? behaviour : undefined);
  if (stream) {
    const { frames, inBandErrorFrame, contentType } = wire.stream(plan, answer.answerId, body);
    await answerStream(answer, frames, inBandErrorFrame, contentType);
  } else {
    await answerWhole(answer, wire.whole(plan, answer.answerId));
  }
}
