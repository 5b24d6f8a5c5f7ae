import { kindForStatus, ProviderError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { parseRetryAfter } from '../transport.js';
import { maskSecrets } from '../../security/secrets/mask-secrets.js';
import { isRecord } from './openai-wire.js';

/**
 * Upstream auth messages can echo fragments of the key that was sent ("Incorrect API key provided:
 * sk-ab***yz"), so they are replaced by this fixed text and never reach clients or logs.
 */
export const UPSTREAM_AUTH_MESSAGE = 'upstream rejected the gateway credentials';

/** Upstream messages are passed on for diagnosis, but an upstream does not get to fill our logs. */
const MAX_MESSAGE_LENGTH = 500;

export interface UpstreamErrorResponse {
  provider: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The error body as text, possibly truncated or empty. */
  body: string;
}

/**
 * Turns a non-2xx answer into a typed error: kind from the status, `retryAfterMs` from
 * `retry-after-ms` / `retry-after`, message from the OpenAI error object `{error:{message}}`
 * (or the `{detail}` a FastAPI-based local server sends).
 * See https://platform.openai.com/docs/guides/error-codes and https://api-docs.deepseek.com/quick_start/error_codes
 */
export function openAIErrorFromResponse(response: UpstreamErrorResponse): ProviderError {
  const kind = kindForStatus(response.status);
  const retryAfterMs = parseRetryAfter(response.headers);
  const message =
    kind === 'auth' ? UPSTREAM_AUTH_MESSAGE : (upstreamMessage(parseLeniently(response.body)) ?? `upstream answered ${response.status}`);
  return new ProviderError(kind, message, {
    provider: response.provider,
    upstreamStatus: response.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/**
 * Turns an error object sent inside a 200 stream (`data: {"error":{...}}`) into a typed error.
 * There is no status, so the kind comes from the error's `type` or `code`.
 */
export function openAIInBandError(provider: string, error: unknown): ProviderError {
  const kind = isRecord(error) ? kindForErrorType(error.type, error.code) : 'unavailable';
  const message = kind === 'auth' ? UPSTREAM_AUTH_MESSAGE : (upstreamMessage({ error }) ?? 'upstream sent an error in the stream');
  return new ProviderError(kind, message, { provider });
}

function kindForErrorType(type: unknown, code: unknown): ProviderErrorKind {
  if (typeof code === 'number') return kindForStatus(code);
  const name = `${typeof type === 'string' ? type : ''} ${typeof code === 'string' ? code : ''}`;
  if (/auth|api_key|permission/i.test(name)) return 'auth';
  if (/rate_limit|quota/i.test(name)) return 'rate_limited';
  if (/overload/i.test(name)) return 'overloaded';
  if (/invalid_request/i.test(name)) return 'bad_request';
  return 'unavailable';
}

function parseLeniently(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function upstreamMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  const candidate = isRecord(error) ? error.message : (error ?? body.message ?? body.detail);
  if (typeof candidate !== 'string' || candidate.trim() === '') return undefined;
  // Masked before truncation, so a key cut at the limit is still recognised whole.
  const masked = maskSecrets(candidate);
  return masked.length > MAX_MESSAGE_LENGTH ? `${masked.slice(0, MAX_MESSAGE_LENGTH)}…` : masked;
}
