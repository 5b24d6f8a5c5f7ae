import type { ErrorCode, GatewayError } from '../../core/errors.js';

export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error';

export interface OpenAIErrorBody {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: ErrorCode };
}

/**
 * Every gateway error code as an OpenAI error `type`. A `Record` over `ErrorCode` makes a new
 * code a compile error here until it is placed. Upstream failures are the gateway's problem from
 * the client's point of view (its request was fine), hence `api_error`; an upstream that refused
 * the request as malformed is the client's, hence `invalid_request_error`.
 */
const TYPE_BY_CODE: Record<ErrorCode, OpenAIErrorType> = {
  invalid_json: 'invalid_request_error',
  invalid_request: 'invalid_request_error',
  method_not_allowed: 'invalid_request_error',
  payload_too_large: 'invalid_request_error',
  unsupported_media_type: 'invalid_request_error',
  unprocessable: 'invalid_request_error',
  budget_exceeded: 'rate_limit_error',
  request_too_expensive: 'invalid_request_error',
  request_timeout: 'invalid_request_error',
  request_header_fields_too_large: 'invalid_request_error',
  prompt_injection_detected: 'invalid_request_error',
  sensitive_data_blocked: 'invalid_request_error',
  upstream_forbidden_destination: 'api_error',
  audit_unavailable: 'api_error',
  local_only_unavailable: 'api_error',
  upstream_bad_request: 'invalid_request_error',
  unauthorized: 'authentication_error',
  client_certificate_required: 'authentication_error',
  client_certificate_unknown_ca: 'authentication_error',
  client_certificate_expired: 'authentication_error',
  client_certificate_revoked: 'authentication_error',
  client_certificate_wrong_usage: 'authentication_error',
  client_certificate_invalid: 'authentication_error',
  forbidden: 'permission_error',
  tenant_mismatch: 'permission_error',
  not_found: 'not_found_error',
  model_not_found: 'not_found_error',
  upstream_not_found: 'not_found_error',
  rate_limited: 'rate_limit_error',
  upstream_rate_limited: 'rate_limit_error',
  internal_error: 'api_error',
  upstream_error: 'api_error',
  upstream_auth: 'api_error',
  upstream_overloaded: 'api_error',
  upstream_unavailable: 'api_error',
  upstream_timeout: 'api_error',
  insufficient_resources: 'api_error',
  no_provider_available: 'api_error',
  circuit_open: 'api_error',
};

/**
 * A gateway error as OpenAI's error body; `code` is the gateway's stable code, so scripts can
 * branch on it without parsing messages.
 *
 * https://platform.openai.com/docs/guides/error-codes
 */
export function serializeOpenAIError(error: GatewayError): OpenAIErrorBody {
  return {
    error: { message: error.message, type: TYPE_BY_CODE[error.code], param: error.param ?? null, code: error.code },
  };
}
