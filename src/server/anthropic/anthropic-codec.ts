import type { ClientCodec } from '../client-codec.js';
import { serializeAnthropicError } from './anthropic-error-body.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../validation/request-limits.js';
import { createAnthropicRequestParser } from './parse-anthropic-request.js';
import { serializeAnthropicResponse } from './serialize-anthropic-response.js';

export interface AnthropicCodecOptions {
  /** What a request may hold (`[limits]`); the documented defaults otherwise. */
  limits?: RequestLimits;
}

/**
 * The Anthropic Messages front door (`POST /v1/messages`), so Anthropic clients work unchanged.
 *
 * https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicCodec({ limits = DEFAULT_REQUEST_LIMITS }: AnthropicCodecOptions = {}): ClientCodec {
  return {
    format: 'anthropic',
    parseRequest: createAnthropicRequestParser(limits),
    serializeResponse: serializeAnthropicResponse,
    createStreamWriter: (request, model) => new AnthropicStreamWriter({ requestId: request.metadata.requestId, model }),
    serializeError: serializeAnthropicError,
  };
}

export const anthropicCodec: ClientCodec = createAnthropicCodec();
