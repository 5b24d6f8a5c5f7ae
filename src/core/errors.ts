/**
 * One error type for the whole gateway. A stable `code` decides the HTTP status and whether a
 * retry may help; errors become HTTP bodies in exactly one place (src/server/error-response.ts).
 */

export const ERROR_CODES = {
  invalid_json: { status: 400, retryable: false },
  invalid_request: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  client_certificate_required: { status: 401, retryable: false },
  client_certificate_unknown_ca: { status: 401, retryable: false },
  client_certificate_expired: { status: 401, retryable: false },
  client_certificate_revoked: { status: 401, retryable: false },
  client_certificate_wrong_usage: { status: 401, retryable: false },
  client_certificate_invalid: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  tenant_mismatch: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  model_not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  unprocessable: { status: 422, retryable: false },
  prompt_injection_detected: { status: 422, retryable: false },
  sensitive_data_blocked: { status: 422, retryable: false },
  local_only_unavailable: { status: 503, retryable: false },
  audit_unavailable: { status: 503, retryable: false },
  rate_limited: { status: 429, retryable: true },
  budget_exceeded: { status: 429, retryable: false },
  /** The request's own estimate is more than a whole budget: waiting cannot help, so no 429. */
  request_too_expensive: { status: 402, retryable: false },
  request_timeout: { status: 408, retryable: false },
  request_header_fields_too_large: { status: 431, retryable: false },
  internal_error: { status: 500, retryable: false },
  upstream_error: { status: 502, retryable: true },
  upstream_auth: { status: 502, retryable: false },
  upstream_bad_request: { status: 400, retryable: false },
  upstream_rate_limited: { status: 429, retryable: true },
  upstream_overloaded: { status: 503, retryable: true },
  upstream_unavailable: { status: 502, retryable: true },
  upstream_timeout: { status: 504, retryable: true },
  upstream_not_found: { status: 404, retryable: false },
  upstream_forbidden_destination: { status: 502, retryable: false },
  insufficient_resources: { status: 503, retryable: false },
  no_provider_available: { status: 503, retryable: false },
  circuit_open: { status: 503, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Refusals by the gateway's own limits (rate limits, spending budgets). Each is tied to one
 * target's provider or price, so routing may admit the next target instead.
 */
export const LIMIT_REFUSAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate_limited', 'budget_exceeded', 'request_too_expensive']);

export interface GatewayErrorOptions {
  cause?: unknown;
  /** Parameter or field the error is about (OpenAI's `param`). */
  param?: string;
  /** How long the client should wait before retrying, when known. */
  retryAfterMs?: number;
  /** For 405: the methods the path accepts (the `Allow` header). */
  allow?: string;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param?: string;
  readonly retryAfterMs?: number;
  readonly allow?: string;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    if (options.param !== undefined) this.param = options.param;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.allow !== undefined) this.allow = options.allow;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }
}

/** What went wrong at a provider; routing decides on kinds, never on message strings. */
export type ProviderErrorKind =
  | 'auth'
  | 'rate_limited'
  | 'overloaded'
  | 'bad_request'
  | 'not_found'
  | 'timeout'
  | 'unavailable'
  | 'insufficient_resources'
  /** The upstream does not have the model (an Ollama model never pulled, a local model not served): the next target might. */
  | 'model_not_found'
  /** The egress policy refused where the upstream's name led: retrying cannot help, the next target might. */
  | 'forbidden_destination';

const KIND_TO_CODE: Record<ProviderErrorKind, ErrorCode> = {
  auth: 'upstream_auth',
  rate_limited: 'upstream_rate_limited',
  overloaded: 'upstream_overloaded',
  bad_request: 'upstream_bad_request',
  not_found: 'upstream_not_found',
  timeout: 'upstream_timeout',
  unavailable: 'upstream_unavailable',
  insufficient_resources: 'insufficient_resources',
  model_not_found: 'model_not_found',
  forbidden_destination: 'upstream_forbidden_destination',
};

export interface ProviderErrorOptions extends GatewayErrorOptions {
  provider: string;
  /** The upstream's HTTP status, when there was one. */
  upstreamStatus?: number;
}

export class ProviderError extends GatewayError {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly upstreamStatus?: number;

  constructor(kind: ProviderErrorKind, message: string, options: ProviderErrorOptions) {
    super(KIND_TO_CODE[kind], message, options);
    this.name = 'ProviderError';
    this.kind = kind;
    this.provider = options.provider;
    if (options.upstreamStatus !== undefined) this.upstreamStatus = options.upstreamStatus;
  }
}

/**
 * Maps an upstream HTTP status to an error kind. Retryable statuses are 408, 409, 429, 5xx and
 * Anthropic's 529 (overloaded).
 */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'unavailable';
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

/** Kinds worth another attempt at the same target. */
export function isRetryableKind(kind: ProviderErrorKind): boolean {
  return kind === 'rate_limited' || kind === 'overloaded' || kind === 'timeout' || kind === 'unavailable';
}
