import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';
import { isJsonContentType } from './validation/json-content-type.js';
import { DEFAULT_REQUEST_LIMITS } from './validation/request-limits.js';
import { scanJsonText } from './validation/scan-json-text.js';

export interface BodyLimits {
  /** Bytes as received, whether the body came with a content-length or chunked. */
  maxBytes: number;
  /** Bracket depth of the JSON text. */
  maxDepth: number;
}

// Fatal: a body that is not UTF-8 is refused, never silently patched with U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function hasBody(request: IncomingMessage): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > 0;
}

async function readBytes(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const tooLarge = (): GatewayError => {
    request.resume();
    return new GatewayError('payload_too_large', `request body exceeds ${maxBytes} bytes`);
  };
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > maxBytes) throw tooLarge();
    parts.push(part);
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
}

/**
 * Reads a JSON request body, refusing in order of cost: no body (400), a content-type other than
 * JSON (415), more than `maxBytes` counted as it arrives (413), bytes that are not UTF-8 (400),
 * then one scan of the text for what JSON.parse would silently accept (scanJsonText, 400), and
 * only then the one JSON.parse. A plain number is `maxBytes` with the default depth.
 */
export async function readJsonBody(request: IncomingMessage, limits: number | BodyLimits): Promise<unknown> {
  const { maxBytes, maxDepth } = typeof limits === 'number' ? { maxBytes: limits, maxDepth: DEFAULT_REQUEST_LIMITS.max_json_depth } : limits;
  if (!hasBody(request)) throw new GatewayError('invalid_json', 'request body is empty; send a JSON object');
  if (!isJsonContentType(request.headers['content-type'])) {
    request.resume();
    const given = request.headers['content-type']?.slice(0, 100) ?? '(none)';
    throw new GatewayError('unsupported_media_type', `content-type must be application/json, not '${given}'`);
  }
  const bytes = await readBytes(request, maxBytes);
  if (bytes.length === 0) throw new GatewayError('invalid_json', 'request body is empty; send a JSON object');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new GatewayError('invalid_json', 'request body is not valid UTF-8');
  }
  scanJsonText(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new GatewayError('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}
