import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../core/errors.js';
import type { ClientCodec } from './client-codec.js';
import { noteReason } from './route-notes.js';

/**
 * The one place where errors become HTTP responses: status from the error code, the body in the
 * client's API format, `x-request-id`, and `Retry-After` when a wait is known.
 */
export function sendErrorResponse(
  response: ServerResponse,
  codec: ClientCodec,
  error: GatewayError,
  requestId: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  noteReason(response, error.code);
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify(codec.serializeError(error));
  const headers: Record<string, string | number> = {
    ...extraHeaders,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  };
  // Anthropic's SDKs read the id from `request-id`, Anthropic's own header name.
  if (codec.format === 'anthropic') headers['request-id'] = requestId;
  // A limiter's refusal brings its own Retry-After (none when waiting cannot help).
  if ((error.status === 429 || error.status === 503) && !('retry-after' in extraHeaders)) {
    headers['retry-after'] = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
  }
  if (error.allow !== undefined) headers['allow'] = error.allow;
  response.writeHead(error.status, headers);
  response.end(body);
}
