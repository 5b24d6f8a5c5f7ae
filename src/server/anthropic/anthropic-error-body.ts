import type { ErrorCode, GatewayError } from '../../core/errors.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/**
 * Every gateway error code as an Anthropic error `type`. A `Record` over `ErrorCode` makes a new
 * code a compile error here until it is placed. "No capacity right now" (an overloaded upstream,
 * an open circuit, no local VRAM) is `overloaded_error`, which Anthropic's SDKs retry.
 *
 * https://docs.anthropic.com/en/api/errors
 */
const TYPE_BY_CODE: Record<ErrorCode, AnthropicErrorType> = {
  invalid_json: 'invalid_request_error',
  invalid_request: 'invalid_request_error',
  method_not_allowed: 'invalid_request_error',
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
  local_only_unavailable: 'overloaded_error',
  upstream_bad_request: 'invalid_request_error',
  payload_too_large: 'request_too_large',
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
  upstream_timeout: 'timeout_error',
  upstream_overloaded: 'overloaded_error',
  insufficient_resources: 'overloaded_error',
  no_provider_available: 'overloaded_error',
  circuit_open: 'overloaded_error',
  internal_error: 'api_error',
  upstream_error: 'api_error',
  upstream_auth: 'api_error',
  upstream_unavailable: 'api_error',
};

/** A gateway error as Anthropic's error body. */
export function serializeAnthropicError(error: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: TYPE_BY_CODE[error.code], message: error.message } };
}
