import assert from 'node:assert/strict';
import http from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatChunk, ChatRequest } from '../../../src/core/types.js';

/** One request as the loopback upstream received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type UpstreamHandler = (request: RecordedRequest, response: ServerResponse) => void;

export interface LoopbackUpstream {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1, port 0, standing in for a provider. Never a real host. */
export async function startLoopbackUpstream(handler: UpstreamHandler): Promise<LoopbackUpstream> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((incoming, response) => {
    const parts: Buffer[] = [];
    incoming.on('data', (part: Buffer) => parts.push(part));
    incoming.on('end', () => {
      const recorded: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(parts).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when the client goes away before the response was finished. */
export function clientWentAway(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    response.on('close', () => {
      if (!response.writableFinished) resolve();
    });
  });
}

/** Fails instead of hanging when something the test waits for never happens. */
export async function within<T>(promise: Promise<T> | undefined, milliseconds: number, what: string): Promise<T> {
  assert.ok(promise, `${what}: nothing to wait for`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${milliseconds} ms`)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function collect(chunks: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const result: ChatChunk[] = [];
  for await (const chunk of chunks) result.push(chunk);
  return result;
}

/** Collects chunks until the stream fails; returns both, so tests can check what came before. */
export async function collectUntilError(chunks: AsyncIterable<ChatChunk>): Promise<{ chunks: ChatChunk[]; error: unknown }> {
  const result: ChatChunk[] = [];
  try {
    for await (const chunk of chunks) result.push(chunk);
  } catch (error) {
    return { chunks: result, error };
  }
  return { chunks: result, error: undefined };
}

/** A minimal valid unified request; tests override what they look at. */
export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'test/model',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: true,
    includeUsage: false,
    metadata: { requestId: 'req_test', clientFormat: 'openai' },
    ...overrides,
  };
}
