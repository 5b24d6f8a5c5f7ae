import { kindForStatus, ProviderError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { parseRetryAfter } from '../transport.js';
import type { Transport, UpstreamResponse } from '../transport.js';
import { maskSecrets } from '../../security/secrets/mask-secrets.js';
import type { AnthropicErrorBody } from './anthropic-api.js';

/** Auth failures get a fixed message: the upstream's may echo fragments of the gateway's key. */
export const ANTHROPIC_AUTH_MESSAGE = 'upstream rejected the gateway credentials';

/** Error bodies are small; more than this is not worth holding in memory. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_LENGTH = 500;

/**
 * Anthropic error `type` → error kind, for errors that arrive inside a stream (`event: error`),
 * where there is no HTTP status to go by.
 * See https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorKind(type: string | undefined): ProviderErrorKind {
  switch (type) {
    case 'invalid_request_error':
    case 'request_too_large':
      return 'bad_request';
    case 'authentication_error':
    case 'permission_error':
      return 'auth';
    case 'not_found_error':
      return 'not_found';
    case 'rate_limit_error':
      return 'rate_limited';
    case 'overloaded_error':
      return 'overloaded';
    case 'timeout_error':
      return 'timeout';
    case 'api_error':
    default:
      return 'unavailable';
  }
}

/** Builds the error for an `event: error` in a stream. */
export function anthropicStreamError(body: AnthropicErrorBody, provider: string): ProviderError {
  const kind = anthropicErrorKind(body.error?.type);
  return new ProviderError(kind, messageFor(kind, body.error?.message, 'upstream reported an error mid-stream'), { provider });
}

/** Reads a non-2xx answer into a typed error; the status decides the kind. */
export async function readAnthropicHttpError(transport: Transport, response: UpstreamResponse, provider: string): Promise<ProviderError> {
  const kind = kindForStatus(response.status);
  let upstreamMessage: string | undefined;
  try {
    const body = (await transport.readJson(response.body, MAX_ERROR_BODY_BYTES)) as AnthropicErrorBody | null;
    upstreamMessage = typeof body?.error?.message === 'string' ? body.error.message : undefined;
  } catch {
    // A body that is not Anthropic's error JSON (a proxy's HTML page) leaves the status to speak.
  }
  const options: { provider: string; upstreamStatus: number; retryAfterMs?: number } = { provider, upstreamStatus: response.status };
  const retryAfterMs = parseRetryAfter(response.headers);
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new ProviderError(kind, messageFor(kind, upstreamMessage, `upstream answered HTTP ${response.status}`), options);
}

function messageFor(kind: ProviderErrorKind, upstreamMessage: string | undefined, fallback: string): string {
  if (kind === 'auth') return ANTHROPIC_AUTH_MESSAGE;
  if (upstreamMessage === undefined || upstreamMessage.trim() === '') return fallback;
  // Masked before truncation, so a key cut at the limit is still recognised whole.
  const masked = maskSecrets(upstreamMessage);
  return masked.length > MAX_MESSAGE_LENGTH ? `${masked.slice(0, MAX_MESSAGE_LENGTH)}…` : masked;
}
