import type { ClientCodec } from '../client-codec.js';
import { serializeAnthropicError } from './anthropic-error-body.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';
import { serializeAnthropicResponse } from './serialize-anthropic-response.js';

/**
 * The Anthropic Messages front door (`POST /v1/messages`), so Anthropic clients work unchanged.
 *
 * https://docs.anthropic.com/en/api/messages
 */
export const anthropicCodec: ClientCodec = {
  format: 'anthropic',
  parseRequest: parseAnthropicRequest,
  serializeResponse: serializeAnthropicResponse,
  createStreamWriter: (request, model) => new AnthropicStreamWriter({ requestId: request.metadata.requestId, model }),
  serializeError: serializeAnthropicError,
};
