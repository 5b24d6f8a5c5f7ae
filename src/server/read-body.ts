import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';

/**
 * Reads a request body up to `maxBytes`, counted as it arrives (so chunked bodies are limited too),
 * and parses it as JSON. Over the limit → 413; not JSON → 400.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw new GatewayError('payload_too_large', `request body exceeds ${maxBytes} bytes`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > maxBytes) {
      request.resume();
      throw new GatewayError('payload_too_large', `request body exceeds ${maxBytes} bytes`);
    }
    parts.push(part);
  }
  if (size === 0) throw new GatewayError('invalid_json', 'request body is empty; send a JSON object');
  const text = parts.length === 1 ? (parts[0] as Buffer).toString('utf8') : Buffer.concat(parts, size).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new GatewayError('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}
