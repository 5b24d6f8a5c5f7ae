/**
 * A loopback HTTP server that speaks one provider's wire format: it records every request, answers
 * chat requests from a queue of scripted behaviours, and notices when a client gives up early.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerChat, sendJson } from './answer-chat.js';
import { anthropicWire } from './anthropic-wire.js';
import { checkAuth } from './check-auth.js';
import { anthropicErrorBody, defaultErrorBody, openAiErrorBody } from './error-bodies.js';
import type { FakeBehaviour, FakeKind, FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './fake-types.js';
import { abandonmentTracker } from './abandonment-tracker.js';
import { defaultModels, modelList } from './model-lists.js';
import { ollamaWire } from './ollama-wire.js';
import { openAiWire } from './openai-wire.js';
import { vramReading } from './vram-reading.js';
import type { WireFormat } from './wire-format.js';

export type { FakeBehaviour, FakeKind, FakeToolCall, FakeUpstream, FakeUpstreamOptions, FakeVram, RecordedRequest } from './fake-types.js';

/** The paths the gateway appends to each provider's base_url (DESIGN.md, Configuration). */
const routes: Record<FakeKind, { chat: string; models: string; health?: string }> = {
  openai: { chat: '/v1/chat/completions', models: '/v1/models' },
  deepseek: { chat: '/chat/completions', models: '/models' },
  anthropic: { chat: '/v1/messages', models: '/v1/models' },
  ollama: { chat: '/api/chat', models: '/api/tags' },
  local: { chat: '/v1/chat/completions', models: '/v1/models', health: '/health/vram' },
};

function wireFor(kind: FakeKind, requestId: string): WireFormat {
  if (kind === 'anthropic') return anthropicWire(requestId);
  if (kind === 'ollama') return ollamaWire();
  return openAiWire(kind);
}

function requestIdHeaders(kind: FakeKind, requestId: string): Record<string, string> {
  return kind === 'anthropic' ? { 'request-id': requestId } : { 'x-request-id': requestId };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendNotFound(kind: FakeKind, response: ServerResponse, method: string, path: string, headers: Record<string, string>): void {
  if (kind === 'ollama') {
    // Ollama's Go router answers unknown paths in plain text.
    response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('404 page not found');
  } else if (kind === 'anthropic') {
    sendJson(response, 404, anthropicErrorBody('not_found_error', 'Not Found', headers['request-id'] ?? ''), headers);
  } else if (kind === 'local') {
    sendJson(response, 404, { detail: 'Not Found' }, headers);
  } else {
    sendJson(response, 404, openAiErrorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error', null), headers);
  }
}

/** The provider's own 404 for a model it does not have (Ollama: one never pulled). */
function modelNotFoundBody(kind: FakeKind, model: string, requestId: string): unknown {
  if (kind === 'ollama') return { error: `model "${model}" not found, try pulling it first` };
  if (kind === 'anthropic') return anthropicErrorBody('not_found_error', `model: ${model}`, requestId);
  if (kind === 'local') return { detail: `Model ${model} not found` };
  return openAiErrorBody(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
}

/** The provider's 400 for a body that is not a JSON object, or for Anthropic, lacks max_tokens. */
function invalidChatBody(kind: FakeKind, body: unknown, requestId: string): unknown {
  if (!isRecord(body)) {
    if (kind === 'anthropic') return anthropicErrorBody('invalid_request_error', 'Request body must be valid JSON', requestId);
    if (kind === 'ollama') return { error: 'invalid character in request body' };
    return openAiErrorBody('We could not parse the JSON body of your request.', 'invalid_request_error', null);
  }
  if (kind === 'anthropic' && typeof body.max_tokens !== 'number') {
    return anthropicErrorBody('invalid_request_error', 'max_tokens: Field required', requestId);
  }
  return undefined;
}

export async function startFakeUpstream(kind: FakeKind, options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const route = routes[kind];
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  const abandonments = abandonmentTracker();
  const vram = vramReading(options.vram);
  let listed = options.models ?? defaultModels[kind];
  let requestCounter = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    requestCounter += 1;
    const requestId = `req_fake_${kind}_${requestCounter}`;
    const baseHeaders = requestIdHeaders(kind, requestId);
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const record: RecordedRequest = { method, path, headers: request.headers, body: undefined };
    requests.push(record);
    record.body = parseJson(await readBody(request));

    const pathname = path.split('?')[0];
    const isChat = method === 'POST' && pathname === route.chat;
    const isModels = method === 'GET' && pathname === route.models;
    const isHealth = method === 'GET' && route.health !== undefined && pathname === route.health;
    if (!isChat && !isModels && !isHealth) return sendNotFound(kind, response, method, path, baseHeaders);
    if (isHealth) return sendJson(response, 200, vram.current(), baseHeaders);

    const refusal = checkAuth(kind, request.headers, options.requiredApiKey, requestId);
    if (refusal !== undefined) return sendJson(response, refusal.status, refusal.body, baseHeaders);
    if (isModels) return sendJson(response, 200, modelList(kind, listed), baseHeaders);

    const invalid = invalidChatBody(kind, record.body, requestId);
    if (invalid !== undefined || !isRecord(record.body)) {
      return sendJson(response, 400, invalid ?? defaultErrorBody(kind, 400, requestId), baseHeaders);
    }
    const model = typeof record.body.model === 'string' ? record.body.model : '';
    if (options.onlyListedModels === true && !listed.includes(model)) return sendJson(response, 404, modelNotFoundBody(kind, model, requestId), baseHeaders);
    const signal = abandonments.watch(response);
    await answerChat({
      kind,
      response,
      body: record.body,
      behaviour: queue.shift(),
      wire: wireFor(kind, requestId),
      answerId: `fake${requestCounter}`,
      requestId,
      baseHeaders,
      signal: signal.signal,
      onDeliberateCut: signal.markDeliberate,
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // A client that vanished mid-request leaves nothing to answer; anything else ends the socket.
      if (!response.destroyed) response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    kind,
    baseUrl: kind === 'openai' ? `${origin}/v1` : origin,
    requests,
    chatRequests: () => requests.filter((entry) => entry.method === 'POST' && entry.path.split('?')[0] === route.chat),
    vram,
    setModels: (models) => {
      listed = [...models];
    },
    enqueue: (...behaviours) => void queue.push(...behaviours),
    abortedCount: () => abandonments.count(),
    waitForAbort: (timeoutMs = 5_000) => abandonments.waitForNext(timeoutMs),
    close: async () => {
      abandonments.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
