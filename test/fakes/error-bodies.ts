/**
 * Each provider's documented error body, so the gateway's error mapping is tested against the
 * shapes it will meet in production.
 * - OpenAI: https://platform.openai.com/docs/guides/error-codes — `{"error":{"message","type","param","code"}}`
 * - DeepSeek: https://api-docs.deepseek.com/quick_start/error_codes — the OpenAI shape, its own messages
 * - Anthropic: https://docs.anthropic.com/en/api/errors — `{"type":"error","error":{"type","message"},"request_id"}`
 * - Ollama: https://github.com/ollama/ollama/blob/main/docs/api.md — `{"error":"message"}`
 * - local (ml-offload-api): OpenAI-compatible, so the OpenAI shape.
 */
import type { FakeKind } from './fake-types.js';

const openAiErrors: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to access this resource.', type: 'invalid_request_error', code: null },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  429: { message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};

const deepSeekMessages: Record<number, string> = {
  400: 'Invalid Format',
  401: 'Authentication Fails (no such user)',
  402: 'Insufficient Balance',
  422: 'Invalid Parameters',
  429: 'Rate Limit Reached',
  500: 'Server Error',
  503: 'Server Overloaded',
};

const anthropicTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function openAiErrorBody(message: string, type: string, code: string | null, param: string | null = null): unknown {
  return { error: { message, type, param, code } };
}

export function anthropicErrorBody(type: string, message: string, requestId: string): unknown {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

function anthropicDefaultMessage(type: string): string {
  if (type === 'overloaded_error') return 'Overloaded';
  if (type === 'rate_limit_error') return 'Number of request tokens has exceeded your per-minute rate limit';
  return type.replaceAll('_', ' ');
}

/** The body a provider sends with `status` when the test named no body. */
export function defaultErrorBody(kind: FakeKind, status: number, requestId: string): unknown {
  switch (kind) {
    case 'openai':
    case 'local': {
      const known = openAiErrors[status] ?? (status >= 500 ? openAiErrors[500] : openAiErrors[400]);
      return openAiErrorBody(known?.message ?? 'Error', known?.type ?? 'invalid_request_error', known?.code ?? null);
    }
    case 'deepseek': {
      const message = deepSeekMessages[status] ?? (status >= 500 ? 'Server Error' : 'Invalid Request');
      const type = status === 401 ? 'authentication_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
      return openAiErrorBody(message, type, 'invalid_request_error');
    }
    case 'anthropic': {
      const type = anthropicTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
      return anthropicErrorBody(type, anthropicDefaultMessage(type), requestId);
    }
    case 'ollama':
      return { error: status === 404 ? 'model not found, try pulling it first' : `request failed with status ${status}` };
    default: {
      const exhaustive: never = kind;
      throw new Error(`unknown fake kind ${String(exhaustive)}`);
    }
  }
}

/** The status a provider uses when it is overloaded (for `in_band_error` on a non-streaming request). */
export function overloadedStatus(kind: FakeKind): number {
  if (kind === 'anthropic') return 529;
  if (kind === 'deepseek' || kind === 'local') return 503;
  return 500;
}
