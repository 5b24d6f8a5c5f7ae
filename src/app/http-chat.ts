import { Agent, request, type Dispatcher } from 'undici';
import { decodeSse } from '../providers/wire/sse-decoder.js';
import { CANCELLED, ChatTurnError, type ChatAnswer, type ChatSession, type DeltaListener, type OpenAIChatBody } from './chat-session.js';

/** What verifies a TLS gateway and, for mutual TLS, the client certificate to present (PEM text). */
export interface ClientTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface HttpChatOptions {
  /** Sent as `Authorization: Bearer`; a client certificate alone may do when the gateway allows it. */
  apiKey?: string;
  tls?: ClientTls;
}

/** Connection options for undici: the CA replaces the system roots only when one is given. */
export function createClientAgent(tls: ClientTls | undefined): Agent {
  const connect: Record<string, string> = {};
  if (tls?.ca !== undefined) connect['ca'] = tls.ca;
  if (tls?.cert !== undefined) connect['cert'] = tls.cert;
  if (tls?.key !== undefined) connect['key'] = tls.key;
  return new Agent({ connect });
}

/**
 * Chat through a running gateway over its OpenAI-compatible endpoint
 * (`POST /v1/chat/completions`, streamed as Server-Sent Events with usage), so its process alone
 * writes the audit log. Errors come back as the gateway sent them: code, status, message and
 * `x-request-id`.
 */
export function openHttpChat(baseUrl: string, options: HttpChatOptions = {}): ChatSession {
  const dispatcher = createClientAgent(options.tls);
  const url = new URL('/v1/chat/completions', baseUrl).toString();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.apiKey !== undefined) headers['authorization'] = `Bearer ${options.apiKey}`;

  return {
    mode: 'http',
    endpoint: baseUrl,
    async send(body: OpenAIChatBody, onDelta: DeltaListener = () => undefined, signal?: AbortSignal): Promise<ChatAnswer> {
      const payload = JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } });
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, { method: 'POST', headers, body: payload, dispatcher, ...(signal === undefined ? {} : { signal }) });
      } catch (error) {
        if (signal?.aborted === true) throw new ChatTurnError(CANCELLED, 499, 'the turn was cancelled', undefined);
        throw new ChatTurnError('gateway_unreachable', 0, `cannot reach the gateway at ${baseUrl}: ${(error as Error).message}`, undefined);
      }
      const requestId = headerOf(response.headers, 'x-request-id');
      if (response.statusCode !== 200) {
        const text = await response.body.text().catch(() => '');
        const { code, message } = errorOf(parseJson(text)) ?? { code: 'http_error', message: `the gateway answered ${response.statusCode}` };
        throw new ChatTurnError(code, response.statusCode, message, requestId);
      }
      try {
        return await readAnswer(response, requestId ?? '', onDelta);
      } catch (error) {
        if (signal?.aborted === true) throw new ChatTurnError(CANCELLED, 499, 'the turn was cancelled', requestId);
        if (error instanceof ChatTurnError) throw error;
        throw new ChatTurnError('gateway_unreachable', 0, `the connection to the gateway broke: ${(error as Error).message}`, requestId);
      }
    },
    close: () => dispatcher.close(),
  };
}

/** Reads the OpenAI stream the gateway sends; an error event mid-stream becomes a `ChatTurnError`. */
async function readAnswer(response: Dispatcher.ResponseData, requestId: string, onDelta: DeltaListener): Promise<ChatAnswer> {
  const answer: ChatAnswer = {
    requestId,
    model: headerOf(response.headers, 'x-securellm-model') ?? '',
    provider: headerOf(response.headers, 'x-securellm-provider'),
    text: '',
    finishReason: undefined,
    usage: undefined,
    costUsd: undefined,
  };
  let done = false;
  for await (const event of decodeSse(response.body)) {
    if (event.data === '[DONE]') {
      done = true;
      continue;
    }
    const data = parseJson(event.data);
    const failure = errorOf(data);
    if (failure !== undefined) throw new ChatTurnError(failure.code, 200, failure.message, requestId);
    if (!isRecord(data)) continue;
    const usage = data['usage'];
    if (isRecord(usage) && typeof usage['prompt_tokens'] === 'number' && typeof usage['completion_tokens'] === 'number') {
      answer.usage = { promptTokens: usage['prompt_tokens'], completionTokens: usage['completion_tokens'] };
    }
    const choice = Array.isArray(data['choices']) ? (data['choices'][0] as unknown) : undefined;
    if (!isRecord(choice)) continue;
    if (typeof choice['finish_reason'] === 'string') answer.finishReason = choice['finish_reason'];
    const delta = choice['delta'];
    if (isRecord(delta) && typeof delta['content'] === 'string' && delta['content'] !== '') {
      answer.text += delta['content'];
      onDelta(delta['content']);
    }
  }
  if (!done) throw new ChatTurnError('upstream_error', 200, 'the answer stream ended before it was complete', requestId);
  const cost = Number(headerOf(response.trailers, 'x-securellm-cost-usd'));
  if (Number.isFinite(cost) && headerOf(response.trailers, 'x-securellm-cost-usd') !== undefined) answer.costUsd = cost;
  return answer;
}

function errorOf(value: unknown): { code: string; message: string } | undefined {
  if (!isRecord(value) || !isRecord(value['error'])) return undefined;
  const error = value['error'];
  const message = typeof error['message'] === 'string' ? error['message'] : 'the gateway refused the request';
  const code = typeof error['code'] === 'string' ? error['code'] : typeof error['type'] === 'string' ? error['type'] : 'error';
  return { code, message };
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
