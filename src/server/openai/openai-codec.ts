import type { ClientCodec } from '../client-codec.js';
import { serializeOpenAIError } from './openai-error-body.js';
import { OpenAIStreamWriter } from './openai-stream-writer.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../validation/request-limits.js';
import { createOpenAIRequestParser } from './parse-openai-request.js';
import { serializeOpenAIResponse } from './serialize-openai-response.js';

export interface OpenAICodecOptions {
  /** The clock for `created` (Unix seconds); tests pin it. */
  nowSeconds?: () => number;
  /** What a request may hold (`[limits]`); the documented defaults otherwise. */
  limits?: RequestLimits;
}

/**
 * The OpenAI Chat Completions front door (`POST /v1/chat/completions`).
 *
 * https://platform.openai.com/docs/api-reference/chat
 */
export function createOpenAICodec({
  nowSeconds = () => Math.floor(Date.now() / 1000),
  limits = DEFAULT_REQUEST_LIMITS,
}: OpenAICodecOptions = {}): ClientCodec {
  return {
    format: 'openai',
    parseRequest: createOpenAIRequestParser(limits),
    serializeResponse: (response, request) => serializeOpenAIResponse(response, request, nowSeconds()),
    createStreamWriter: (request, model) =>
      new OpenAIStreamWriter({
        requestId: request.metadata.requestId,
        model,
        includeUsage: request.includeUsage,
        createdSeconds: nowSeconds(),
      }),
    serializeError: serializeOpenAIError,
  };
}

export const openaiCodec: ClientCodec = createOpenAICodec();
