import type { ServerResponse } from 'node:http';

/**
 * A successful admin answer. `no-store` because admin answers hold keys shown once and the
 * gateway's configuration, which no shared cache or browser history should keep.
 */
export function sendJson(response: ServerResponse, status: number, value: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': requestId,
  });
  response.end(body);
}

/** `204 No Content`: the action happened and there is nothing to say. */
export function sendNoContent(response: ServerResponse, requestId: string): void {
  response.writeHead(204, { 'cache-control': 'no-store', 'x-request-id': requestId });
  response.end();
}
