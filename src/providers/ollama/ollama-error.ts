import { kindForStatus, ProviderError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { parseRetryAfter } from '../transport.js';
import type { Transport, UpstreamResponse } from '../transport.js';
import { maskSecrets } from '../../security/secrets/mask-secrets.js';

/** Auth failures (a proxy in front of Ollama) get a fixed message that cannot echo a key. */
export const OLLAMA_AUTH_MESSAGE = 'upstream rejected the gateway credentials';

const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_LENGTH = 500;

/**
 * Reads a non-2xx answer (`{"error":"..."}`) into a typed error; the status decides the kind.
 * A model that was never pulled answers 404 and becomes `not_found` (`model_not_found` once the
 * chat call passes it through modelNotPulled), which routing does not retry.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#errors
 */
export async function readOllamaHttpError(transport: Transport, response: UpstreamResponse, provider: string): Promise<ProviderError> {
  const kind = kindForStatus(response.status);
  let upstreamMessage: string | undefined;
  try {
    const body = (await transport.readJson(response.body, MAX_ERROR_BODY_BYTES)) as { error?: unknown } | null;
    upstreamMessage = typeof body?.error === 'string' ? body.error : undefined;
  } catch {
    // A body that is not Ollama's error JSON leaves the status to speak.
  }
  const options: { provider: string; upstreamStatus: number; retryAfterMs?: number } = { provider, upstreamStatus: response.status };
  const retryAfterMs = parseRetryAfter(response.headers);
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  const fallback = kind === 'not_found' ? 'model not found on the Ollama server; pull it first' : `upstream answered HTTP ${response.status}`;
  return new ProviderError(kind, messageFor(kind, upstreamMessage, fallback), options);
}

/**
 * On `POST /api/chat` a 404 means the model was never pulled: `model_not_found`, which routing
 * neither retries nor counts against the target's health (the next target may have the model).
 */
export function modelNotPulled(error: ProviderError, model: string): ProviderError {
  if (error.kind !== 'not_found') return error;
  const options = { provider: error.provider, ...(error.upstreamStatus === undefined ? {} : { upstreamStatus: error.upstreamStatus }) };
  return new ProviderError('model_not_found', `${error.message} (Ollama model ${model}: run \`ollama pull ${model}\`)`, options);
}

/** An `{"error": "..."}` line inside a stream that had started well. */
export function ollamaStreamError(message: unknown, provider: string): ProviderError {
  return new ProviderError('unavailable', messageFor('unavailable', message, 'upstream reported an error mid-stream'), { provider });
}

function messageFor(kind: ProviderErrorKind, upstreamMessage: unknown, fallback: string): string {
  if (kind === 'auth') return OLLAMA_AUTH_MESSAGE;
  if (typeof upstreamMessage !== 'string' || upstreamMessage.trim() === '') return fallback;
  // Masked before truncation, so a key cut at the limit is still recognised whole.
  const masked = maskSecrets(upstreamMessage);
  return masked.length > MAX_MESSAGE_LENGTH ? `${masked.slice(0, MAX_MESSAGE_LENGTH)}…` : masked;
}
