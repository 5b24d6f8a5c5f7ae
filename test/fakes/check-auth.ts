/**
 * Refuses a request the way the real provider would: OpenAI-style providers want
 * `Authorization: Bearer <key>`; Anthropic wants its key in `x-api-key` or, as the current official
 * SDK sends it, `Authorization: Bearer`, and always an `anthropic-version`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { anthropicErrorBody, openAiErrorBody } from './error-bodies.js';
import type { FakeKind } from './fake-types.js';

export interface Refusal {
  status: number;
  body: unknown;
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

/** The last four characters only, as providers do, so a refusal never echoes a whole key. */
function masked(key: string): string {
  return `****${key.slice(-4)}`;
}

function refuseAnthropic(headers: IncomingHttpHeaders, requiredApiKey: string | undefined, requestId: string): Refusal | undefined {
  const apiKey = headers['x-api-key'] ?? bearerToken(headers);
  if (requiredApiKey !== undefined) {
    if (typeof apiKey !== 'string' || apiKey === '') {
      return { status: 401, body: anthropicErrorBody('authentication_error', 'x-api-key header is required', requestId) };
    }
    if (apiKey !== requiredApiKey) {
      return { status: 401, body: anthropicErrorBody('authentication_error', 'invalid x-api-key', requestId) };
    }
  }
  if (typeof headers['anthropic-version'] !== 'string') {
    return { status: 400, body: anthropicErrorBody('invalid_request_error', 'anthropic-version: header is required', requestId) };
  }
  return undefined;
}

function refuseBearer(kind: FakeKind, headers: IncomingHttpHeaders, requiredApiKey: string): Refusal | undefined {
  const token = bearerToken(headers);
  if (token === requiredApiKey) return undefined;
  switch (kind) {
    case 'deepseek':
      return {
        status: 401,
        body: openAiErrorBody(`Authentication Fails, Your api key: ${masked(token ?? '')} is invalid`, 'authentication_error', 'invalid_request_error'),
      };
    case 'ollama':
      return { status: 401, body: { error: 'unauthorized' } };
    default:
      return {
        status: 401,
        body:
          token === undefined
            ? openAiErrorBody(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                'invalid_request_error',
                null,
              )
            : openAiErrorBody(`Incorrect API key provided: ${masked(token)}.`, 'invalid_request_error', 'invalid_api_key'),
      };
  }
}

/** Undefined when the request may pass; otherwise the status and body to refuse it with. */
export function checkAuth(
  kind: FakeKind,
  headers: IncomingHttpHeaders,
  requiredApiKey: string | undefined,
  requestId: string,
): Refusal | undefined {
  if (kind === 'anthropic') return refuseAnthropic(headers, requiredApiKey, requestId);
  if (requiredApiKey === undefined) return undefined;
  return refuseBearer(kind, headers, requiredApiKey);
}
