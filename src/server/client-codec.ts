import type { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse, ClientFormat } from '../core/types.js';
import type { StreamWriter } from './stream-writer.js';

/**
 * One client API format (a front door of the gateway) as a pure codec: the HTTP server parses
 * JSON and writes bytes; the codec only translates between the wire format and the unified types.
 */
export interface ClientCodec {
  format: ClientFormat;
  /**
   * Validates a parsed JSON body strictly and builds the unified request. Throws
   * `GatewayError('invalid_request', message naming the field, { param })`.
   */
  parseRequest(body: unknown, requestId: string): ChatRequest;
  /** The whole (non-streaming) answer as the JSON value to send. */
  serializeResponse(response: ChatResponse, request: ChatRequest): unknown;
  /** A writer for one streamed answer; `model` is what the response reports. */
  createStreamWriter(request: ChatRequest, model: string): StreamWriter;
  /** The error body in this format. */
  serializeError(error: GatewayError): unknown;
}

export { openaiCodec } from './openai/openai-codec.js';
export { anthropicCodec } from './anthropic/anthropic-codec.js';
