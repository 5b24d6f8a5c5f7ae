import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../core/errors.js';
import type { ClientCodec } from './client-codec.js';

/**
 * The one place where errors become HTTP responses: status from the error code, the body in the
 * client's API format, `x-request-id`, and `Retry-After` when a wait is known.
 */
export function sendErrorResponse(response: ServerResponse, codec: ClientCodec, error: GatewayError, requestId: string): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify(codec.serializeError(error));
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  };
  // Anthropic's SDKs read the id from `request-id`, Anthropic's own header name.
  if (codec.format === 'anthropic') headers['request-id'] = requestId;
  if (error.status === 429 || error.status === 503) {
    headers['retry-after'] = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
  }
  if (error.status === 405) headers['allow'] = error.message.includes('GET') ? 'GET' : 'POST';
  response.writeHead(error.status, headers);
  response.end(body);
}
