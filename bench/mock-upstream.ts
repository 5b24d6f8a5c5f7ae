import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A loopback stand-in for the OpenAI Chat Completions API, as cheap as node:http allows, so the
 * bench measures the gateway and not the upstream. Every answer is built once at start; a request
 * costs one small JSON.parse. It checks the provider key, so a gateway that forwarded the client's
 * key (or none) shows up as errors instead of as a fast run.
 */

export const MOCK_UPSTREAM_KEY = 'bench-upstream-key';
export const MOCK_MODEL = 'gpt-4o-mini';
const CONTENT_CHUNKS = 20;
const USAGE = { prompt_tokens: 12, completion_tokens: CONTENT_CHUNKS, total_tokens: 12 + CONTENT_CHUNKS };
const CREATED = 1_700_000_000;
const MAX_BODY_BYTES = 64 * 1024;

const completionBody = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: MOCK_MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench upstream.' }, finish_reason: 'stop' }],
    usage: USAGE,
  }),
);

const modelsBody = Buffer.from(
  JSON.stringify({ object: 'list', data: [{ id: MOCK_MODEL, object: 'model', created: CREATED, owned_by: 'bench' }] }),
);

function sseEvent(payload: unknown): Buffer {
  return Buffer.from(`data: ${JSON.stringify(payload)}\n\n`);
}

function chunkEvent(delta: Record<string, string>, finishReason: string | null): Buffer {
  return sseEvent({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: MOCK_MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
}

/** One event per token, as a real upstream streams them; the last carries the finish reason. */
const streamEvents: Buffer[] = [chunkEvent({ role: 'assistant', content: '' }, null)];
for (let index = 0; index < CONTENT_CHUNKS; index++) {
  streamEvents.push(chunkEvent({ content: ` word${index}` }, index === CONTENT_CHUNKS - 1 ? 'stop' : null));
}
const usageEvent = sseEvent({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: MOCK_MODEL, choices: [], usage: USAGE });
const doneEvent = Buffer.from('data: [DONE]\n\n');

interface ChatBody {
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

function sendJson(response: ServerResponse, status: number, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
  response.end(bytes);
}

function sendError(response: ServerResponse, status: number, message: string, type: string): void {
  sendJson(response, status, JSON.stringify({ error: { message, type, code: null } }));
}

function sendStream(response: ServerResponse, includeUsage: boolean): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // Written back to back, without delays: the upstream is never the slow part of the measurement.
  for (const event of streamEvents) response.write(event);
  if (includeUsage) response.write(usageEvent);
  response.end(doneEvent);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    length += part.length;
    if (length > MAX_BODY_BYTES) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts, length);
}

async function handleChat(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const raw = await readBody(request);
  if (raw === undefined) return sendError(response, 413, 'body too large', 'invalid_request_error');
  let body: ChatBody;
  try {
    body = JSON.parse(raw.toString('utf8')) as ChatBody;
  } catch {
    return sendError(response, 400, 'body is not JSON', 'invalid_request_error');
  }
  if (body.stream === true) return sendStream(response, body.stream_options?.include_usage === true);
  sendJson(response, 200, completionBody);
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  if (request.headers.authorization !== `Bearer ${MOCK_UPSTREAM_KEY}`) {
    request.resume();
    return sendError(response, 401, 'wrong or missing upstream API key', 'authentication_error');
  }
  if (request.method === 'POST' && request.url === '/v1/chat/completions') {
    handleChat(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, String(error), 'server_error');
      else response.destroy();
    });
    return;
  }
  request.resume();
  if (request.method === 'GET' && request.url === '/v1/models') return sendJson(response, 200, modelsBody);
  sendError(response, 404, `no route for ${request.method ?? ''} ${request.url ?? ''}`, 'invalid_request_error');
}

/** Starts the mock on 127.0.0.1; `port` 0 lets the system pick one (read it from the result). */
export async function startMockUpstream(port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(handle);
  // Longer than any pause between bench runs, so kept-alive connections are not closed under a client.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('mock upstream has no TCP address');
  return { server, port: address.port };
}
